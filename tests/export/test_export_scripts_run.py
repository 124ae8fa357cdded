"""Generated scripts run in a fresh process: the functional and sequential ones build a model
whose config equals the app's, every style has the app's summary, and hostile scripts train,
evaluate and save without running anything injected."""

import json
from pathlib import Path

import pytest
from export_hostile import CANARY, hostile_chain, hostile_project, write_csv

from engine.export import generate_code, styles_for
from engine.project_io import load_project, save_project

PROJECTS = sorted((Path(__file__).resolve().parents[2] / "projects").glob("*.dendrite"))

# Runs in the fresh process: each script with --build-only --dump-config, and the app's own
# model of the same project, then prints what differs.
COMPARE = r"""
import contextlib, io, json, runpy, sys
import keras
from engine.compiler import build_model
from engine.project_io import load_project

def norm(value):
    return json.loads(json.dumps(value, default=list))

def rows(model):
    return [[l.name, type(l).__name__, [None if d is None else int(d) for d in l.output.shape],
             int(l.count_params())] for l in model.layers if type(l).__name__ != "InputLayer"]

found = []
for project_path, style, script in json.load(open("jobs.json")):
    keras.backend.clear_session()
    app = build_model(load_project(project_path).graph)
    keras.backend.clear_session()
    sys.argv = [script, "--build-only", "--dump-config", "dump.json"]
    with contextlib.redirect_stdout(io.StringIO()):
        runpy.run_path(script, run_name="__main__")
    dump = json.load(open("dump.json"))
    got_rows = [r for r in dump["summary"] if r[1] != "InputLayer"]
    if style == "functional":
        same_config = dump["config"] == norm(app.get_config())
    elif style == "sequential":
        same_config = ([(l["class_name"], l["config"]) for l in dump["config"]["layers"]]
                       == [(l["class_name"], l["config"]) for l in norm(app.get_config())["layers"]])
    else:
        same_config = None
    found.append([project_path, style, same_config, got_rows == rows(app)])
print(json.dumps(found))
"""

TRAIN = r"""
import contextlib, io, json, os, runpy, sys
results = []
for script in json.load(open("train_jobs.json")):
    saved = script + ".keras"
    sys.argv = [script, "--epochs", "1", "--save", saved]
    with contextlib.redirect_stdout(io.StringIO()) as out:
        runpy.run_path(script, run_name="__main__")
    results.append([script, os.path.exists(saved), "model saved to" in out.getvalue()])
print(json.dumps(results))
"""


@pytest.mark.slow
def test_example_scripts_rebuild_the_apps_model(tmp_path, fresh):
    jobs = []
    for path in PROJECTS:
        project = load_project(path)
        for style in styles_for(project):
            script = tmp_path / f"{path.stem}_{style}.py"
            script.write_text(generate_code(project, style), encoding="utf-8")
            jobs.append([str(path), style, str(script)])
    (tmp_path / "jobs.json").write_text(json.dumps(jobs))
    found = fresh(COMPARE, tmp_path)
    assert len(found) == len(jobs)
    for project_path, style, same_config, same_summary in found:
        assert same_summary, (project_path, style)
        if style != "subclassing":
            assert same_config, (project_path, style)


@pytest.mark.slow
def test_hostile_and_example_scripts_train_evaluate_and_save_and_nothing_else(tmp_path, fresh):
    csv = write_csv(tmp_path)
    scripts = []
    for project in (hostile_project(csv), hostile_chain(csv),
                    load_project(PROJECTS[0].with_name("xor.dendrite"))):
        for style in styles_for(project):
            script = tmp_path / f"train_{len(scripts)}_{style}.py"
            script.write_text(generate_code(project, style), encoding="utf-8")
            scripts.append(str(script))
    # the hostile project is a real project too: it saves and loads as data
    save_project(hostile_project(csv), tmp_path / "hostile.dendrite")
    assert load_project(tmp_path / "hostile.dendrite").name == hostile_project(csv).name
    (tmp_path / "train_jobs.json").write_text(json.dumps(scripts))
    results = fresh(TRAIN, tmp_path)
    assert [r[0] for r in results] == scripts
    assert all(saved and said for _, saved, said in results)
    assert not list(tmp_path.rglob(CANARY)) and not list(Path.cwd().glob(CANARY))

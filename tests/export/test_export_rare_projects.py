"""Every project that trains in the app exports a functional script that builds the same
model: KerasLayer configs with nested objects and odd keys, rare training options (early
stopping, checkpoint, balanced class weights, Nesterov momentum) and hostile names, each
script run with --build-only in a fresh process and its config compared with the app's."""

import json

import pytest
from export_hostile import hostile_chain, hostile_project, rare_projects, write_csv
from test_export_scripts_run import COMPARE

from engine.export import generate_code
from engine.project_analysis import analyse_project
from engine.project_io import save_project


@pytest.mark.slow
def test_rare_projects_export_scripts_that_build_the_apps_model(tmp_path, fresh):
    csv = write_csv(tmp_path)
    jobs = []
    for i, project in enumerate(rare_projects(csv) + [hostile_project(csv),
                                                       hostile_chain(csv)]):
        assert analyse_project(project).ok, [p.describe() for p in
                                             analyse_project(project).errors]
        path = tmp_path / f"p{i}.dendrite"
        save_project(project, path)
        script = tmp_path / f"p{i}_functional.py"
        script.write_text(generate_code(project, "functional"), encoding="utf-8")
        jobs.append([str(path), "functional", str(script)])
    (tmp_path / "jobs.json").write_text(json.dumps(jobs))
    found = fresh(COMPARE, tmp_path)
    assert [f[0] for f in found] == [j[0] for j in jobs]
    for project_path, _, same_config, same_summary in found:
        assert same_config and same_summary, project_path

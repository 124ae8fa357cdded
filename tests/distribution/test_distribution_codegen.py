"""Exported scripts take --strategy (and multi_host's flags); the strategy is read before
Keras is imported; a hostile project stays data."""

import ast
import contextlib
import io
import runpy
import subprocess
import sys

import pytest

from engine.export import generate_code
from engine.project_io import load_project
from engine.training.settings import SettingsError
from tests.conftest import PROJECTS
from tests.export.export_hostile import CANARY, hostile_project, write_csv

RUFF = ["--isolated", "--select", "E,F,W,I,B,UP,SIM", "--ignore", "E501",
        "--line-length", "100"]


def _help(script, monkeypatch) -> str:
    monkeypatch.setattr(sys, "argv", [str(script), "--help"])
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as ended:
        runpy.run_path(str(script), run_name="__main__")
    assert ended.value.code == 0
    return out.getvalue()


def test_help_lists_the_strategy_flags(tmp_path, monkeypatch):
    project = load_project(PROJECTS / "xor.dendrite")
    project.training = {**project.training, "distribution": "mirrored"}
    script = tmp_path / "model.py"
    script.write_text(generate_code(project), encoding="utf-8")
    text = _help(script, monkeypatch)
    assert "--strategy {none,mirrored,multi_host}" in text
    for flag in ("--coordinator HOST:PORT", "--num-processes N", "--process-id I"):
        assert flag in text
    assert "(default: mirrored)" in " ".join(text.split())


def test_a_one_device_project_gets_no_strategy_code_unless_asked():
    project = load_project(PROJECTS / "xor.dendrite")
    assert "--strategy" not in generate_code(project)
    assert "noqa: E402" not in generate_code(project)
    assert "--strategy" in generate_code(project, distribution=True)


def test_the_backend_is_chosen_before_keras_is_imported():
    code = generate_code(load_project(PROJECTS / "xor.dendrite"), distribution=True)
    lines = code.splitlines()
    chosen = lines.index("    os.environ['KERAS_BACKEND'] = 'jax'")
    assert chosen < lines.index("import keras  # noqa: E402")
    assert "jax.distributed.initialize(" in code
    assert "keras.distribution.DataParallel()" in code
    assert "'jax_cpu_collectives_implementation', 'gloo'" in code


def test_a_hostile_project_with_a_strategy_stays_data(tmp_path):
    project = hostile_project(write_csv(tmp_path))
    project.training = {**project.training, "distribution": "multi_host"}
    code = generate_code(project)
    tree = ast.parse(code)
    strings = [n.value for n in ast.walk(tree)
               if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert project.name in strings
    calls = {n.func.id for n in ast.walk(tree)
             if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert "__import__" not in calls and "eval" not in calls
    assert "DEFAULT_STRATEGY = 'multi_host'" in code
    (tmp_path / "hostile.py").write_text(code, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "ruff", "check", *RUFF,
                           str(tmp_path / "hostile.py")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    assert not list(tmp_path.rglob(CANARY))


def test_a_strategy_that_is_not_one_of_ours_is_never_written_into_code():
    project = load_project(PROJECTS / "xor.dendrite")
    project.training = {**project.training,
                        "distribution": "none'\n__import__('os').system('touch x')#"}
    with pytest.raises(SettingsError, match="training.distribution"):
        generate_code(project)


def test_chosen_devices_become_the_scripts_default_and_stay_data(tmp_path, monkeypatch):
    project = load_project(PROJECTS / "xor.dendrite")
    hostile = "/gpu:0'); open('pwned', 'w'); ('"
    project.training = {**project.training,
                        "distribution": {"strategy": "mirrored", "devices": ["/gpu:1", hostile]}}
    code = generate_code(project)
    tree = ast.parse(code)
    default = next(n for n in ast.walk(tree) if isinstance(n, ast.Assign)
                   and getattr(n.targets[0], "id", "") == "DEFAULT_DEVICES")
    assert ast.literal_eval(default.value) == ["/gpu:1", hostile]
    assert "MirroredStrategy(devices=args.devices or None)" in code
    script = tmp_path / "model.py"
    script.write_text(code, encoding="utf-8")
    assert "--devices DEVICE [DEVICE ...]" in _help(script, monkeypatch)

"""Projects that try to run code: a KerasLayer naming TFSMLayer (which would load a
SavedModel from disk whose resource initializer writes a marker file), a Dense whose activation is a lambda's bytecode or builtins.exec.
`check` names the node, `export` and `train` refuse with that message and no traceback,
and the build refuses again if validation is bypassed; the marker file never appears."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.catalogue import LayerCall
from engine.compiler import CodeRefused, make_layer
from engine.project_io import load_project
from engine.validation import analyse
from tests.hostile.hostile_files import (
    MARKER,
    marker_bytecode,
    marker_savedmodel,
    project_doc,
    run_tensorflow,
)


def _hostile(folder: Path, savedmodel: Path | None = None) -> dict[str, dict]:
    if savedmodel is None:
        savedmodel = folder / "savedmodel"
        savedmodel.mkdir(exist_ok=True)
    lam = {"value": [marker_bytecode(folder), None, None]}
    return {
        "tfsm": {"type": "KerasLayer", "params": {
            "class_name": "TFSMLayer", "output_shape": [2],
            "config": {"filepath": str(savedmodel), "call_endpoint": "serve"}}},
        "lambda": {"type": "KerasLayer", "params": {
            "class_name": "Dense", "output_shape": [2],
            "config": {"units": 2, "activation": lam}}},
        "exec": {"type": "KerasLayer", "params": {
            "class_name": "Dense", "output_shape": [2],
            "config": {"units": 2, "activation": "builtins.exec"}}},
        "exec_function": {"type": "KerasLayer", "params": {
            "class_name": "Dense", "output_shape": [2],
            "config": {"units": 2, "activation": {
                "module": "builtins", "class_name": "function", "config": "exec",
                "registered_name": "function"}}}},
        "custom": {"type": "KerasLayer", "params": {
            "class_name": "MyLayer", "output_shape": [2], "config": {}}},
        "catalogue_lambda": {"type": "Dense", "params": {"units": 2, "activation": lam}},
    }


def _write(folder: Path, name: str, hidden: dict) -> Path:
    path = folder / f"{name}.dendrite"
    path.write_text(json.dumps(project_doc(hidden)), encoding="utf-8")
    return path


def test_check_names_the_node_for_each_project_that_runs_code(tmp_path):
    for name, hidden in _hostile(tmp_path).items():
        project = load_project(_write(tmp_path, name, hidden))
        errors = [p for p in analyse(project.graph).errors if p.node_id == "n2"]
        assert errors, name
    assert not (tmp_path / MARKER).exists()


COMMANDS = r"""
import contextlib, io, json, sys
from main import main

found = []
for args in json.loads(sys.argv[1]):
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(args)
    found.append([code, err.getvalue()])
print(json.dumps(found))
"""


def test_export_and_train_refuse_without_a_traceback_and_nothing_runs(tmp_path):
    hostile = _hostile(tmp_path, marker_savedmodel(tmp_path))
    jobs = []
    for name in ("tfsm", "lambda", "exec"):
        path = _write(tmp_path, name, hostile[name])
        jobs += [["export", str(path), "--to", str(tmp_path / f"{name}.keras")],
                 ["train", str(path), "--epochs", "1"]]
    # in another process: TensorFlow's objects from these commands never reach this one's
    found = json.loads(run_tensorflow(COMMANDS, json.dumps(jobs)).splitlines()[-1])
    for args, (code, err) in zip(jobs, found, strict=True):
        assert code != 0, args
        assert "ERROR" in err and "(h)" in err and "Traceback" not in err, err
    assert not list(tmp_path.glob("*.keras"))
    assert not (tmp_path / MARKER).exists()
    # the control: loading that SavedModel does write the marker
    run_tensorflow("import sys, tensorflow as tf; tf.saved_model.load(sys.argv[1])",
                   str(tmp_path / "savedmodel"))
    assert (tmp_path / MARKER).exists()


@pytest.mark.parametrize("name", ["tfsm", "lambda", "exec", "exec_function", "custom"])
def test_the_build_refuses_again_when_validation_is_bypassed(tmp_path, name):
    params = _hostile(tmp_path)[name]["params"]
    call = LayerCall(params["class_name"], (), dict(params["config"], name="h"))
    with pytest.raises(CodeRefused, match="'h'.*never runs code"):
        make_layer(call)
    assert not (tmp_path / MARKER).exists()


def test_the_catalogue_and_the_import_list_agree():
    """Every layer class a catalogue kind builds is on the list of what may be built."""
    from engine.catalogue import KINDS
    from engine.safe_config import SAFE_LAYERS

    for kind in KINDS.values():
        for class_name in kind.keras_classes:
            assert class_name in SAFE_LAYERS | {"Input"}, (kind.type, class_name)

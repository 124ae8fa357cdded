"""Model files made to hurt: every one is refused with a message naming the file and the
reason, before Keras reads it, and nothing in it runs (a marker file proves it)."""

from __future__ import annotations

import json
import zipfile
from argparse import Namespace
from pathlib import Path

import numpy as np
import pytest

from engine.commands import import_model as import_command
from engine.importer import ImportRefused, file_checks, import_model
from engine.importer.safety import refuse_code
from tests.hostile.hostile_files import (
    MARKER,
    dense_layer,
    h5_file,
    input_layer,
    keras_file,
    marker_bytecode,
    nested_text,
)


def _refused(path, *words):
    with pytest.raises(ImportRefused) as caught:
        import_model(path)
    message = str(caught.value)
    assert path.name in message, message
    for word in words:
        assert word in message, message
    assert "Traceback" not in message
    return message


def test_a_config_nested_5000_deep_is_refused_with_the_limit(tmp_path):
    path = tmp_path / "deep.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", nested_text(5000))
    _refused(path, "nests 5,001 levels deep", f"limit of {file_checks.MAX_DEPTH}")
    h5 = h5_file(tmp_path / "deep.h5", nested_text(5000))
    _refused(h5, "nests", "limit")


def test_the_import_command_says_error_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "deep.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", nested_text(5000))
    target = tmp_path / "out.dendrite"
    assert import_command.run(Namespace(model=str(path), to=str(target))) == 2
    err = capsys.readouterr().err
    assert err.startswith("ERROR deep.keras") and "Traceback" not in err
    assert not target.exists()


def test_an_h5_whose_model_config_is_not_json_is_refused(tmp_path):
    path = h5_file(tmp_path / "garbled.h5", "{not json at all")
    _refused(path, "model_config is not JSON")
    _refused(h5_file(tmp_path / "bytes.h5", np.void(b"\xff\xfe")), "not text")


def test_a_custom_layer_in_an_h5_is_refused_in_dendrites_words(tmp_path):
    config = {"class_name": "Functional", "config": {"name": "m", "layers": [
        {"class_name": "InputLayer", "name": "x", "config": {"batch_shape": [None, 3]},
         "inbound_nodes": []},
        {"class_name": "MyFancyLayer", "name": "fancy", "config": {"name": "fancy"},
         "inbound_nodes": [[["x", 0, 0, {}]]]}]}}
    message = _refused(h5_file(tmp_path / "custom.h5", json.dumps(config)), "MyFancyLayer",
                       "custom class")
    assert "custom_object_scope" not in message


def test_a_lambda_activation_is_named_as_a_lambda_and_never_runs(tmp_path):
    lam = {"value": [marker_bytecode(tmp_path), None, None]}
    path = keras_file(tmp_path / "lam.keras", [input_layer(), dense_layer("y", lam)])
    _refused(path, "layers[1].config.activation is a Python lambda", "safe mode")
    registered = {"class_name": "__lambda__", "config": {"code": marker_bytecode(tmp_path)}}
    path = keras_file(tmp_path / "lam2.keras", [input_layer(), dense_layer("y", registered)])
    _refused(path, "lambda")
    exec_fn = {"module": "builtins", "class_name": "function", "config": "exec",
               "registered_name": "function"}
    path = keras_file(tmp_path / "exec.keras", [input_layer(), dense_layer("y", exec_fn)])
    _refused(path, "'exec'")
    _refused(keras_file(tmp_path / "s.keras", [input_layer(), dense_layer("y", "exec")]),
             "'exec', which is not a Keras activation")
    assert not (tmp_path / MARKER).exists()


@pytest.mark.parametrize("layer_class", ["TFSMLayer", "TorchModuleWrapper", "JaxLayer"])
def test_layers_that_load_outside_code_are_refused(tmp_path, layer_class):
    layer = dense_layer("y", "relu")
    layer["class_name"] = layer_class
    path = keras_file(tmp_path / "outside.keras", [input_layer(), layer])
    _refused(path, layer_class, "code from outside")


def test_the_books_loss_function_is_not_refused():
    """compile(loss=keras.losses.mean_squared_error) is saved as a 'builtins' function."""
    compiled = {"loss": {"module": "builtins", "class_name": "function",
                         "config": "mean_squared_error", "registered_name": "function"},
                "metrics": [{"module": "keras.metrics", "class_name": "RootMeanSquaredError",
                             "config": {"name": "rmse"}}, "mae"],
                "optimizer": {"module": "keras.optimizers", "class_name": "SGD",
                              "config": {"momentum": 0.9, "nesterov": True}}}
    refuse_code(compiled, Path("book.keras"))  # nothing raised
    compiled["loss"]["config"] = "system"
    with pytest.raises(ImportRefused, match="'system'"):
        refuse_code(compiled, Path("book.keras"))


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path):
    path = tmp_path / "bomb.keras"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("config.json", "{}")
        archive.writestr("model.weights.h5", bytes(16 * file_checks.MIB))
    _refused(path, "zip bomb", "model.weights.h5")


def test_declared_sizes_over_the_limit_are_refused(tmp_path, monkeypatch):
    path = keras_file(tmp_path / "big.keras", [input_layer()],
                      members={"model.weights.h5": b"w" * 4096})
    monkeypatch.setattr(file_checks, "MAX_UNPACKED_BYTES", 2048)
    _refused(path, "unpacks to", "over the limit")
    monkeypatch.setattr(file_checks, "MAX_UNPACKED_BYTES", 1 << 40)
    monkeypatch.setattr(file_checks, "MAX_CONFIG_BYTES", 64)
    _refused(path, "config.json is over the limit")
    monkeypatch.setattr(file_checks, "MAX_FILE_BYTES", 16)
    _refused(path, "over the limit", "for a model file")


@pytest.mark.parametrize("member", ["../escape.txt", "/etc/evil", "assets/../../x",
                                    "C:/evil", "dir\\..\\x"])
def test_path_traversal_members_are_refused(tmp_path, member):
    path = keras_file(tmp_path / "climb.keras", [input_layer()], members={member: b"x"})
    _refused(path, "outside the archive")
    assert not (tmp_path.parent / "escape.txt").exists()


def test_members_keras_never_writes_are_refused(tmp_path):
    path = keras_file(tmp_path / "odd.keras", [input_layer()],
                      members={"payload.py": b"import os"})
    _refused(path, "'payload.py'", "Keras does not write")


def test_files_that_are_no_archive_or_empty_are_refused(tmp_path):
    for name, data in (("empty.keras", b""), ("text.keras", b"hello"),
                       ("half.keras", b"PK\x03\x04" + bytes(40))):
        (tmp_path / name).write_bytes(data)
        _refused(tmp_path / name, "not a readable .keras file")
    for name, data in (("empty.h5", b""), ("text.h5", b"hello")):
        (tmp_path / name).write_bytes(data)
        _refused(tmp_path / name, "not a readable HDF5")

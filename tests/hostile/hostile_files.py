"""Hostile model files and projects, written byte by byte (no Keras needed): configs that
nest deep, archives that bomb or climb out, lambdas whose bytecode would write a marker file
if it ever ran."""

from __future__ import annotations

import codecs
import json
import marshal
import zipfile
from pathlib import Path

MARKER = "HOSTILE_RAN"


def keras_file(path: Path, layers: list, extra: dict | None = None,
               members: dict | None = None) -> Path:
    """A .keras archive holding a Functional config with `layers` (and other members)."""
    doc = {"class_name": "Functional", "module": "keras", "config": {
        "name": "m", "layers": layers, "input_layers": [["x", 0, 0]],
        "output_layers": [["y", 0, 0]]}, **(extra or {})}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", json.dumps(doc))
        archive.writestr("metadata.json", "{}")
        for name, data in (members or {}).items():
            archive.writestr(name, data)
    return path


def h5_file(path: Path, model_config) -> Path:
    import h5py

    with h5py.File(path, "w") as handle:
        handle.attrs["model_config"] = model_config
    return path


def nested_text(depth: int) -> str:
    return '{"class_name": "Functional", "config": ' + "[" * depth + "]" * depth + "}"


def marker_bytecode(folder: Path) -> str:
    """A lambda's bytecode as Keras stores it (base64 of marshal): running it writes the
    marker file in `folder`."""
    target = str(folder / MARKER)

    def writes_marker(x):
        with open(target, "w") as handle:
            handle.write("ran")
        return x

    return codecs.encode(marshal.dumps(writes_marker.__code__), "base64").decode("ascii")


def input_layer(name="x", width=3) -> dict:
    return {"module": "keras.layers", "class_name": "InputLayer", "name": name,
            "config": {"batch_shape": [None, width], "dtype": "float32", "name": name},
            "inbound_nodes": []}


def dense_layer(name: str, activation, source="x") -> dict:
    tensor = {"class_name": "__keras_tensor__", "config": {
        "shape": [None, 3], "dtype": "float32", "keras_history": [source, 0, 0]}}
    return {"module": "keras.layers", "class_name": "Dense", "name": name,
            "config": {"name": name, "units": 2, "activation": activation},
            "inbound_nodes": [{"args": [tensor], "kwargs": {}}]}


def project_doc(hidden: dict) -> dict:
    """A project Input(4) -> `hidden` node -> Output on synthetic regression data."""
    return {"format": "dendrite-project", "version": 1, "name": "hostile", "graph": {
        "nodes": [
            {"id": "n1", "type": "Input", "name": "x", "params": {"shape": [4]}},
            {"id": "n2", "name": "h", **hidden},
            {"id": "n3", "type": "Output", "name": "y",
             "params": {"units": 1, "activation": "linear", "loss": "mse"}}],
        "edges": [{"source": "n1", "target": "n2", "target_port": 0},
                  {"source": "n2", "target": "n3", "target_port": 0}]},
        "data": {"dataset": {"source": "synthetic", "name": "regression", "samples": 32}},
        "training": {"epochs": 1, "batch_size": 8}}


SAVEDMODEL = """
import sys
import tensorflow as tf

folder, marker = sys.argv[1], sys.argv[2]


class WritesMarker(tf.saved_model.experimental.TrackableResource):
    def _create_resource(self):
        return tf.raw_ops.VarHandleOp(dtype=tf.float32, shape=[], shared_name="")

    def _initialize(self):
        tf.io.write_file(marker, "ran")


class Served(tf.Module):
    def __init__(self):
        super().__init__()
        self.resource = WritesMarker()

    @tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])
    def serve(self, x):
        return x[:, :2]


module = Served()
tf.saved_model.save(module, folder, signatures={"serve": module.serve})
"""


def run_tensorflow(code: str, *args: str) -> str:
    """Runs TensorFlow code in another process (its objects never reach the test's) from the
    repository root; returns what it printed."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=600, cwd=root, env=dict(
                              os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1",
                              PYTHONPATH=str(root)))
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def marker_savedmodel(folder: Path) -> Path:
    """A SavedModel whose resource initializer writes the marker file in `folder` when it is
    loaded (as TFSMLayer would load it); its `serve` takes (batch, 4) and gives (batch, 2)."""
    path = folder / "savedmodel"
    run_tensorflow(SAVEDMODEL, str(path), str(folder / MARKER))
    return path

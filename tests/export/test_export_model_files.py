"""Model files: .h5, .keras and SavedModel load back in a fresh process with a plain
`load_model(path)` (compiled: every loss and metric Dendrite offers survives) and predict the
same numbers; an example project saved as .h5 imports back as the same graph."""

import json
from pathlib import Path

import numpy as np
import pytest

from engine.export import export_model, save_model
from engine.export.model_files import build_export_model
from engine.graph import Graph
from engine.importer import import_model
from engine.params import LOSSES, METRICS
from engine.project import Project
from engine.project_io import load_project

PROJECTS = sorted((Path(__file__).resolve().parents[2] / "projects").glob("*.dendrite"))

OUTPUTS = {  # loss: (units, activation, metrics)
    "mse": (1, "linear", ["mse", "mae"]),
    "mae": (1, "linear", ["rmse", "mape"]),
    "huber": (1, "linear", ["mse"]),
    "binary_crossentropy": (1, "sigmoid", ["accuracy", "binary_accuracy", "auc",
                                           "precision", "recall"]),
    "categorical_crossentropy": (3, "softmax", ["categorical_accuracy", "accuracy"]),
    "sparse_categorical_crossentropy": (3, "softmax", ["sparse_categorical_accuracy",
                                                       "accuracy"]),
}

LOAD_BACK = r"""
import json
import numpy as np
import keras
import tensorflow as tf

x = np.load("x.npy")
y = {k: np.load(f"y_{k}.npy") for k in json.load(open("outputs.json"))}
found = {}
for name in ("model.h5", "model.keras"):
    model = keras.models.load_model(name)
    pred = model.predict(x, verbose=0)
    pred = pred if isinstance(pred, dict) else dict(zip(model.output_names, pred))
    figures = model.evaluate(x, y, verbose=0, return_dict=True)
    found[name] = {"pred": {k: np.asarray(v).tolist() for k, v in pred.items()},
                   "figures": sorted(figures), "compiled": model.optimizer is not None}
served = tf.saved_model.load("saved")
out = served.serve([tf.constant(x)])  # the model takes a list of inputs
out = out if isinstance(out, dict) else dict(zip(json.load(open("outputs.json")), out))
found["saved"] = {"pred": {k: np.asarray(v).tolist() for k, v in out.items()}}
layer = keras.layers.TFSMLayer("saved", call_endpoint="serve")
found["tfsm_rows"] = int(np.asarray(keras.tree.flatten(layer([x]))[0]).shape[0])
print(json.dumps(found))
"""


def every_loss_project() -> Project:
    graph = Graph()
    x = graph.add_node("Input", {"shape": [4]}, "features").id
    hidden = graph.add_node("Dense", {"units": 5, "activation": "relu"}, "hidden").id
    graph.connect(x, hidden, 0)
    for loss, (units, activation, metrics) in OUTPUTS.items():
        out = graph.add_node("Output", {"units": units, "activation": activation,
                                        "loss": loss, "metrics": metrics,
                                        "loss_weight": 0.5}, f"out_{loss}").id
        graph.connect(hidden, out, 0)
    return Project("every loss", graph, None,
                   {"optimizer": {"name": "adam", "learning_rate": 0.01}})


def test_the_test_covers_every_loss_and_metric_offered():
    assert set(OUTPUTS) == set(LOSSES)
    assert {m for _, _, ms in OUTPUTS.values() for m in ms} == set(METRICS)


@pytest.mark.slow
def test_every_format_loads_back_compiled_in_a_fresh_process(tmp_path, fresh):
    project = every_loss_project()
    model, _, compiled = build_export_model(project)
    assert compiled
    rng = np.random.default_rng(0)
    x = rng.normal(size=(6, 4)).astype(np.float32)
    np.save(tmp_path / "x.npy", x)
    names = [f"out_{loss}" for loss in OUTPUTS]
    (tmp_path / "outputs.json").write_text(json.dumps(names))
    labels = {"binary_crossentropy": rng.integers(0, 2, (6, 1)).astype(np.float32),
              "categorical_crossentropy": np.eye(3, dtype=np.float32)[rng.integers(0, 3, 6)],
              "sparse_categorical_crossentropy": rng.integers(0, 3, 6)}
    for loss in OUTPUTS:
        np.save(tmp_path / f"y_out_{loss}.npy",
                labels.get(loss, rng.normal(size=(6, 1)).astype(np.float32)))
    # weights of a model in hand go in unchanged (as after training)
    report = export_model(project, tmp_path / "model.keras", model=model)
    assert report.compiled and report.format == "keras"
    save_model(model, tmp_path / "model.h5")
    save_model(model, tmp_path / "saved")
    expected = dict(zip(model.output_names, model.predict(x, verbose=0), strict=True))
    found = fresh(LOAD_BACK, tmp_path)
    for key in ("model.h5", "model.keras", "saved"):
        for name in names:
            assert np.allclose(found[key]["pred"][name], expected[name], atol=1e-6), (key, name)
    for key in ("model.h5", "model.keras"):
        assert found[key]["compiled"]
        for name in names:
            assert f"{name}_loss" in found[key]["figures"], (key, name)
    assert found["tfsm_rows"] == 6


def _graph_by_name(graph):
    nodes = {}
    for node in graph.nodes:
        params = node.kind.resolved(node.params)
        params.pop("loss_weight", None) if params.get("loss") is None else None
        nodes[node.name] = (node.type, {k: list(v) if isinstance(v, tuple) else v
                                        for k, v in params.items()})
    edges = sorted((graph.node(e.source).name, graph.node(e.target).name, e.target_port)
                   for e in graph.edges)
    return nodes, edges


@pytest.mark.slow
def test_every_example_saved_as_h5_imports_back_as_the_same_graph(tmp_path):
    for path in PROJECTS:
        project = load_project(path)
        # the model only: the raw-data form adds its scaling layer to the graph
        export_model(project, tmp_path / f"{path.stem}.h5", form="scaled")
        imported = import_model(tmp_path / f"{path.stem}.h5").project
        assert _graph_by_name(imported.graph) == _graph_by_name(project.graph), path.name
        optimizer = imported.training["optimizer"]
        assert optimizer["name"] == project.training["optimizer"]["name"]
        assert optimizer["learning_rate"] == project.training["optimizer"]["learning_rate"]

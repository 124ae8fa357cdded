"""Importing real Keras models: the peer test with keras.applications (import, export,
same config and weights bit for bit), a Sequential convnet with layers the catalogue lacks,
weights carried through the CLI, and a Lambda that never runs."""

import json
from argparse import Namespace

import numpy as np
import pytest

from engine.commands import export as export_command
from engine.commands import import_model as import_command
from engine.export import export_model, generate_code
from engine.importer import ImportRefused, import_model
from engine.project_io import load_project
from engine.validation import analyse

pytestmark = pytest.mark.slow

APPLICATIONS = ("MobileNetV2", "ResNet50", "DenseNet121", "EfficientNetB0")


def _keras():
    from engine.keras_setup import keras

    return keras()


def _config(model):
    return json.loads(json.dumps(model.get_config(), default=list))


def _same_weights(a, b) -> bool:
    wa, wb = a.get_weights(), b.get_weights()
    return len(wa) == len(wb) and all(np.array_equal(x, y) for x, y in zip(wa, wb, strict=True))


def test_peer_applications_round_trip_bit_for_bit(tmp_path):
    keras = _keras()
    for name in APPLICATIONS:
        keras.backend.clear_session()
        original = getattr(keras.applications, name)(weights=None, input_shape=(32, 32, 3),
                                                      classes=3)
        # weights that differ from any fresh initialisation
        original.set_weights([w + np.float32(0.001) * i
                              for i, w in enumerate(original.get_weights())])
        source = tmp_path / f"{name}.keras"
        original.save(source)
        result = import_model(source)
        analysis = analyse(result.project.graph)
        assert analysis.ok, (name, [p.describe() for p in analysis.errors][:3])
        assert len(result.project.graph.nodes) == len(original.layers)
        back = tmp_path / f"{name}_back.keras"
        export_model(result.project, back, model=result.model)
        loaded = keras.models.load_model(back)
        assert _config(loaded) == _config(keras.models.load_model(source)), name
        assert _same_weights(loaded, original), name


def test_a_sequential_convnet_imports_as_editable_nodes_and_back_as_code(tmp_path, fresh):
    keras = _keras()
    keras.backend.clear_session()
    model = keras.Sequential([
        keras.Input((12, 12, 1), name="image"),
        keras.layers.Conv2D(4, 3, activation="relu", name="conv"),
        keras.layers.MaxPooling2D(name="pool"),
        keras.layers.Flatten(name="flatten"),
        keras.layers.Dropout(0.25, name="drop"),
        keras.layers.GaussianDropout(0.1, name="noise"),
        keras.layers.Dense(3, activation="softmax", name="probabilities")], name="convnet")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.save(tmp_path / "convnet.keras")
    project = import_model(tmp_path / "convnet.keras").project
    nodes = {n.name: n for n in project.graph.nodes}
    assert [nodes[k].type for k in ("image", "conv", "pool", "flatten", "drop", "noise",
                                    "probabilities")] == [
        "Input", "Conv2D", "MaxPooling2D", "Flatten", "Dropout", "KerasLayer", "Output"]
    assert nodes["noise"].params["class_name"] == "GaussianDropout"  # the catalogue lacks it
    assert nodes["noise"].params["output_shape"] == [100]
    assert analyse(project.graph).inferred[nodes["conv"].id].trainable == 40
    assert nodes["probabilities"].params["loss"] == "sparse_categorical_crossentropy"
    assert nodes["probabilities"].params["metrics"] == ["accuracy"]
    analysis = analyse(project.graph)
    assert analysis.ok and analysis.shape(nodes["pool"].id) == (5, 5, 4)
    assert len({n.position for n in project.graph.nodes}) == len(project.graph.nodes)
    script = tmp_path / "convnet.py"
    script.write_text(generate_code(project, "sequential"), encoding="utf-8")
    dump = fresh("import runpy, sys, json\nsys.argv = ['s', '--build-only', '--dump-config', "
                 "'d.json']\nrunpy.run_path('convnet.py', run_name='__main__')\n"
                 "print(json.dumps(json.load(open('d.json'))))", tmp_path)
    original = _config(model)
    assert [layer["config"] for layer in dump["config"]["layers"]] == [
        layer["config"] for layer in original["layers"]]


def test_cli_import_keeps_the_weights_for_export(tmp_path, capsys):
    keras = _keras()
    keras.backend.clear_session()
    inputs = keras.Input((3,), name="x")
    hidden = keras.layers.Dense(5, activation="relu", name="hidden")(inputs)
    outputs = keras.layers.Dense(1, name="y")(keras.layers.LayerNormalization(name="ln")(hidden))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mae")
    model.save(tmp_path / "m.h5")
    project_path = tmp_path / "m.dendrite"
    assert import_command.run(Namespace(model=str(tmp_path / "m.h5"),
                                        to=str(project_path))) == 0
    assert "imported 4 nodes" in capsys.readouterr().out
    assert import_command.run(Namespace(model=str(tmp_path / "m.h5"),
                                        to=str(project_path))) == 2  # never overwritten
    project = load_project(project_path)
    assert project.training["optimizer"] == {"name": "sgd", "learning_rate": 0.05}
    assert export_command.run(Namespace(file=str(project_path), to=str(tmp_path / "o.keras"),
                                        style="functional")) == 0
    assert "saved weights" in capsys.readouterr().out
    assert _same_weights(keras.models.load_model(tmp_path / "o.keras"), model)


LAMBDA = r"""
import json, keras
canary = "CANARY_LAMBDA"
inputs = keras.Input((2,))
outputs = keras.layers.Lambda(lambda t: (open(canary, "w").close(), t)[1], name="sneaky")(
    inputs)
import os
model = keras.Model(inputs, outputs)
os.remove(canary)  # building the model ran the lambda once; the file must not come back
model.save("lambda.keras")
model.save("lambda.h5")
print(json.dumps({"ok": True}))
"""


def test_a_lambda_model_is_refused_and_its_code_never_runs(tmp_path, fresh, monkeypatch):
    assert fresh(LAMBDA, tmp_path)["ok"]
    monkeypatch.chdir(tmp_path)
    for name in ("lambda.keras", "lambda.h5"):
        with pytest.raises(ImportRefused, match="'sneaky' is a Lambda layer"):
            import_model(tmp_path / name)
    assert not (tmp_path / "CANARY_LAMBDA").exists()
    assert import_command.run(Namespace(model=str(tmp_path / "lambda.keras"),
                                        to=str(tmp_path / "l.dendrite"))) == 2
    assert not (tmp_path / "l.dendrite").exists()


def test_a_nested_model_called_twice_is_refused_by_name(tmp_path):
    keras = _keras()
    keras.backend.clear_session()
    # a nested model is flattened (tests/export/test_import_fidelity_ops_nested.py); one
    # called twice would share all its layers, refused as such (a shared layer imports:
    # tests/export/test_import_shared_layers.py)
    inner = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)], name="block")
    x = keras.Input((3,), name="x")
    keras.Model(x, keras.layers.Add(name="y")([inner(x), inner(x)])).save(
        tmp_path / "nested.keras")
    with pytest.raises(ImportRefused, match="nested model 'block' is called 2 times"):
        import_model(tmp_path / "nested.keras")


def test_an_edited_keras_layer_is_measured_again_through_keras(tmp_path):
    from engine.importer import remeasure_keras_layers

    keras = _keras()
    keras.backend.clear_session()
    model = keras.Sequential([keras.Input((8, 1), name="signal"),
                              keras.layers.SeparableConv1D(2, 3, name="conv"),
                              keras.layers.Flatten(name="flat"),
                              keras.layers.Dense(1, name="y")])
    model.save(tmp_path / "c.keras")
    graph = import_model(tmp_path / "c.keras").project.graph
    conv = graph.by_name("conv")
    assert conv.type == "KerasLayer"  # a layer the catalogue has no kind for
    config = dict(conv.params["config"], filters=5, kernel_size=[1])
    graph.set_param(conv.id, "config", config)
    found = remeasure_keras_layers(graph)
    assert found[conv.id]["output_shape"] == [8, 5]
    assert found[conv.id]["trainable_params"] == 11
    graph.set_param(conv.id, "config", dict(config, padding="sideways"))
    assert "Keras cannot build this SeparableConv1D" in remeasure_keras_layers(graph)[conv.id]

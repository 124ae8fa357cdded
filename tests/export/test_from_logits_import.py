"""Issue 14, item 6: a saved loss with `from_logits=True` is kept on import (the Output gets
`from_logits: true`), so the model Dendrite compiles computes the original's loss, never the
loss of the logits read as probabilities; what cannot be kept is left unset with the reason."""

import numpy as np
import pytest

from engine.compiler import build_and_compile, build_model, compile_model
from engine.importer import import_model
from engine.keras_setup import keras as _keras


def _data():
    rng = np.random.default_rng(4)
    x = rng.normal(size=(64, 4)).astype("float32")
    y = rng.integers(0, 3, 64)
    return x, y


def _logits_model(activation=None, loss=None, metrics=("accuracy",)):
    keras = _keras()
    keras.utils.set_random_seed(11)
    x = keras.Input((4,), name="x")
    model = keras.Model(x, keras.layers.Dense(3, activation=activation, name="y",
                                              kernel_initializer="he_normal",
                                              bias_initializer="ones")(x))
    model.compile(loss=loss or keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer="sgd", metrics=list(metrics))
    return model


def _dendrite_model(result):
    """The imported graph built and compiled by Dendrite, with the file's weights."""
    model = build_model(result.project.graph)
    for layer in model.layers:
        if layer.weights:
            layer.set_weights(result.model.get_layer(layer.name).get_weights())
    return compile_model(model, result.project.graph, result.project.training)


@pytest.mark.parametrize("suffix", [".keras", ".h5"])
def test_the_issues_reproduction_keeps_its_loss(tmp_path, suffix):
    x, y = _data()
    original = _logits_model()
    expected = original.evaluate(x, y, verbose=0, return_dict=True)
    original.save(tmp_path / f"logits{suffix}")
    result = import_model(tmp_path / f"logits{suffix}")
    output = result.project.graph.by_name("y")
    assert output.params["loss"] == "sparse_categorical_crossentropy"
    assert output.params["from_logits"] is True
    assert output.params["metrics"] == ["accuracy"]
    assert not any("from_logits" in note for note in result.notes)
    got = _dendrite_model(result).evaluate(x, y, verbose=0, return_dict=True)
    assert got["loss"] == pytest.approx(expected["loss"], rel=1e-5)
    assert got["accuracy"] == pytest.approx(expected["accuracy"])
    # what dropping from_logits computed: the logits read as probabilities, far off
    keras = _keras()
    dropped = keras.losses.SparseCategoricalCrossentropy()(y, original.predict(x, verbose=0))
    assert abs(float(dropped) - expected["loss"]) > 1.0


def test_what_cannot_be_kept_is_left_unset_with_the_reason(tmp_path):
    keras = _keras()
    softmax = _logits_model(activation="softmax")
    softmax.save(tmp_path / "twice.keras")
    result = import_model(tmp_path / "twice.keras")
    params = result.project.graph.by_name("y").params
    assert params.get("loss") is None and "from_logits" not in params
    assert any("from_logits=True" in note and "softmax a second time" in note
               and "left unset" in note for note in result.notes)
    smoothed = _logits_model(loss=keras.losses.CategoricalCrossentropy(
        from_logits=True, label_smoothing=0.1))
    smoothed.save(tmp_path / "smoothed.keras")
    result = import_model(tmp_path / "smoothed.keras")
    assert result.project.graph.by_name("y").params.get("loss") is None
    assert any("label_smoothing=0.1" in note and "left unset" in note for note in result.notes)
    auc = _logits_model(metrics=("accuracy", "auc"))
    auc.save(tmp_path / "auc.keras")
    result = import_model(tmp_path / "auc.keras")
    params = result.project.graph.by_name("y").params
    assert params["from_logits"] is True and params["metrics"] == ["accuracy"]
    assert any("metric auc cannot be computed on the logits" in note and "left out" in note
               for note in result.notes)


def test_a_dendrite_model_on_sigmoid_logits_round_trips_with_its_figures(tmp_path):
    keras = _keras()
    from engine.graph import Graph

    graph = Graph()
    source = graph.add_node("Input", {"shape": [4]}, "x").id
    out = graph.add_node("Output", {"units": 1, "activation": "linear",
                                    "loss": "binary_crossentropy", "from_logits": True,
                                    "metrics": ["accuracy", "auc", "precision", "recall"]},
                         "y").id
    graph.connect(source, out)
    model = build_and_compile(graph)
    x, y = _data()
    y = (y > 0).astype("float32")
    figures = model.evaluate(x, y, verbose=0, return_dict=True)
    p = 1 / (1 + np.exp(-model.predict(x, verbose=0)))
    accuracy = keras.metrics.BinaryAccuracy()
    accuracy.update_state(y.reshape(-1, 1), p)
    assert figures["accuracy"] == pytest.approx(float(accuracy.result()))
    model.save(tmp_path / "ours.keras")
    result = import_model(tmp_path / "ours.keras")
    params = result.project.graph.by_name("y").params
    assert params["from_logits"] is True and params["loss"] == "binary_crossentropy"
    assert params["metrics"] == ["accuracy", "auc", "precision", "recall"]
    assert result.notes == [] or not any("left" in n for n in result.notes)
    again = _dendrite_model(result).evaluate(x, y, verbose=0, return_dict=True)
    for name, value in figures.items():
        assert again[name] == pytest.approx(value, rel=1e-5), name

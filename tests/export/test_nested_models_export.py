"""Nested models come back nested (issue 14, item 5): an imported model whose Sequential and
Functional sub-models were flattened into the graph (`pair.block.hidden`) exports back to
.keras with the very same config (the sub-models, their names, their wiring, and the Keras
op between them) and bit-identical predictions, also after a save and reopen of the
project; an edited layer stays in its sub-model, and a sub-model the user took apart, or a
tampered record, is exported flat with a note, never a failure."""

from __future__ import annotations

import json

import numpy as np

from engine.export import export_model
from engine.importer import import_model, save_imported
from engine.project_io import load_project


def _keras():
    from engine.keras_setup import keras

    keras_ = keras()
    keras_.backend.clear_session()
    return keras_


def _config(model) -> dict:
    return json.loads(json.dumps(model.get_config(), default=list))


def _predict(model, inputs) -> list[np.ndarray]:
    found = model(inputs if len(inputs) > 1 else inputs[0], training=False)
    return [np.asarray(t) for t in (found if isinstance(found, list | tuple) else [found])]


def _small_model(keras):
    """A Functional `pair` holding a Sequential `block`, and an op (`+`) after it."""
    layers = keras.layers
    block = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation="relu",
                                                              name="hidden"),
                              layers.LayerNormalization(name="norm")], name="block")
    p, q = keras.Input((3,), name="p"), keras.Input((4,), name="q")
    mix = layers.Dense(4, name="mix")(layers.Concatenate(name="c")([p, block(q)]))
    pair = keras.Model([p, q], [mix, layers.Dense(4, name="side")(q)], name="pair")
    x, z = keras.Input((3,), name="x"), keras.Input((4,), name="z")
    mixed, side = pair([x, z])
    model = keras.Model([x, z], layers.Dense(2, name="y")(mixed + side), name="outer")
    model.set_weights([w + np.float32(0.01) * i for i, w in enumerate(model.get_weights())])
    model.compile(optimizer="adam", loss="mse")
    return model


def _inputs(model) -> list[np.ndarray]:
    rng = np.random.default_rng(3)
    return [rng.normal(size=(5, *t.shape[1:])).astype("float32") * 3 for t in model.inputs]


def _imported(model, tmp_path):
    source = tmp_path / "source.keras"
    model.save(source)
    return import_model(source)


def test_a_nested_functional_and_sequential_come_back_with_the_same_config(tmp_path):
    keras = _keras()
    model = _small_model(keras)
    result = _imported(model, tmp_path)
    names = [n.name for n in result.project.graph.nodes]
    assert "pair.block.hidden" in names and "pair" not in names  # flat for editing
    report = export_model(result.project, tmp_path / "back.keras", model=result.model)
    assert any("'pair' written back" in line for line in report.lines())
    back = keras.models.load_model(tmp_path / "back.keras")
    original = keras.models.load_model(tmp_path / "source.keras", compile=False)
    assert _config(back) == _config(original)
    assert back.get_layer("pair").get_layer("block").get_layer("hidden").units == 3
    assert dict(back.loss) == {"y": "mean_squared_error"}  # compiled as imported
    inputs = _inputs(model)
    assert np.array_equal(_predict(back, inputs)[0], _predict(model, inputs)[0])
    # the record lives in the project file: saved, reopened, exported with its weights
    save_imported(result, tmp_path / "outer.dendrite")
    reopened = load_project(tmp_path / "outer.dendrite")
    export_model(reopened, tmp_path / "again.keras")
    again = keras.models.load_model(tmp_path / "again.keras", compile=False)
    assert _config(again) == _config(original)
    assert np.array_equal(_predict(again, inputs)[0], _predict(model, inputs)[0])


def test_a_convnext_in_miniature_comes_back_with_its_layer_scale_and_ops(tmp_path):
    """ConvNeXt's pieces: a Sequential stem, LayerScale (imported as a 1x1 DepthwiseConv2D)
    and a residual `x + y` op; the export writes LayerScale and the op back."""
    keras = _keras()
    from keras.src.applications.convnext import LayerScale  # Keras's own, as ConvNeXt uses

    layers = keras.layers
    image = keras.Input((6, 6, 3), name="image")
    stem = keras.Sequential([keras.Input((6, 6, 3)), layers.Conv2D(4, 2, name="stem_conv"),
                             layers.LayerNormalization(epsilon=1e-6, name="stem_norm")],
                            name="stem")
    features = stem(image)
    scale = LayerScale(1e-6, 4, name="layer_scale")
    block = scale(layers.Conv2D(4, 3, padding="same", name="conv")(features))
    pooled = layers.GlobalAveragePooling2D(name="pool")(features + block)
    model = keras.Model(image, layers.Dense(2, name="y")(pooled), name="tiny_convnext")
    scale.set_weights([np.linspace(-2, 2, 4).astype("float32")])
    result = _imported(model, tmp_path)
    assert result.project.graph.by_name("layer_scale").type == "DepthwiseConv2D"
    export_model(result.project, tmp_path / "back.keras", model=result.model)
    back = keras.models.load_model(tmp_path / "back.keras", compile=False)
    original = keras.models.load_model(tmp_path / "source.keras", compile=False)
    assert _config(back) == _config(original)
    assert np.array_equal(back.get_layer("layer_scale").get_weights()[0],
                          np.linspace(-2, 2, 4).astype("float32"))
    inputs = _inputs(model)
    assert np.array_equal(_predict(back, inputs)[0], _predict(model, inputs)[0])


def test_an_output_inside_a_nested_model_and_an_edited_layer_stay_nested(tmp_path):
    keras = _keras()
    layers = keras.layers
    x = keras.Input((3,), name="x")
    head = keras.Sequential([keras.Input((3,)), layers.Dense(4, name="d1"),
                             layers.Dense(2, name="out")], name="head")
    model = keras.Model(x, head(x), name="outer")
    model.compile(optimizer="sgd", loss="mae")
    result = _imported(model, tmp_path)
    graph = result.project.graph
    graph.set_param(graph.by_name("head.d1").id, "activation", "tanh")  # an edit inside
    export_model(result.project, tmp_path / "back.keras", model=result.model)
    back = keras.models.load_model(tmp_path / "back.keras")
    assert [layer.name for layer in back.layers] == ["x", "head"]
    inner = back.get_layer("head")
    assert [layer.name for layer in inner.layers] == ["d1", "out"]
    assert inner.get_layer("d1").get_config()["activation"] == "tanh"
    assert dict(back.loss) == {"head": "mean_absolute_error"}
    assert back.output_names == ["head"]
    inputs = _inputs(model)
    expected = np.tanh(inputs[0] @ head.get_layer("d1").kernel.numpy()
                       + head.get_layer("d1").bias.numpy())
    assert np.allclose(_predict(inner.get_layer("d1"), inputs)[0], expected, atol=1e-6)


def test_a_nested_model_takes_the_shape_its_input_is_given_now(tmp_path):
    keras = _keras()
    result = _imported(_small_model(keras), tmp_path)
    graph = result.project.graph
    graph.set_param(graph.by_name("z").id, "shape", [5])  # was 4: feeds pair and its block
    report = export_model(result.project, tmp_path / "back.keras")  # fresh weights
    assert any("'pair' written back" in line for line in report.lines())
    back = keras.models.load_model(tmp_path / "back.keras", compile=False)
    block = back.get_layer("pair").get_layer("block")
    assert tuple(block.get_config()["layers"][0]["config"]["batch_shape"]) == (None, 5)
    assert back([np.ones((2, 3), "float32"), np.ones((2, 5), "float32")]).shape == (2, 2)


def test_a_nested_model_taken_apart_exports_flat_and_says_why(tmp_path):
    keras = _keras()
    model = _small_model(keras)
    result = _imported(model, tmp_path)
    graph = result.project.graph
    graph.rename(graph.by_name("pair.block.hidden").id, "hidden_renamed")
    report = export_model(result.project, tmp_path / "back.keras", model=result.model)
    assert any("nested model 'pair' is exported flat: its layer 'pair.block.hidden' was "
               "deleted or renamed" in line for line in report.lines())
    back = keras.models.load_model(tmp_path / "back.keras")
    names = [layer.name for layer in back.layers]
    assert "pair" not in names and "hidden_renamed" in names and "pair.mix" in names
    mix = model.get_layer("pair").get_layer("mix")
    assert np.array_equal(back.get_layer("pair.mix").kernel.numpy(), mix.kernel.numpy())


def test_a_wire_from_outside_into_a_nested_model_keeps_it_flat(tmp_path):
    keras = _keras()
    model = _small_model(keras)
    result = _imported(model, tmp_path)
    graph = result.project.graph
    # a new layer outside `pair` now feeds `side`, a layer inside it
    extra = graph.add_node("Dense", {"units": 4}, "extra").id
    graph.connect(graph.by_name("x").id, extra, 0)
    side = graph.by_name("pair.side").id
    graph.disconnect(graph.inputs_of(side)[0])
    graph.connect(extra, side, 0)
    report = export_model(result.project, tmp_path / "back.keras", model=result.model)
    assert any("'pair' is exported flat: input 2 of 'pair' now comes from 'extra' and 'z' "
               "(a wire from outside into its middle)" in line for line in report.lines())
    back = keras.models.load_model(tmp_path / "back.keras")
    assert "pair" not in [layer.name for layer in back.layers]
    assert back.get_layer("pair.side").input.shape == (None, 4)


def test_a_tampered_record_is_never_run_and_the_export_is_flat(tmp_path):
    keras = _keras()
    model = _small_model(keras)
    result = _imported(model, tmp_path)
    groups = result.project.extra["imported_from"]["nesting"]["groups"]
    pair = next(g for g in groups if g["name"] == "pair")
    pair["item"] = {"module": "keras.layers", "class_name": "Lambda", "registered_name": None,
                    "config": {"name": "pair", "function": {"class_name": "__lambda__",
                                                            "config": {"code": "print(1)"}}}}
    report = export_model(result.project, tmp_path / "back.keras", model=result.model)
    assert any("exported flat" in line and "could not be given back" in line
               for line in report.lines()), report.lines()
    back = keras.models.load_model(tmp_path / "back.keras", compile=False)
    assert "Lambda" not in json.dumps(_config(back))
    inputs = _inputs(model)
    assert np.array_equal(_predict(back, inputs)[0], _predict(model, inputs)[0])

"""Import fidelity (issue 14, item 6): each failure found by running third-party models
through import/export, from its smallest reproduction. Keras ops and nested models import
as nodes and export back predicting bit for bit; what cannot be kept is refused with the
layer and the reason (never a traceback); nothing that changes numbers is dropped silently."""

from __future__ import annotations

import numpy as np
import pytest

from engine.export import export_model
from engine.importer import ImportRefused, import_model, save_imported
from engine.project_io import load_project
from engine.validation import analyse


def _keras():
    from engine.keras_setup import keras

    keras_ = keras()
    keras_.backend.clear_session()
    return keras_


def _predict(model, inputs):
    """Outputs of one eager call (no tf.function to trace: fast), as numpy arrays."""
    found = model(inputs if len(inputs) > 1 else inputs[0], training=False)
    return [np.asarray(t) for t in (found if isinstance(found, list | tuple) else [found])]


def _round_trip(model, tmp_path, name="m"):
    """(import result, original predictions, predictions of the exported model)."""
    keras = _keras()
    source = tmp_path / f"{name}.keras"
    model.save(source)
    result = import_model(source)
    analysis = analyse(result.project.graph)
    assert analysis.ok, [p.describe() for p in analysis.errors]
    back = tmp_path / f"{name}_back.keras"
    export_model(result.project, back, model=result.model)
    rng = np.random.default_rng(7)
    inputs = [rng.normal(size=(6, *t.shape[1:])).astype("float32") * 4 for t in model.inputs]
    original = _predict(keras.models.load_model(source, compile=False), inputs)
    exported = _predict(keras.models.load_model(back, compile=False), inputs)
    return result, original, exported


def _types(result) -> dict[str, str]:
    return {n.name: n.type for n in result.project.graph.nodes}


def test_keras_ops_import_as_nodes_and_export_predicts_bit_for_bit(tmp_path):
    keras = _keras()
    ops, layers = keras.ops, keras.layers
    a, b = keras.Input((4,), name="a"), keras.Input((4,), name="b")
    summed = a + b  # the issue's `Dense(2)(a + b)`
    hard = layers.ReLU(6.0, name="relu6_layer")(summed + 3.0) * (1.0 / 6.0)  # MobileNetV3
    mixed = layers.Concatenate(name="cat")([
        hard, a - b, a * b, ops.maximum(a, b), ops.minimum(a, b), summed * 0.5,
        1.0 - a, b / 4.0, 2.0 * b - 1.0, ops.relu(a), ops.sigmoid(b), ops.tanh(a),
        ops.relu6(b)])
    model = keras.Model([a, b], layers.Dense(2, name="out")(mixed))
    result, original, exported = _round_trip(model, tmp_path)
    assert all(np.array_equal(x, y) for x, y in zip(original, exported, strict=True))
    types = _types(result)
    assert "KerasLayer" not in types.values()
    assert types["add"] == "Add" and types["subtract"] == "Subtract"
    assert types["multiply_1"] == "Multiply"  # a * b; multiply is the (x + 3) * (1/6)
    assert types["maximum"] == "Maximum" and types["minimum"] == "Minimum"
    assert types["relu"] == "Activation" and types["relu6"] == "ReLU"
    nodes = {n.name: n for n in result.project.graph.nodes}
    assert nodes["add_1"].params == {"scale": 1.0, "offset": 3.0}  # x + 3.0
    assert nodes["multiply"].params == {"scale": 1.0 / 6.0, "offset": 0.0}
    assert nodes["subtract_1"].params == {"scale": -1.0, "offset": 1.0}  # 1.0 - a
    assert nodes["true_divide"].params == {"scale": 0.25, "offset": 0.0}  # b / 4


@pytest.mark.parametrize(("build", "message"), [
    (lambda k, x: x / 6.0, r"layer 'true_divide' is the Keras op TrueDivide .*other than "
                           r"a power of two cannot be rebuilt exactly"),
    (lambda k, x: k.ops.sqrt(x), r"layer 'sqrt' is the Keras op Sqrt .*no node that "
                                 r"computes it exactly"),
    (lambda k, x: x + k.ops.mean(x, axis=-1, keepdims=True),
     r"layer 'mean' is the Keras op Mean"),
    (lambda k, x: x + x[:, :1], r"the Keras op"),
])
def test_ops_without_an_exact_node_are_refused_by_name(tmp_path, build, message):
    keras = _keras()
    x = keras.Input((4,), name="x")
    keras.Model(x, keras.layers.Dense(1, name="y")(build(keras, x))).save(tmp_path / "o.keras")
    with pytest.raises(ImportRefused, match=message):
        import_model(tmp_path / "o.keras")


def test_an_op_between_different_shapes_is_refused_with_both_shapes(tmp_path):
    keras = _keras()
    a, b = keras.Input((4,), name="a"), keras.Input((1,), name="b")
    keras.Model([a, b], keras.layers.Dense(1, name="y")(a + b)).save(tmp_path / "o.keras")
    with pytest.raises(ImportRefused, match=r"'add' .* between shapes \(4\) and \(1\)"):
        import_model(tmp_path / "o.keras")


def test_a_lone_dict_input_or_output_keeps_its_key_and_predicts_bit_for_bit(tmp_path):
    """Once refused (`KeyError: 0`, then a refusal): a dict beside a bare lone end keeps
    both forms (tests/export/test_import_dict_io.py has two of each)."""
    keras = _keras()
    x = keras.Input((3,), name="features")
    y = keras.layers.Dense(2, name="d")(x)
    data = np.random.default_rng(1).normal(size=(4, 3)).astype("float32")
    for name, model, feed in (("i", keras.Model({"features": x}, y), {"features": data}),
                              ("o", keras.Model(x, {"scores": y}), data)):
        model.save(tmp_path / f"{name}.keras")
        result = import_model(tmp_path / f"{name}.keras")
        export_model(result.project, tmp_path / f"{name}_back.keras", model=result.model)
        original, exported = (keras.models.load_model(tmp_path / f"{name}{end}.keras",
                                                      compile=False) for end in ("", "_back"))
        for key in ("input_layers", "output_layers"):
            assert exported.get_config()[key] == original.get_config()[key]
        mine, theirs = original(feed, training=False), exported(feed, training=False)
        if name == "o":
            assert list(theirs) == ["scores"]
            mine, theirs = mine["scores"], theirs["scores"]
        assert np.array_equal(np.asarray(mine), np.asarray(theirs))
    assert original.get_config()["output_layers"] == {"scores": ["d", 0, 0]}


def test_a_nested_model_called_with_a_dict_is_refused_by_name(tmp_path):
    keras = _keras()
    x = keras.Input((3,), name="features")
    inner = keras.Model({"features": x}, keras.layers.Dense(2, name="d")(x), name="block")
    outer_in = keras.Input((3,), name="x")
    keras.Model(outer_in, keras.layers.Dense(1, name="y")(inner({"features": outer_in}))
                ).save(tmp_path / "n.keras")
    with pytest.raises(ImportRefused, match="the nested model 'block' takes a dict"):
        import_model(tmp_path / "n.keras")


def test_unused_inputs_and_inputs_given_straight_out_are_refused_by_name(tmp_path):
    keras = _keras()
    x, unused = keras.Input((3,), name="x"), keras.Input((2,), name="unused")
    dense = keras.layers.Dense(2, name="d")
    keras.Model([x, unused], dense(x)).save(tmp_path / "u.keras")
    keras.Model(x, [dense(x), x]).save(tmp_path / "p.keras")
    with pytest.raises(ImportRefused, match="input 'unused' feeds no layer"):
        import_model(tmp_path / "u.keras")
    with pytest.raises(ImportRefused, match="input 'x' is also a model output"):
        import_model(tmp_path / "p.keras")


def test_a_string_input_is_refused_naming_the_input_and_its_type(tmp_path):
    keras = _keras()
    words = keras.Input((1,), dtype="string", name="words")
    lookup = keras.layers.StringLookup(vocabulary=["a", "b"], name="lookup")(words)
    keras.Model(words, lookup).save(tmp_path / "s.keras")
    with pytest.raises(ImportRefused, match="input 'words' takes string values"):
        import_model(tmp_path / "s.keras")


@pytest.mark.parametrize("suffix", [".keras", ".h5"])
def test_the_books_loss_function_is_accepted_as_keras_own(tmp_path, suffix):
    keras = _keras()
    x = keras.Input((3,), name="x")
    model = keras.Model(x, keras.layers.Dense(1, name="y")(x))
    model.compile(loss=keras.losses.mean_squared_error, optimizer="sgd",
                  metrics=[keras.metrics.mean_absolute_error])
    model.save(tmp_path / f"book{suffix}")
    output = import_model(tmp_path / f"book{suffix}").project.graph.by_name("y")
    assert output.params["loss"] == "mse" and output.params["metrics"] == ["mae"]


def test_what_changes_numbers_is_kept_or_refused_never_dropped(tmp_path):
    keras = _keras()
    x = keras.Input((3,), name="x")
    model = keras.Model(x, keras.layers.Dense(2, name="y")(x))
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer="sgd")
    model.save(tmp_path / "logits.keras")
    result = import_model(tmp_path / "logits.keras")
    kept = result.project.graph.by_name("y").params  # kept (tests/export/test_from_logits*)
    assert kept["loss"] == "sparse_categorical_crossentropy" and kept["from_logits"] is True
    frozen = keras.Model(x, keras.layers.Dense(2, name="y2")(x), trainable=False)
    frozen.save(tmp_path / "frozen.keras")
    with pytest.raises(ImportRefused, match=r"is frozen \(trainable=False\)"):
        import_model(tmp_path / "frozen.keras")
    inner = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="base")],
                             name="backbone")
    inner.trainable = False  # a frozen backbone, as in transfer learning
    keras.Model(x, keras.layers.Dense(1, name="head")(inner(x))).save(tmp_path / "fb.keras")
    base = import_model(tmp_path / "fb.keras").project.graph.by_name("backbone.base")
    assert base.type == "KerasLayer" and base.params["config"]["trainable"] is False
    fixed = keras.Input((3,), batch_size=2, name="fixed")
    keras.Model(fixed, keras.layers.Dense(2, name="y3")(fixed)).save(tmp_path / "batch.keras")
    with pytest.raises(ImportRefused, match="input 'fixed' has a fixed batch size of 2"):
        import_model(tmp_path / "batch.keras")


def test_nested_models_flatten_with_prefixed_names_and_keep_their_weights(tmp_path):
    keras = _keras()
    layers = keras.layers
    inner = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation="relu",
                                                             name="hidden"),
                              layers.LayerNormalization(name="norm")], name="block")
    p, q = keras.Input((3,), name="p"), keras.Input((4,), name="q")
    mix = layers.Dense(4, name="mix")(layers.Concatenate(name="c")([p, inner(q)]))
    pair = keras.Model([p, q], [mix, layers.Dense(4, name="side")(q)], name="pair")
    x, z = keras.Input((3,), name="x"), keras.Input((4,), name="z")
    mixed, side = pair([x, z])
    model = keras.Model([x, z], [layers.Dense(2, name="y")(mixed + side)], name="outer")
    model.set_weights([w + np.float32(0.01) * i for i, w in enumerate(model.get_weights())])
    result, original, exported = _round_trip(model, tmp_path)
    assert all(np.array_equal(a, b) for a, b in zip(original, exported, strict=True))
    types = _types(result)
    assert types["pair.block.hidden"] == "Dense" and types["pair.block.norm"] == (
        "LayerNormalization")
    assert types["pair.mix"] == "Dense" and types["pair.side"] == "Dense"
    assert "KerasLayer" not in types.values() and "pair" not in types
    # saved as a project, its weights sidecar holds the nested weights too
    project_path = tmp_path / "outer.dendrite"
    save_imported(result, project_path)
    export_model(load_project(project_path), tmp_path / "again.keras")
    again = keras.models.load_model(tmp_path / "again.keras", compile=False)
    rng = np.random.default_rng(7)
    inputs = [rng.normal(size=(6, *t.shape[1:])).astype("float32") * 4 for t in model.inputs]
    assert np.array_equal(_predict(again, inputs)[0], original[0])


def test_a_sequential_inside_a_sequential_flattens(tmp_path):
    keras = _keras()
    layers = keras.layers
    stem = keras.Sequential([layers.Dense(3, name="d1"), layers.Dropout(0.1, name="drop")],
                            name="stem")
    model = keras.Sequential([keras.Input((5,), name="x"), stem, layers.Dense(1, name="y")])
    result, original, exported = _round_trip(model, tmp_path)
    assert np.array_equal(original[0], exported[0])
    assert [n.name for n in result.project.graph.nodes] == ["x", "stem.d1", "stem.drop", "y"]


def test_a_shared_layer_imports_as_one_layer_called_twice(tmp_path):
    keras = _keras()
    a, b = keras.Input((3,), name="a"), keras.Input((3,), name="b")
    twin = keras.layers.Dense(2, name="twin")
    model = keras.Model([a, b], keras.layers.Add(name="sum")([twin(a), twin(b)]))
    result, original, exported = _round_trip(model, tmp_path)
    assert np.array_equal(original[0], exported[0])
    graph = result.project.graph
    twin, call = graph.by_name("twin"), graph.by_name("twin_call_2")
    assert (twin.type, call.type, call.extra["shares"]) == ("Dense", "Dense", twin.id)


def test_convnext_layer_scale_imports_as_a_depthwise_conv_with_its_gamma(tmp_path):
    keras = _keras()
    from keras.src.applications.convnext import LayerScale  # Keras's own, as ConvNeXt uses

    layers = keras.layers
    image = keras.Input((4, 4, 3), name="image")
    features = layers.Conv2D(5, 3, padding="same", name="conv")(image)
    scale = LayerScale(1e-6, 5, name="layer_scale")
    scaled = scale(features)
    model = keras.Model(image, layers.Dense(2, name="y")(layers.Add(name="res")(
        [features, scaled])))
    scale.set_weights([np.linspace(-3, 3, 5).astype("float32")])
    result, original, exported = _round_trip(model, tmp_path)
    assert np.array_equal(original[0], exported[0])
    node = result.project.graph.by_name("layer_scale")
    assert node.type == "DepthwiseConv2D" and node.params["kernel_size"] == [1, 1]
    assert analyse(result.project.graph).inferred[node.id].trainable == 5  # gamma
    flat = keras.Input((5,), name="flat")
    on_vectors = LayerScale(0.1, 5, name="vector_scale")(flat)
    keras.Model(flat, layers.Dense(1, name="y")(on_vectors)).save(tmp_path / "v.keras")
    with pytest.raises(ImportRefused, match="'vector_scale' is a ConvNeXt LayerScale on "
                                            "1-axis samples"):
        import_model(tmp_path / "v.keras")


def test_an_imported_graph_with_errors_is_a_refusal_when_saved_never_a_traceback(tmp_path):
    from engine.graph import Graph
    from engine.importer import ImportResult
    from engine.project import Project

    graph = Graph()
    graph.add_node("Input", {"shape": [3]}, "lonely")
    result = ImportResult(Project(name="m", graph=graph), model=None)
    with pytest.raises(ImportRefused, match="(?s)cannot be saved as a project: .*no Output"):
        save_imported(result, tmp_path / "m.dendrite")
    assert not (tmp_path / "m.dendrite").exists()

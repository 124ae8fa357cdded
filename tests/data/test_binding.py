"""The binding check before training: each message names both sides."""

import numpy as np

from engine.data import bind
from engine.data.dataset import CLASSIFICATION, REGRESSION
from engine.validation import analyse
from tests.data.helpers import make_graph, prepared, table


def _messages(binding):
    return [p.message for p in binding.problems]


def test_wide_and_deep_columns_bind_with_shapes_and_x_y_by_name():
    graph = make_graph([("wide_input", [5]), ("deep_input", [6])],
                       [("output", 1, "linear", "mse")])
    ready = prepared(table(task=REGRESSION))
    spec = {"inputs": {"n1": {"columns": "0-4"}, "n2": {"columns": ["2-7"]}}}
    binding = bind(graph, spec, ready)
    assert binding.ok, binding.problems
    x = binding.x(ready, "train")
    assert set(x) == {"wide_input", "deep_input"}
    assert np.array_equal(x["wide_input"], ready.splits["train"].x[:, :5])
    assert np.array_equal(x["deep_input"], ready.splits["train"].x[:, 2:])
    assert binding.y(ready, "train")["output"].shape == (len(ready.splits["train"]),)


def test_input_shape_against_bound_columns():
    graph = make_graph([("wide_input", [6]), ("deep_input", [6])],
                       [("output", 1, "linear", "mse")])
    spec = {"inputs": {"n1": {"columns": [0, 1, 2, 3, 4]}, "n2": {"columns": "2-7"}}}
    binding = bind(graph, spec, prepared(table(task=REGRESSION)))
    assert _messages(binding) == ["Input wide_input has shape [6] but is bound to 5 columns"]
    assert binding.errors[0].node_id == "n1"


def test_input_without_shape_takes_the_bound_shape_for_validation():
    graph = make_graph([("features", None)], [("output", 10, "softmax",
                                               "sparse_categorical_crossentropy")])
    assert not analyse(graph).ok
    binding = bind(graph, {}, prepared(table()))
    assert binding.ok
    assert binding.bound_shapes == {"n1": (8,)}
    assert analyse(graph, binding.bound_shapes).ok


def test_sparse_categorical_output_with_too_few_units():
    graph = make_graph([("input", [8])], [("output", 1, "linear",
                                           "sparse_categorical_crossentropy")])
    binding = bind(graph, {}, prepared(table(classes=10)))
    assert _messages(binding) == ["Output output has 1 unit with sparse categorical "
                                  "cross-entropy, but the target has 10 classes"]


def test_sigmoid_binary_crossentropy_on_targets_outside_0_1():
    graph = make_graph([("input", [8])], [("output", 1, "sigmoid", "binary_crossentropy")])
    binding = bind(graph, {}, prepared(table(classes=10)))
    (message,) = _messages(binding)
    assert message.startswith("Output output has sigmoid with binary cross-entropy, but the "
                              "target has values outside 0-1 (from 0 to 9)")


def test_regression_target_under_a_classification_loss():
    graph = make_graph([("input", [8])], [("output", 10, "softmax",
                                           "sparse_categorical_crossentropy")])
    data = table(task=REGRESSION)
    data.main_target.values[:] = np.abs(data.main_target.values) % 1  # inside 0-1
    binding = bind(graph, {}, prepared(data))
    (message,) = _messages(binding)
    assert message.startswith("Output output uses sparse categorical cross-entropy, a "
                              "classification loss, but its target 'target' is continuous")


def test_regression_output_with_many_units_and_unknown_target():
    graph = make_graph([("input", [8])], [("output", 3, "linear", "mse")])
    binding = bind(graph, {}, prepared(table(task=REGRESSION)))
    assert _messages(binding) == ["Output output has 3 units with mean squared error, but its "
                                  "target 'target' is one value per sample"]
    graph = make_graph([("input", [8])], [("output", 1, "linear", "mse")])
    binding = bind(graph, {"targets": {"n3": "price"}}, prepared(table(task=REGRESSION)))
    assert _messages(binding) == ["Output output is bound to 'price', but the data has no such "
                                  "target (it has: target)"]


def test_categorical_crossentropy_gets_one_hot_targets():
    graph = make_graph([("input", [8])], [("output", 10, "softmax",
                                           "categorical_crossentropy")])
    ready = prepared(table(task=CLASSIFICATION, classes=10))
    binding = bind(graph, {}, ready)
    y = binding.y(ready, "train")["output"]
    assert y.shape == (len(ready.splits["train"]), 10)
    assert np.array_equal(y.argmax(axis=1), ready.splits["train"].targets["target"])


def test_two_inputs_need_columns_and_columns_must_exist():
    graph = make_graph([("a", [2]), ("b", [2])], [("output", 1, "linear", "mse")])
    binding = bind(graph, {"inputs": {"n1": {"columns": [8, 9]}}},
                   prepared(table(task=REGRESSION)))
    assert _messages(binding) == [
        "Input a: column 8 does not exist: the data has 8 columns (0-7)",
        "Input b is not bound to any columns: pick its columns"]


def test_images_reshape_and_flat_input():
    from engine.data import MAIN_TARGET, Dataset, Target

    rng = np.random.default_rng(0)
    images = Dataset("img", rng.integers(0, 255, (20, 28, 28)).astype(np.uint8),
                     {MAIN_TARGET: Target(rng.integers(0, 10, 20), CLASSIFICATION,
                                          [str(i) for i in range(10)])},
                     [f"p{i}" for i in range(784)])
    ready = prepared(images, scaling="divide255")
    out = [("output", 10, "softmax", "sparse_categorical_crossentropy")]
    flat = bind(make_graph([("input", [784])], out), {}, ready)
    assert flat.ok and flat.x(ready, "train")["input"].shape[1:] == (784,)
    square = bind(make_graph([("input", None)], out), {"inputs": {"n1": {"reshape": [28, 28]}}},
                  ready)
    assert square.bound_shapes == {"n1": (28, 28)}
    wrong = bind(make_graph([("input", [28, 27])], out), {}, ready)
    assert _messages(wrong) == ["Input input has shape [28, 27] but is bound to images of "
                                "shape [28, 28]"]


def test_an_input_axis_of_any_length_takes_the_datas_and_a_wrong_rank_is_named():
    graph = make_graph([("wide_input", [None]), ("deep_input", [None, 2])],
                       [("output", 1, "linear", "mse")])
    spec = {"inputs": {"n1": {"columns": "0-4"}, "n2": {"columns": "2-7"}}}
    ready = prepared(table(task=REGRESSION))
    binding = bind(graph, spec, ready)
    assert _messages(binding) == [
        "Input deep_input has shape [None, 2] but is bound to data of shape [6]"]
    assert binding.inputs["n1"].shape == (5,)
    assert binding.x(ready, "train")["wide_input"].shape[1:] == (5,)

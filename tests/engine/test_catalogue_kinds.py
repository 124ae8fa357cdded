"""The Keras layer library in the catalogue: its palette groups, what validation says about
the new rules (in plain words, naming the fix), and the code each kind emits."""

from __future__ import annotations

import pytest

from engine.catalogue import GROUPS, KINDS
from engine.catalogue._rules import show_shape
from engine.compiler import make_layer
from engine.export.codegen_model import layer_expression
from engine.graph import Graph
from engine.validation import analyse
from tests.engine.helpers import chain

ISSUE_GROUPS = ("Convolution", "Pooling", "Reshaping", "Recurrent and sequence",
                "Activation layers", "Merging", "Preprocessing", "Regularisation")
LAYER_KINDS = sorted(k.type for k in KINDS.values()
                     if k.group not in ("Inputs", "Outputs", "Imported"))


def problems(graph: Graph) -> list[str]:
    return [f"{p.severity} {p.node_name}: {p.message}" for p in analyse(graph).problems
            if p.node_id is not None]


def test_the_palette_groups_are_those_of_the_issue_and_each_holds_kinds():
    assert [g for g in GROUPS if g in ISSUE_GROUPS] == list(ISSUE_GROUPS)
    for group in ISSUE_GROUPS:
        assert any(k.group == group for k in KINDS.values()), group
    assert {"Conv2D", "LSTM", "GlobalAveragePooling2D", "ReLU", "Multiply", "Rescaling",
            "SpatialDropout2D", "ZeroPadding2D"} <= set(KINDS)


@pytest.mark.parametrize("type_name", LAYER_KINDS)
def test_every_kind_explains_itself_and_its_parameters(type_name):
    kind = KINDS[type_name]
    assert len(kind.help) > 20
    for spec in kind.params:
        assert spec.help and spec.check(spec.default) is None, (type_name, spec.name)


def test_a_conv2d_on_pictures_without_a_channels_axis_says_to_reshape():
    graph = chain(("Conv2D", {"filters": 8}), shape=(28, 28))
    assert problems(graph) == [
        "error conv2d: Conv2D takes images: (None, height, width, channels), got "
        "(None, 28, 28); add a channels axis with Reshape (e.g. [28, 28, 1])"]


def test_a_kernel_larger_than_its_input_is_refused_unless_padded():
    graph = chain(("Conv2D", {"filters": 4, "kernel_size": [5, 5]}), shape=(3, 3, 1))
    assert problems(graph) == [
        "error conv2d: its kernel (5x5) is larger than its input (None, 3, 3, 1); use "
        "padding 'same' or a smaller kernel"]
    graph = chain(("Conv2D", {"filters": 4, "kernel_size": [5, 5], "padding": "same"}),
                  shape=(3, 3, 1))
    assert problems(graph) == []
    assert analyse(graph).shape(graph.by_name("conv2d").id) == (3, 3, 4)


def test_dense_after_convolutions_warns_that_flatten_is_needed():
    graph = chain(("Conv2D", {"filters": 4}), ("Dense", {"units": 10}), shape=(8, 8, 1))
    assert problems(graph) == [
        "warning dense: gets a tensor of shape (None, 6, 6, 4): Dense acts on the last axis "
        "only (on images, on each pixel's channels alone); insert Flatten (or "
        "GlobalAveragePooling2D) before it to use every value"]


def test_a_recurrent_layer_fed_vectors_says_what_a_sequence_is():
    graph = chain(("LSTM", {"units": 4}), shape=(8,))
    assert problems(graph) == [
        "error lstm: LSTM takes sequences (None, steps, features), got (None, 8); a vector "
        "is not a sequence: add Embedding (for ids) or Reshape to (steps, features)"]


def test_a_text_model_shapes_follow_keras():
    graph = chain(("Embedding", {"input_dim": 1000, "output_dim": 16}),
                  ("LSTM", {"units": 8, "return_sequences": True}), ("GRU", {"units": 4}),
                  shape=(20,))
    analysis = analyse(graph)
    figures = {n.name: (analysis.shape(n.id), analysis.inferred[n.id].params)
               for n in graph.nodes if n.type != "Input"}
    assert figures == {"embedding": ((20, 16), 16_000), "lstm": ((20, 8), 800),
                       "gru": ((4,), 168)}


def test_shapes_of_any_rank_read_as_keras_prints_them():
    assert show_shape((28, 28, 1)) == "(None, 28, 28, 1)"
    assert show_shape((4, 8, 8, 3)) == "(None, 4, 8, 8, 3)"


@pytest.mark.parametrize("type_name", LAYER_KINDS)
def test_the_code_written_for_each_kind_builds_the_layer_the_app_builds(type_name):
    from engine.keras_setup import keras as _keras

    kind = KINDS[type_name]
    graph = Graph()
    node = graph.add_node(type_name, {})
    call = kind.layer(kind.resolved(node.params), node.name)
    code = layer_expression(node, call, 0)
    written = eval(code, {"layers": _keras().layers})  # our own generated code, in a test
    assert written.get_config() == make_layer(call).get_config(), code


def test_the_summary_counts_layers_kept_as_imported_keras_layers():
    from engine.summary import format_summary, summarise

    graph = chain(("KerasLayer", {"class_name": "GaussianDropout", "config": {"rate": 0.1},
                                  "output_shape": [4], "input_shapes": [[4]]}),
                  ("Output", {"units": 1, "loss": "mse"}))
    text = format_summary(summarise(graph))
    assert text.splitlines()[-1] == "Kept as imported Keras layers (no catalogue kind): 1"
    assert "Kept as imported" not in format_summary(summarise(chain(("Dense", {"units": 2}))))


def test_a_bidirectional_lstm_doubles_its_weights_and_writes_the_wrapper():
    from engine.keras_setup import keras as _keras

    graph = chain(("LSTM", {"units": 8, "bidirectional": True}), shape=(20, 16))
    node = graph.by_name("lstm")
    inferred = analyse(graph).inferred[node.id]
    assert (inferred.shape, inferred.params) == ((16,), 2 * 4 * 8 * (16 + 8 + 1))
    call = node.kind.layer(node.kind.resolved(node.params), node.name)
    code = layer_expression(node, call, 0)
    assert code == ("layers.Bidirectional(layers.LSTM(8, name='lstm'), merge_mode='concat', "
                    "name='lstm')")
    written = eval(code, {"layers": _keras().layers})  # our own generated code, in a test
    assert written.get_config() == make_layer(call).get_config()

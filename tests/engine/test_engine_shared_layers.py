"""Shared layers: a node that calls another node's layer again. One Keras layer, its weights
counted once and tied between the calls, in the app's model and in generated code."""

import numpy as np
import pytest

from engine.compiler import build_model
from engine.export.codegen import generate_code
from engine.graph import Graph
from engine.project import Project
from engine.project_io import dumps, parse_project
from engine.shared_layers import SHARES
from engine.training.signature import graph_signature
from engine.validation import analyse


def _siamese(second_width: int = 6) -> tuple[Graph, str, str]:
    """Two inputs through one Dense (the keras-io shared-layer pattern), joined."""
    graph = Graph()
    a = graph.add_node("Input", {"shape": [6]}, "a")
    b = graph.add_node("Input", {"shape": [second_width]}, "b")
    owner = graph.add_node("Dense", {"units": 3, "activation": "relu"}, "encoder")
    call = graph.add_node("Dense", {}, "encoder_call", extra={SHARES: owner.id})
    graph.connect(a.id, owner.id)
    graph.connect(b.id, call.id)
    cat = graph.add_node("Concatenate", {}, "cat")
    graph.connect(owner.id, cat.id, 0)
    graph.connect(call.id, cat.id, 1)
    out = graph.add_node("Output", {"units": 1, "loss": "mse"}, "out")
    graph.connect(cat.id, out.id)
    return graph, owner.id, call.id


def test_the_weights_are_counted_once_and_the_call_takes_the_owners_parameters():
    graph, owner, call = _siamese()
    analysis = analyse(graph)
    assert analysis.ok, [p.describe() for p in analysis.errors]
    assert analysis.inferred[owner].params == 6 * 3 + 3
    assert analysis.inferred[call].params == 0
    assert analysis.shape(call) == (3,)
    assert sum(analysis.totals()) == 21 + 7  # encoder once, then the output Dense on 6
    # the file keeps the link, and a reopened project is the same model
    again = parse_project(dumps(Project(graph=graph))).graph
    assert again.node(call).extra[SHARES] == owner
    assert graph_signature(again) == graph_signature(graph)
    # saved weights of the shared model never fit the same graph with the link taken away
    del again.node(call).extra[SHARES]
    assert graph_signature(again) != graph_signature(graph)


def test_the_model_has_one_layer_called_twice_with_tied_weights():
    graph, owner, call = _siamese()
    model = build_model(graph)
    assert [layer.name for layer in model.layers].count("encoder") == 1
    assert "encoder_call" not in [layer.name for layer in model.layers]
    assert model.count_params() == sum(analyse(graph).totals())
    x = np.random.default_rng(0).random((4, 6), dtype=np.float32)
    encoder = model.get_layer("encoder")
    assert len(encoder._inbound_nodes) == 2
    # one input fed to both calls gives the same half twice: the weights are one set
    halves = np.asarray(model.get_layer("cat")(
        [encoder(x), encoder(x)]))
    assert np.array_equal(halves[:, :3], halves[:, 3:])


@pytest.mark.parametrize("style", ["functional", "subclassing"])
def test_generated_code_declares_the_layer_once_and_calls_it_twice(style):
    from engine.keras_setup import keras as _keras

    graph, _, _ = _siamese()
    code = generate_code(Project(graph=graph), style)
    assert code.count("layers.Dense(3, activation='relu', name='encoder')") == 1
    namespace = {"__name__": "exported"}
    exec(compile(code, "exported.py", "exec"), namespace)  # our own generated code
    model = namespace["build_model"]()
    _keras().backend.clear_session()
    assert model.count_params() == build_model(graph).count_params()


def test_bad_shared_calls_are_reported_in_plain_words():
    graph, owner, call = _siamese(second_width=5)
    messages = [p.message for p in analyse(graph).for_node(call)]
    assert any("calls the layer of encoder" in m and "inputs of one size" in m
               for m in messages), messages
    graph, owner, call = _siamese()
    graph.node(call).extra[SHARES] = "n99"
    assert any("not a node of this graph" in p.message for p in analyse(graph).for_node(call))
    graph.node(call).extra[SHARES] = graph.by_name("cat").id
    assert any("shares the layer of cat, a Concatenate" in p.message
               for p in analyse(graph).for_node(call))


def test_a_project_with_shared_layers_refuses_keras_tuner_code_with_the_reason():
    from engine.export.codegen_search import SearchCodeError, generate_search_code

    graph, owner, _ = _siamese()
    graph.set_param(owner, "units", {"search": {"min": 2, "max": 4}})
    project = Project(graph=graph, data={"dataset": {"source": "synthetic", "name": "xor"}})
    with pytest.raises(SearchCodeError, match="shared layer"):
        generate_search_code(project)


def test_a_call_of_a_shared_lstm_has_the_owners_state_outputs():
    """A call takes everything from its owner's parameters: its ports, shapes and code too."""
    graph = Graph()
    a = graph.add_node("Input", {"shape": [5, 3]}, "a")
    b = graph.add_node("Input", {"shape": [7, 3]}, "b")
    owner = graph.add_node("LSTM", {"units": 4, "return_state": True}, "reader")
    call = graph.add_node("LSTM", {}, "reader_call", extra={SHARES: owner.id})
    graph.connect(a.id, owner.id)
    graph.connect(b.id, call.id)
    assert graph.output_count(call.id) == 3
    cat = graph.add_node("Concatenate", {}, "cat")
    graph.connect(owner.id, cat.id, 0, source_port=2)
    graph.connect(call.id, cat.id, 1, source_port=2)  # the second call's state c
    out = graph.add_node("Output", {"units": 1, "loss": "mse"}, "out")
    graph.connect(cat.id, out.id)
    analysis = analyse(graph)
    assert analysis.ok, [p.describe() for p in analysis.errors]
    assert analysis.shape(call.id, 2) == (4,)
    model = build_model(graph)
    assert model.count_params() == sum(analysis.totals())
    code = generate_code(Project(graph=graph))
    assert "reader_call, reader_call_state_h, reader_call_state_c = reader_layer(b)" in code

"""Edges from one of several outputs: kept in files, checked, and compiled to the tensor of
that output."""

import pytest

from engine.errors import NoOutputPortError
from engine.graph import Graph
from engine.project import Project
from engine.project_io import ProjectLoadError, dumps, parse_project
from engine.training.signature import graph_signature
from engine.validation import analyse


def _graph() -> tuple[Graph, str, str]:
    graph = Graph()
    seq = graph.add_node("Input", {"shape": [6, 3]}, "seq")
    gru = graph.add_node("GRU", {"units": 4, "return_state": True, "bidirectional": True},
                         "gru")
    graph.connect(seq.id, gru.id)
    dense = graph.add_node("Dense", {"units": 2}, "dense")
    graph.connect(gru.id, dense.id, source_port=2)  # the backward state
    out = graph.add_node("Output", {"units": None, "loss": "mse"}, "out")
    graph.connect(dense.id, out.id)
    return graph, gru.id, dense.id


def test_a_state_wire_survives_the_file_and_old_files_read_as_output_0():
    graph, gru, dense = _graph()
    text = dumps(Project(graph=graph))
    assert '"source_port": 2' in text
    again = parse_project(text).graph
    assert [(e.source, e.target, e.source_port) for e in again.edges] == [
        (e.source, e.target, e.source_port) for e in graph.edges]
    assert graph_signature(again) == graph_signature(graph)
    # an edge from output 0 is written as before, so older files and states still match
    assert text.count('"source_port"') == 1


def test_a_bad_source_port_in_a_file_is_refused_with_its_place():
    graph, _, _ = _graph()
    doc = Project(graph=graph).to_dict()
    doc["graph"]["edges"][1]["source_port"] = "two"
    with pytest.raises(ProjectLoadError, match=r"graph\.edges\[1\]\.source_port"):
        parse_project(__import__("json").dumps(doc))


def test_shapes_follow_the_port_and_a_missing_port_is_refused():
    graph, gru, dense = _graph()
    analysis = analyse(graph)
    assert analysis.ok
    assert analysis.shape(gru) == (8,)  # both directions, concatenated
    assert analysis.shape(gru, 1) == analysis.shape(gru, 2) == (4,)
    assert analysis.inferred[dense].params == 4 * 2 + 2
    with pytest.raises(NoOutputPortError, match="no output 5"):
        graph.connect(gru, dense, 0, source_port=5)


def test_the_compiled_model_takes_the_state_of_that_port():
    import numpy as np

    from engine.compiler import build_model

    graph, gru, dense = _graph()
    model = build_model(graph)
    x = np.random.default_rng(0).random((2, 6, 3), dtype=np.float32)
    layer = model.get_layer("gru")
    _, forward, backward = layer(x)
    expected = model.get_layer("dense")(backward)
    assert np.allclose(model.predict(x, verbose=0), np.asarray(expected), atol=1e-6)

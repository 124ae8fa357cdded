"""Nodes with several outputs (an LSTM returning its states) and named inputs
(MultiHeadAttention's query, value and key), wired by dragging as a user does it."""

from engine.graph import Edge
from engine.project import Project
from gui.document import Document
from tests.gui.canvas.conftest import drag


def _lstm_project(document):
    seq = document.add_node("Input", (0, 0), {"shape": [6, 3]})
    lstm = document.add_node("LSTM", (260, 0), {"units": 4, "return_state": True})
    dense = document.add_node("Dense", (560, 0), {"units": 2})
    out = document.add_node("Output", (820, 0), {"units": None, "loss": "mse"})
    return seq, lstm, dense, out


def test_an_lstm_state_is_wired_from_its_own_port(make_view, qtbot):
    document = Document(Project())
    view = make_view(document)
    seq, lstm, dense, out = _lstm_project(document)
    view.fit_all()
    item = view.node_item(lstm)
    assert item.look.outputs == ("output", "state_h", "state_c")
    # three output ports, one below the other, each one its own target
    ys = [view.port_scene_pos(lstm, "out", port).y() for port in range(3)]
    assert ys == sorted(ys) and len(set(ys)) == 3
    drag(view, view.port_scene_pos(seq, "out"), view.port_scene_pos(lstm, "in", 0))
    drag(view, view.port_scene_pos(lstm, "out", 2), view.port_scene_pos(dense, "in", 0))
    drag(view, view.port_scene_pos(dense, "out"), view.port_scene_pos(out, "in", 0))
    assert Edge(lstm, dense, 0, 2) in document.graph.edges
    assert document.analysis().ok
    assert view.node_item(dense).look.params == "10 params"  # 4 state values x 2 + 2
    edge = next(e for e in document.graph.edges if e.source == lstm)
    assert view.canvas.edge_text(edge) == "(None, 4)"
    # the wire starts at the state_c port
    wire = view.canvas.edges[edge]
    assert abs(wire._ends[1] - view.port_scene_pos(lstm, "out", 2).y()) < 0.01
    # turning return_state off leaves that wire without its output: said plainly
    document.set_param(lstm, "return_state", False)
    assert view.node_item(lstm).look.outputs == ("output",)
    problems = [p.message for p in document.analysis().for_node(lstm)]
    assert any("has no output 2" in m for m in problems), problems
    document.undo_stack.undo()
    assert document.analysis().ok


def test_attention_shows_its_named_inputs_and_takes_query_and_value(make_view, qtbot):
    document = Document(Project())
    view = make_view(document)
    q = document.add_node("Input", (0, 0), {"shape": [5, 8]})
    v = document.add_node("Input", (0, 200), {"shape": [7, 6]})
    att = document.add_node("MultiHeadAttention", (260, 0), {"num_heads": 2, "key_dim": 3})
    out = document.add_node("Output", (560, 0), {"units": None, "loss": "mse"})
    view.fit_all()
    assert view.node_item(att).look.slot_names == ("query", "value", "key")
    drag(view, view.port_scene_pos(q, "out"), view.port_scene_pos(att, "in", 0))
    problems = [p.message for p in document.analysis().for_node(att)]
    assert "its value input has nothing connected" in problems
    drag(view, view.port_scene_pos(v, "out"), view.port_scene_pos(att, "in", 1))
    drag(view, view.port_scene_pos(att, "out"), view.port_scene_pos(out, "in", 0))
    analysis = document.analysis()
    assert analysis.ok, [p.describe() for p in analysis.errors]  # the key slot is optional
    assert view.node_item(att).look.shape == "(None, 5, 8)"
    # query 8x6+6, key 6x6+6, value 6x6+6, output 6x8+8
    assert analysis.inferred[att].params == 54 + 42 + 42 + 56


def test_a_copied_state_wire_keeps_its_port(make_view, qtbot):
    document = Document(Project())
    make_view(document)
    seq, lstm, dense, out = _lstm_project(document)
    document.connect(seq, lstm, 0)
    document.connect(lstm, dense, 0, source_port=1)
    copies = document.duplicate([lstm, dense])
    new_lstm, new_dense = copies
    assert Edge(new_lstm, new_dense, 0, 1) in document.graph.edges

"""Whole networks built in the main window with mouse and keyboard only, as a user builds them."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

import gui.file_controller as file_controller
from engine.project_io import load_project
from engine.summary import summarise
from tests.gui.window.building import Hands
from tests.gui.window.conftest import PROJECTS

CTRL = Qt.KeyboardModifier.ControlModifier


def press(window, key, modifiers=CTRL):
    QTest.keyClick(window.canvas.viewport(), key, modifiers)


def new_project(window):
    window.canvas.setFocus()
    press(window, Qt.Key.Key_N)
    assert window.document.graph.nodes == []


def summary_rows(graph):
    return [(r.name, r.kind, r.shape, r.params, r.connected_to) for r in summarise(graph).rows]


def test_input_dense_output_by_mouse_then_undo_redo_save_and_reopen(
        make_window, tmp_path, monkeypatch):
    window = make_window()
    hands = Hands(window, monkeypatch)
    new_project(window)
    start = window.document.graph.to_dict()

    features = hands.drag_from_palette("Input", QPoint(120, 200))
    hands.set("shape", "8")
    hidden = hands.drag_from_palette("Dense", QPoint(360, 200))
    hands.set("units", "30")
    hands.set("activation", "relu")
    output = hands.drag_from_palette("Output", QPoint(600, 200))
    hands.set("units", "1")
    hands.set("loss", "mse")
    hands.wire(features, hidden)
    hands.wire(hidden, output)

    graph = window.document.graph
    assert [(e.source, e.target) for e in graph.edges] == [(features, hidden), (hidden, output)]
    assert not [p for p in window.problems.problems_shown() if p.severity == "error"]
    # 8*30 + 30 weights into the hidden layer, 30 + 1 into the output
    assert window.summary.summary.total == 301
    assert "301" in window.summary.totals_label.text()
    assert window.isWindowModified()
    end = graph.to_dict()

    steps = 0
    while window.document.undo_stack.canUndo():
        press(window, Qt.Key.Key_Z)
        steps += 1
    assert window.document.graph.to_dict() == start
    # three drops, shape and loss, two wires (a new Dense starts with 30 ReLU neurons and a
    # new Output with 1 unit, so typing those values changes nothing)
    assert steps >= 7
    while window.document.undo_stack.canRedo():
        press(window, Qt.Key.Key_Y)
    assert window.document.graph.to_dict() == end
    assert window.summary.summary.total == 301

    path = tmp_path / "three_layers.dendrite"
    monkeypatch.setattr(file_controller.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))
    press(window, Qt.Key.Key_S)
    assert path.exists() and not window.isWindowModified()
    assert window.close()

    again = make_window(path)
    assert again.document.graph.to_dict() == end
    assert again.summary.summary.total == 301


def test_wide_and_deep_with_an_auxiliary_output_built_by_mouse_and_keyboard(
        make_window, monkeypatch):
    window = make_window()
    window.resize(1920, 1080)
    QTest.qWait(50)
    hands = Hands(window, monkeypatch)
    new_project(window)

    def add(type_name, x, y, name, **params):
        node = hands.drag_from_palette(type_name, QPoint(x, y))
        hands.rename(name)
        for key, text in params.items():
            hands.set(key, text)
        return node

    wide = add("Input", 110, 90, "wide_input", shape="5")
    deep = add("Input", 110, 330, "deep_input", shape="6")
    dense = add("Dense", 330, 330, "dense", units="30", activation="relu")
    dense_1 = add("Dense", 550, 330, "dense_1", units="30", activation="relu")
    concat = add("Concatenate", 770, 90, "concatenate")
    main = add("Output", 990, 90, "main_output", units="1", loss="mse", loss_weight="0.9")
    aux = add("Output", 990, 330, "aux_output", units="1", loss="mse", loss_weight="0.1")
    hands.wire(deep, dense)
    hands.wire(dense, dense_1)
    hands.wire(wide, concat, 0)
    hands.wire(dense_1, concat, 1)
    hands.wire(concat, main)
    hands.wire(dense_1, aux)

    example = load_project(PROJECTS / "wide_and_deep_aux_output.dendrite")
    assert summary_rows(window.document.graph) == summary_rows(example.graph)
    assert window.summary.summary.total == summarise(example.graph).total == 1207
    assert "1,207" in window.summary.totals_label.text()
    built = {n.name: n.params for n in window.document.graph.nodes}
    for node in example.graph.nodes:
        for key, value in node.params.items():
            assert built[node.name].get(key) == value, (node.name, key)
    hands.click_node(aux)
    assert window.inspector.name_edit.text() == "aux_output"

"""Views refresh once per finished edit, and only those the edit concerns: Auto-Layout (Ctrl+L)
is one undo step announced once, and the Data tab's binding table is left alone by moves
(its combo boxes are the same widgets), yet follows a renamed Output."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox

from engine.graph_events import NodeMoved
from gui.training.data_form import DataForm
from tests.gui.window.conftest import PROJECTS


def target_combos(form: DataForm) -> dict[str, QComboBox]:
    """Output node id -> the combo box of its row in the binding table."""
    combos = {}
    for row in range(form.binding.rowCount()):
        widget = form.binding.cellWidget(row, 2)
        if isinstance(widget, QComboBox):
            combos[widget.property("node_id")] = widget
    return combos


def test_auto_layout_is_one_refresh_and_leaves_the_binding_table_alone(make_window):
    window = make_window(PROJECTS / "wide_and_deep_aux_output.dendrite")
    document = window.document
    form = window.findChild(DataForm)
    combos = target_combos(form)
    assert len(combos) == 2  # the main and the auxiliary output
    before = {n.id: n.position for n in document.graph.nodes}
    edits, analyses = [], []
    document.graph_edited.connect(edits.append)
    document.analysis_changed.connect(analyses.append)

    QTest.keyClick(window.canvas.viewport(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    moved = {n.id for n in document.graph.nodes if n.position != before[n.id]}
    assert moved, "Auto-Layout moved nothing"
    assert len(edits) == 1
    assert {e.node_id for e in edits[0].events} == moved
    assert all(isinstance(e, NodeMoved) for e in edits[0].events)
    assert analyses == []  # positions are not analysed: no panel recomputes anything
    assert document.undo_stack.count() == 1
    assert document.undo_stack.text(0) == "Auto-layout"
    for node_id in moved:
        item = window.canvas.node_item(node_id)
        assert (item.pos().x(), item.pos().y()) == document.graph.node(node_id).position
    for wire in window.canvas.canvas.edges.values():  # every wire follows its cards
        start = wire.source_item.mapToScene(wire.source_item.out_port_pos())
        end = wire.target_item.mapToScene(wire.target_item.in_port_pos(wire.edge.target_port))
        first = wire.path().elementAt(0)
        assert (first.x, first.y) == (start.x(), start.y())
        assert wire.path().currentPosition() == end
    assert target_combos(form) == combos  # the very same widgets: the form was not rebuilt
    assert all(target_combos(form)[i] is combos[i] for i in combos)

    QTest.keyClick(window.canvas.viewport(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {n.id: n.position for n in document.graph.nodes} == before
    assert len(edits) == 2 and edits[1].only_moves
    assert all(target_combos(form)[i] is combos[i] for i in combos)


def test_renaming_an_output_shows_the_new_name_in_the_binding_table(make_window):
    window = make_window(PROJECTS / "wide_and_deep_aux_output.dendrite")
    document = window.document
    form = window.findChild(DataForm)
    output = next(iter(target_combos(form)))
    document.rename(output, "renamed_output")
    rows = {form.binding.item(r, 0).data(256): form.binding.item(r, 0).text()
            for r in range(form.binding.rowCount())}
    assert rows[output] == "renamed_output"


def test_deleting_several_nodes_is_one_step_and_one_refresh(make_window):
    window = make_window(PROJECTS / "wide_and_deep_aux_output.dendrite")
    document = window.document
    doomed = [n.id for n in document.graph.nodes if n.type == "Dense"]
    assert len(doomed) >= 2
    window.canvas.select_nodes(doomed)
    edits, analyses = [], []
    document.graph_edited.connect(edits.append)
    document.analysis_changed.connect(analyses.append)

    QTest.keyClick(window.canvas.viewport(), Qt.Key.Key_Delete)

    assert not any(document.graph.has_node(n) for n in doomed)
    assert len(edits) == 1 and len(analyses) == 1
    assert document.undo_stack.count() == 1
    assert all(window.canvas.node_item(n) is None for n in doomed)


def test_opening_another_project_shows_its_analysis_once(make_window):
    window = make_window(PROJECTS / "wide_and_deep_aux_output.dendrite")
    document = window.document
    document.add_node("Dense", (0.0, 0.0), {"units": 3})  # an undo history to clear
    document.undo_stack.setClean()
    analyses = []
    document.analysis_changed.connect(analyses.append)

    assert window.files.open_path(PROJECTS / "xor.dendrite", ask=False)

    assert len(analyses) == 1  # never the old project's analysis for the new graph
    ids = {n.id for n in document.graph.nodes}
    assert set(analyses[0].inferred) <= ids and analyses[0] is document.analysis()
    assert set(window.canvas.canvas.nodes) == ids

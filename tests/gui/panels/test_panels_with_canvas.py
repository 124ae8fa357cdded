"""The panels wired to the canvas as the window wires them: selection drives the inspector,
a problem selects its node, and edits in either place show in the other."""

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QHBoxLayout, QWidget

from gui.canvas import CanvasView
from gui.panels import InspectorPanel, ProblemsPanel
from tests.gui.panels.conftest import node_named, open_document, type_into

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


class Editor(QWidget):
    def __init__(self, document):
        super().__init__()
        self.view = CanvasView(document)
        self.inspector = InspectorPanel(document)
        self.problems = ProblemsPanel(document)
        row = QHBoxLayout(self)
        row.addWidget(self.view, 3)
        row.addWidget(self.inspector, 1)
        row.addWidget(self.problems, 1)
        self.view.selection_changed.connect(self.inspector.show_nodes)
        self.problems.node_activated.connect(self.go_to)

    def go_to(self, node_id):
        self.view.select_nodes([node_id])
        self.view.center_on_node(node_id)


@pytest.fixture
def editor(show):
    window = show(Editor(open_document("wide_and_deep_aux_output.dendrite")), 1400, 700)
    window.view.fit_all()
    return window


def click_node(view, node_id, modifiers=Qt.KeyboardModifier.NoModifier):
    item = view.node_item(node_id)
    point = view.mapFromScene(item.mapToScene(QPointF(90, 45)))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifiers, point)


def test_clicking_nodes_on_the_canvas_shows_them_in_the_inspector(editor):
    document = editor.view.document
    dense, dense_1 = node_named(document, "dense"), node_named(document, "dense_1")
    click_node(editor.view, dense)
    assert editor.inspector.node_ids == [dense]
    assert editor.inspector.name_edit.text() == "dense"
    click_node(editor.view, dense_1, Qt.KeyboardModifier.ControlModifier)
    assert editor.inspector.title.text() == "2 Dense nodes selected"
    type_into(editor.inspector.editors["units"].field, "40")
    assert [document.graph.node(i).params["units"] for i in (dense, dense_1)] == [40, 40]
    assert "· 40 ·" in editor.view.node_item(dense).look.title
    document.undo_stack.undo()
    assert "· 30 ·" in editor.view.node_item(dense).look.title
    assert editor.view.selected_node_ids() == [dense, dense_1]


def test_clicking_a_problem_selects_its_node_and_the_inspector_follows(editor):
    document = editor.view.document
    concat = node_named(document, "concatenate")
    document.remove_nodes([concat])
    tree = editor.problems.list
    rows = [tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())]
    index = rows.index("main_output")
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier,
                     tree.visualItemRect(tree.topLevelItem(index)).center())
    output = node_named(document, "main_output")
    assert editor.view.selected_node_ids() == [output]
    assert editor.inspector.node_ids == [output]
    assert "nothing connected" in editor.inspector.problems_label.text()

"""An Input left without a shape and bound to data: the Problems and Summary panels show what
`check` and `summary` show (no problem, the bound shape), and follow a change of the binding
typed in the data form."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from engine.project_io import load_project
from gui.document import Document
from gui.panels import ProblemsPanel, SummaryPanel
from gui.training.data_form import DataForm
from tests.engine.test_project_analysis import unshaped_iris

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def summary_shapes(panel):
    model = panel.table.model()
    return {model.index(r, 0).data(): model.index(r, 2).data() for r in range(model.rowCount())}


def type_binding(qtbot, form, node_id, text):
    """Opens the cell's editor, types over it and presses Return (the delegate commits the
    text from the event loop)."""
    table = form.binding
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).data(256) == node_id)
    table.activateWindow()
    table.setCurrentCell(row, 2)
    table.editItem(table.item(row, 2))
    editor = table.indexWidget(table.model().index(row, 2))  # the cell's open editor
    assert isinstance(editor, QLineEdit) and editor.text() == table.item(row, 2).text()
    editor.selectAll()
    QTest.keyClicks(editor, text)
    steps = form.document.undo_stack.count()
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.document.undo_stack.count() == steps + 1)


def test_problems_and_summary_show_the_shape_bound_from_iris(qtbot, show, tmp_path):
    document = Document(load_project(unshaped_iris(tmp_path)))
    problems = show(ProblemsPanel(document), 640, 300)
    summary = show(SummaryPanel(document), 760, 320)
    form = show(DataForm(document), 500, 500)
    assert problems.header.text() == "No problems"
    assert summary_shapes(summary) == {"features": "(None, 4)", "dense": "(None, 3)",
                                       "species": "(None, 3)"}

    type_binding(qtbot, form, "i", "0-1")
    assert document.project.data["inputs"] == {"i": {"columns": [0, 1]}}
    assert problems.header.text() == "No problems"
    assert summary_shapes(summary)["features"] == "(None, 2)"

    type_binding(qtbot, form, "i", "7")
    assert problems.header.text() == "1 error"
    assert problems.list.topLevelItem(0).text(2) == (
        "Input features: column 7 does not exist: the data has 4 columns (0-3)")

    document.undo_stack.undo()
    document.undo_stack.undo()
    assert problems.header.text() == "No problems"
    assert summary_shapes(summary)["features"] == "(None, 4)"

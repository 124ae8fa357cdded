"""The Data tab's form: the CSV columns to keep in full or leave out, typed by the user,
written to the project's data section as one undoable step, shown only for a CSV file."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.project import Project
from gui.document import Document
from gui.training.data_form import DataForm

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _csv_project():
    project = Project()
    project.data = {"dataset": {"source": "csv", "path": "passengers.csv",
                                "target": "Survived"}}
    return project


def _form(qtbot, project):
    document = Document(project)
    form = DataForm(document)
    qtbot.addWidget(form)
    form.show()
    return document, form


def _type(line, text):
    line.setFocus()
    line.selectAll()
    QTest.keyClicks(line, text)
    QTest.keyClick(line, Qt.Key.Key_Return)


def test_typed_columns_to_keep_and_leave_out_reach_the_project_and_undo(qtbot):
    document, form = _form(qtbot, _csv_project())
    assert form.keep_columns.isVisible() and form.leave_out.isVisible()
    _type(form.keep_columns, "Ticket, Cabin")
    dataset = document.project.data["dataset"]
    assert dataset["keep_columns"] == ["Ticket", "Cabin"]
    assert (dataset["path"], dataset["target"]) == ("passengers.csv", "Survived")
    _type(form.leave_out, "Age")
    assert document.project.data["dataset"]["leave_out"] == ["Age"]
    assert document.project.data["dataset"]["keep_columns"] == ["Ticket", "Cabin"]
    document.undo_stack.undo()
    assert document.project.data["dataset"]["leave_out"] == []
    assert form.leave_out.text() == ""
    assert form.keep_columns.text() == "Ticket, Cabin"


def test_the_column_lists_are_hidden_for_a_built_in_dataset(qtbot):
    _document, form = _form(qtbot, Project())
    assert not form.keep_columns.isVisible() and not form.leave_out.isVisible()

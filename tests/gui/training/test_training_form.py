"""The training settings are edited as undoable steps of the project's training section."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.document import Document
from gui.training.training_form import TrainingForm
from tests.gui.training.conftest import tiny_xor_project

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def form(qtbot):
    document = Document(tiny_xor_project(epochs=3))
    widget = TrainingForm(document)
    qtbot.addWidget(widget)
    widget.show()
    return document, widget


def test_typed_epochs_and_learning_rate_are_one_undo_step_each(qtbot, form):
    document, widget = form
    widget.epochs.selectAll()
    QTest.keyClicks(widget.epochs, "12")
    QTest.keyClick(widget.epochs, Qt.Key.Key_Return)
    assert document.project.training["epochs"] == 12
    widget.learning_rate.selectAll()
    QTest.keyClicks(widget.learning_rate, "1e-3")
    QTest.keyClick(widget.learning_rate, Qt.Key.Key_Return)
    assert document.project.training["optimizer"] == {"name": "adam", "learning_rate": 0.001}
    document.undo_stack.undo()
    assert widget.learning_rate.text() == "0.05"
    document.undo_stack.undo()
    assert widget.epochs.value() == 3 and document.project.training["epochs"] == 3


def test_early_stopping_and_balanced_class_weights(qtbot, form):
    document, widget = form
    QTest.mouseClick(widget.early, Qt.MouseButton.LeftButton)
    assert document.project.training["early_stopping"] == {"patience": 10,
                                                           "restore_best_weights": True}
    assert widget.patience.isEnabled()
    widget.class_weight.setCurrentText("balanced")
    widget.class_weight.activated.emit(widget.class_weight.currentIndex())
    assert document.project.training["class_weight"] == "balanced"


def test_a_bad_learning_rate_is_refused_with_a_message(qtbot, form):
    document, widget = form
    with qtbot.waitSignal(widget.problem) as said:
        widget.learning_rate.setText("fast")
        widget.learning_rate.editingFinished.emit()
    assert "'fast' is not a positive number" in said.args[0]
    assert document.project.training["optimizer"]["learning_rate"] == 0.05
    assert widget.learning_rate.text() == "0.05"

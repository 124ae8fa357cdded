"""Range entry in the inspector, with the keyboard and mouse: a parameter switches to a range
or a list of choices and back to a value, each change one undoable edit; a bad range shows
the engine's message under the field and is not applied; a Dense layer can be repeated in a
search; the searched parameter is one warning, not an error."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.document import Document
from gui.panels import InspectorPanel
from tests.runs.helpers import regression_project

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _type(field, text):
    field.setFocus()
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(field, Qt.Key.Key_Backspace)
    QTest.keyClicks(field, text)
    QTest.keyClick(field, Qt.Key.Key_Return)


def _choose(qtbot, box, text):
    """Opens the value / range / list switch with the keyboard and picks `text`."""
    box.setFocus()
    while box.currentText() != text:
        key = Qt.Key.Key_Down if box.findText(text) > box.currentIndex() else Qt.Key.Key_Up
        qtbot.keyClick(box, key)


@pytest.fixture
def shown(qtbot, tmp_path):
    document = Document(regression_project(tmp_path / "s.dendrite", units=8))
    inspector = InspectorPanel(document)
    qtbot.addWidget(inspector)
    inspector.resize(420, 900)
    inspector.show()
    hidden = document.graph.by_name("hidden").id
    inspector.show_nodes([hidden])
    return inspector, document, hidden


def test_units_become_a_range_are_checked_and_go_back_to_a_value(qtbot, shown):
    inspector, document, hidden = shown
    params = document.graph.node(hidden).params
    units = inspector.search_entries["units"]
    assert units.mode_box.currentText() == "value" and units.editor.isVisible()

    _choose(qtbot, units.mode_box, "range")
    assert params["units"] == {"search": {"min": 8, "max": 32}}
    assert document.undo_stack.count() == 1
    assert units.range_row.isVisible() and not units.editor.isVisible()
    assert units.low.text() == "8" and units.high.text() == "32"
    assert "units is searched (8-32); outside a search training uses 8" in \
        inspector.search_notes.text()  # a note, not a problem
    assert not inspector.problems_label.isVisible() and inspector.search_notes.isVisible()

    _type(units.high, "4")  # backwards: the engine's message, nothing applied
    assert "the range is backwards: min 8 is greater than max 4" in units.problem()
    assert units.message.isVisible()
    assert params["units"] == {"search": {"min": 8, "max": 32}}
    assert document.undo_stack.count() == 1

    _type(units.high, "128")
    _type(units.step, "8")
    qtbot.mouseClick(units.log_box, Qt.MouseButton.LeftButton)
    assert params["units"] == {"search": {"min": 8, "max": 128, "step": 8, "sampling": "log"}}
    assert document.undo_stack.count() == 4 and not units.problem()

    _choose(qtbot, units.mode_box, "value")
    assert params["units"] == 8  # the low end: what training used
    assert units.editor.isVisible() and inspector.editors["units"].field.value() == 8
    document.undo_stack.undo()
    assert units.mode_box.currentText() == "range" and units.high.text() == "128"
    assert units.log_box.isChecked()


def test_activation_takes_a_list_and_a_dense_layer_repeats(qtbot, shown):
    inspector, document, hidden = shown
    params = document.graph.node(hidden).params
    activation = inspector.search_entries["activation"]
    assert activation.mode_box.findText("range") == -1  # choices take a list only
    _choose(qtbot, activation.mode_box, "list")
    assert params["activation"]["search"][0] == "relu" and len(params["activation"]["search"]) == 2
    _type(activation.list_edit, "relu, tanh, sigmoid")
    assert params["activation"] == {"search": ["relu", "tanh", "sigmoid"]}
    _type(activation.list_edit, "relu, nonsense")
    assert "value 2 of the list" in activation.problem()
    assert params["activation"] == {"search": ["relu", "tanh", "sigmoid"]}

    repeat = inspector.search_entries["repeat"]
    assert repeat.mode_box.currentText() == "value"
    _choose(qtbot, repeat.mode_box, "range")
    assert params["repeat"] == {"search": {"min": 1, "max": 4}}
    _type(repeat.high, "5")
    assert params["repeat"] == {"search": {"min": 1, "max": 5}}
    assert "repeat is searched (1-5); outside a search training uses the layer once" in \
        inspector.search_notes.text()
    count = document.undo_stack.count()
    _choose(qtbot, repeat.mode_box, "value")
    assert params["repeat"] == 1 and document.undo_stack.count() == count + 1
    assert "repeat" not in inspector.search_notes.text()


def test_training_settings_take_a_range_or_a_list_and_keep_them(qtbot, tmp_path):
    from gui.training.training_form import TrainingForm

    document = Document(regression_project(tmp_path / "s.dendrite", learning_rate=0.01))
    form = TrainingForm(document)
    qtbot.addWidget(form)
    form.show()
    rate = form.searches.entries["optimizer.learning_rate"]
    _choose(qtbot, rate.mode_box, "range")
    assert document.project.training["optimizer"]["learning_rate"] == \
        {"search": {"min": 0.01, "max": 0.1}}
    _type(rate.low, "0.0001")
    qtbot.mouseClick(rate.log_box, Qt.MouseButton.LeftButton)
    searched = {"search": {"min": 0.0001, "max": 0.1, "sampling": "log"}}
    assert document.project.training["optimizer"]["learning_rate"] == searched
    _type(rate.low, "-1")
    assert "learning rate" in rate.problem().lower() and rate.message.isVisible()

    batch = form.searches.entries["batch_size"]
    _choose(qtbot, batch.mode_box, "list")
    assert document.project.training["batch_size"] == {"search": [16, 64]}
    _type(batch.list_edit, "16, 32, 64")
    assert document.project.training["batch_size"] == {"search": [16, 32, 64]}
    optimizer = form.searches.entries["optimizer.name"]
    _choose(qtbot, optimizer.mode_box, "list")
    assert document.project.training["optimizer"]["name"]["search"][0] == "adam"

    _type(form.epochs, "3")  # another setting: the searches stay
    training = document.project.training
    assert training["epochs"] == 3 and training["batch_size"] == {"search": [16, 32, 64]}
    assert training["optimizer"]["learning_rate"] == searched
    for _ in range(3):  # the epochs, the optimizer's list, the typed list
        document.undo_stack.undo()
    assert document.project.training["batch_size"] == {"search": [16, 64]}
    document.undo_stack.undo()  # the keyboard passed "range" on its way to "list"
    assert document.project.training["batch_size"] == {"search": {"min": 16, "max": 64}}
    document.undo_stack.undo()
    assert document.project.training["batch_size"] == 16
    assert batch.mode_box.currentText() == "value" and form.batch_size.value() == 16

"""The parameter editors on their own: parsing, ranges, and what they refuse to emit."""

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QSpinBox

from engine.catalogue import KINDS
from engine.params import SHAPE, ParamSpec
from gui.panels.param_widgets import (
    BoolEditor,
    ChoiceEditor,
    ChoiceListEditor,
    NumberEditor,
    make_editor,
)
from gui.panels.text_param_widgets import JsonEditor, ShapeEditor
from tests.gui.panels.conftest import type_into

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

FIXED_SHAPE = ParamSpec("shape", SHAPE, [1], "A shape that must be given.")


def test_every_catalogue_parameter_gets_the_fitting_editor(qtbot):
    expected = {"int": NumberEditor, "float": NumberEditor, "bool": BoolEditor,
                "choice": ChoiceEditor, "shape": ShapeEditor, "str_list": ChoiceListEditor,
                "json": JsonEditor}
    for kind in KINDS.values():
        for spec in kind.params:
            editor = make_editor(spec)
            qtbot.addWidget(editor)
            assert isinstance(editor, expected[spec.type]), (kind.type, spec.name)
            assert editor.field.toolTip() == spec.help


def test_spin_boxes_take_the_catalogue_ranges(qtbot):
    units = make_editor(KINDS["Dense"].param("units"))
    rate = make_editor(KINDS["Dropout"].param("rate"))
    qtbot.addWidget(units)
    qtbot.addWidget(rate)
    assert isinstance(units.field, QSpinBox)
    assert (units.field.minimum(), units.field.maximum()) == (1, 1_000_000)
    assert (rate.field.minimum(), rate.field.maximum()) == (0.0, 1.0)


@pytest.mark.parametrize(("text", "value"), [
    ("28, 28", [28, 28]), ("[28, 28]", [28, 28]), ("28x28", [28, 28]), ("(8,)", [8]),
    ("8", [8]), ("3 32 32", [3, 32, 32]), ("28, x", None), ("28,,5", None), ("-1", None),
    ("0, 5", None), ("", None),
])
def test_shapes_are_read_as_people_write_them(show, text, value):
    editor = show(ShapeEditor(FIXED_SHAPE), 300, 80)
    editor.set_value([1])
    emitted = []
    editor.committed.connect(emitted.append)
    type_into(editor.field, text)
    assert emitted == ([value] if value else [])
    assert editor.message.isHidden() == bool(value)


def test_an_input_shape_left_empty_means_none(show):
    editor = show(ShapeEditor(KINDS["Input"].param("shape")), 300, 80)
    editor.set_value([28, 28])
    emitted = []
    editor.committed.connect(emitted.append)
    type_into(editor.field, "")
    assert emitted == [None]
    assert editor.field.placeholderText().startswith("none")


def test_showing_a_value_never_emits(show):
    editor = show(make_editor(KINDS["Dense"].param("units")), 300, 80)
    emitted = []
    editor.committed.connect(emitted.append)
    for value in (32, 300, 7):
        editor.set_value(value)
    assert emitted == [] and editor.field.value() == 7
    type_into(editor.field, "7")  # Enter on the value already held: nothing to apply
    assert emitted == []


def test_a_bad_value_from_the_file_is_shown_as_a_problem(show):
    editor = show(make_editor(KINDS["Dense"].param("activation")), 300, 80)
    editor.set_value("relu6")
    assert "the project holds a bad value" in editor.problem()
    editor.set_value("relu")
    assert editor.problem() == ""


def test_the_wheel_over_an_unfocused_spin_box_does_not_change_it(show):
    editor = show(make_editor(KINDS["Dense"].param("units")), 300, 80)
    editor.set_value(32)
    other = QLineEdit(editor)
    other.show()  # a child made after its parent was shown stays hidden until shown
    other.setFocus()
    assert not editor.field.hasFocus()
    spin = editor.field
    centre = QPointF(spin.rect().center())
    wheel = QWheelEvent(centre, QPointF(spin.mapToGlobal(QPoint(5, 5))), QPoint(0, 0),
                        QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(spin, wheel)
    assert spin.value() == 32

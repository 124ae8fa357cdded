"""One editor widget per parameter type of the catalogue (`ParamSpec.type`): spin boxes
with the catalogue's ranges, a check box, combo boxes for choices, a menu of ticks for
lists of names, and line edits for shapes and JSON (in text_param_widgets).
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QMenu,
    QPushButton,
    QSpinBox,
    QWidget,
)

from engine.params import BOOL, CHOICE, FLOAT, INT, SHAPE, STR_LIST, ParamSpec
from gui.panels.param_editor import MIXED, ParamEditor, error_colour, mute, refusal
from gui.panels.text_param_widgets import JsonEditor, NameListEditor, ShapeEditor

__all__ = ["BoolEditor", "ChoiceEditor", "ChoiceListEditor", "NumberEditor", "ParamEditor",
           "error_colour", "make_editor", "mute"]

INT_LIMIT = 2**31 - 1  # QSpinBox holds a C int
FLOAT_LIMIT = 1e12


# ---- numbers ---------------------------------------------------------------------------
class _CheckedSpin:
    """validate/valueFromText/textFromValue shared by the int and float spin boxes: any
    number may be typed (so the reason for a refusal can be shown); only values the spec
    accepts are Acceptable, so Qt keeps the old value for the others."""

    owner: NumberEditor

    def validate(self, text: str, pos: int):
        value = self.owner.parse(text)
        state = QValidator.State.Acceptable
        if value is None or self.owner.spec.check(value):
            state = QValidator.State.Intermediate
        return state, text, pos

    def valueFromText(self, text: str):
        value = self.owner.parse(text)
        return self.value() if value is None else value

    def wheelEvent(self, event) -> None:
        # a wheel turned over an unfocused field scrolls the panel, it does not edit
        if not self.hasFocus():
            event.ignore()
            return
        super().wheelEvent(event)


class _IntSpin(_CheckedSpin, QSpinBox):
    def textFromValue(self, value: int) -> str:
        return str(value)


class _FloatSpin(_CheckedSpin, QDoubleSpinBox):
    def textFromValue(self, value: float) -> str:
        return f"{value:.10g}"


class NumberEditor(ParamEditor):
    """QSpinBox or QDoubleSpinBox with the catalogue's range; a "none" box when nullable."""

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None):
        super().__init__(spec, parent)
        self.is_int = spec.type == INT
        self.field = _IntSpin() if self.is_int else _FloatSpin()
        self.field.owner = self
        limit = INT_LIMIT if self.is_int else FLOAT_LIMIT
        low = -limit if spec.minimum is None else spec.minimum
        high = limit if spec.maximum is None else spec.maximum
        if self.is_int:
            self.field.setRange(int(max(low, -INT_LIMIT)), int(min(high, INT_LIMIT)))
        else:
            self.field.setDecimals(10)
            self.field.setRange(float(low), float(high))
            self.field.setSingleStep(0.01 if high - low <= 1 else 0.1)
        self.field.setKeyboardTracking(False)
        self.field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.field.valueChanged.connect(self._on_value_changed)
        self.field.editingFinished.connect(self._on_editing_finished)
        self.field.lineEdit().textEdited.connect(self._on_text_edited)
        self._add_field(self.field)
        self.none_box: QCheckBox | None = None
        if spec.nullable:
            self.none_box = QCheckBox("none")
            self.none_box.setToolTip(f"Leave {spec.title} unset. {spec.help}")
            self.none_box.clicked.connect(self._on_none_clicked)
            self.row.addWidget(self.none_box, 0)

    def parse(self, text: str):
        text = text.strip()
        try:
            value = int(text) if self.is_int else float(text)
        except ValueError:
            return None
        if not self.is_int and not math.isfinite(value):
            return None
        return value

    def _display(self, value: Any) -> None:
        is_none = value is None
        if self.none_box is not None:
            self.none_box.setChecked(is_none)
        self.field.setEnabled(not is_none)
        if not is_none and isinstance(value, int | float) and not isinstance(value, bool):
            self.field.blockSignals(True)
            self.field.setValue(value)
            self.field.blockSignals(False)

    @Slot(str)
    def _on_text_edited(self, text: str) -> None:
        self._typed = True
        value = self.parse(text)
        if value is None:
            self.show_problem(refusal(self.spec, text))
        else:
            self.show_problem(self.spec.check(value) or "")

    @Slot()
    def _on_value_changed(self) -> None:
        self._typed = False
        value = self.field.value()
        self._commit(int(value) if self.is_int else float(value))

    @Slot()
    def _on_editing_finished(self) -> None:
        # with differing values shown, typing the first node's value applies it to all,
        # although the spin box sees no change
        if self._typed and self._shown is MIXED:
            self._on_value_changed()
        elif self._typed:  # the box refused what was typed and shows the old value again
            self._typed = False
            self._note_refused()

    @Slot(bool)
    def _on_none_clicked(self, checked: bool) -> None:
        self.field.setEnabled(not checked)
        if checked:
            self._commit(None)
        else:
            self._on_value_changed()


# ---- booleans and choices --------------------------------------------------------------
class BoolEditor(ParamEditor):
    def __init__(self, spec: ParamSpec, parent: QWidget | None = None):
        super().__init__(spec, parent)
        self.field = QCheckBox()
        self.field.clicked.connect(self._on_clicked)
        self._add_field(self.field, 0)
        self.row.addStretch(1)

    def _display(self, value: Any) -> None:
        self.field.setChecked(bool(value))

    @Slot(bool)
    def _on_clicked(self, checked: bool) -> None:
        self._commit(bool(checked))


class _FocusedWheelCombo(QComboBox):
    """Narrow enough for the inspector whatever its longest choice (which would otherwise
    widen the whole form past the panel); the open list is as wide as its texts."""

    MIN_CHARACTERS = 12

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(self.MIN_CHARACTERS)

    def showPopup(self) -> None:  # noqa: N802
        view = self.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth() + 24)
        super().showPopup()

    def wheelEvent(self, event) -> None:
        if not self.hasFocus():
            event.ignore()
            return
        super().wheelEvent(event)


class ChoiceEditor(ParamEditor):
    """A combo box of the spec's choices; "none" first when the spec allows None."""

    NONE_TEXT = "none"

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None):
        super().__init__(spec, parent)
        self.field = _FocusedWheelCombo()
        self.field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        if spec.nullable:
            self.field.addItem(self.NONE_TEXT, None)
        for choice in spec.choices:
            self.field.addItem(str(choice), choice)
        self.field.activated.connect(self._on_activated)
        self._add_field(self.field)

    def _display(self, value: Any) -> None:
        index = -1
        for i in range(self.field.count()):
            if self.field.itemData(i) == value:
                index = i
                break
        self.field.setCurrentIndex(index)

    @Slot(int)
    def _on_activated(self, index: int) -> None:
        self._commit(self.field.itemData(index))


class ChoiceListEditor(ParamEditor):
    """A list of names from fixed choices (metrics): a button whose menu ticks them."""

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None):
        super().__init__(spec, parent)
        self.field = QPushButton()
        self.menu = QMenu(self.field)
        self.actions_by_name: dict[str, QAction] = {}
        for choice in spec.choices:
            action = self.menu.addAction(str(choice))
            action.setCheckable(True)
            action.setData(choice)
            self.actions_by_name[choice] = action
        self.menu.triggered.connect(self._on_triggered)
        self.field.setMenu(self.menu)
        self._current: list = []
        self._add_field(self.field)

    def _display(self, value: Any) -> None:
        self._current = list(value) if isinstance(value, list | tuple) else []
        for name, action in self.actions_by_name.items():
            action.setChecked(name in self._current)
        self.field.setText(", ".join(map(str, self._current)) or "none")

    @Slot(QAction)
    def _on_triggered(self, action: QAction) -> None:
        name = action.data()
        chosen = [v for v in self._current if v != name]
        if action.isChecked():
            chosen.append(name)
        self._display(chosen)
        self._commit(chosen)


def make_editor(spec: ParamSpec, parent: QWidget | None = None) -> ParamEditor:
    """The editor that fits the spec's type."""
    if spec.type in (INT, FLOAT):
        return NumberEditor(spec, parent)
    if spec.type == BOOL:
        return BoolEditor(spec, parent)
    if spec.type == CHOICE:
        return ChoiceEditor(spec, parent)
    if spec.type == SHAPE:
        return ShapeEditor(spec, parent)
    if spec.type == STR_LIST:
        return ChoiceListEditor(spec, parent) if spec.choices else NameListEditor(spec, parent)
    return JsonEditor(spec, parent)

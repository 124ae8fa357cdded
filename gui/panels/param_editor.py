"""What every parameter editor of the inspector shares (the editors are in param_widgets).

An editor checks what is typed against its `ParamSpec` as the user types: a bad value turns
the field red and shows the reason under it; a value the user confirms (Enter, focus
leaving, a click) is emitted by `committed` only when it is valid and differs from what the
document holds. `set_value` shows the document's value and never emits, so the inspector can
refresh editors without feedback loops.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine.params import ParamSpec

KEPT = " (not applied: the previous value is kept)"
MIXED = object()  # shown value when the selected nodes disagree: any commit applies


def error_colour() -> str:
    """A red that reads on the current light or dark palette."""
    window = QApplication.palette().color(QPalette.ColorRole.Window)
    return "#f87171" if window.lightness() < 128 else "#c62828"


def mute(label: QLabel) -> QLabel:
    """Draws a label's text softer than the text around it (secondary information), in the
    palette's placeholder colour, so that it follows a switch between light and dark."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def refusal(spec: ParamSpec, text: str) -> str:
    return f"expected {spec.expected()}, got {text.strip()!r}"


class ParamEditor(QWidget):
    committed = Signal(object)  # a valid value the user chose

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self._shown: Any = MIXED
        self._typed = False  # the user typed in the field since it last showed a value
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {error_colour()};")
        self.message.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(self.row)
        column.addWidget(self.message)

    # ---- what the inspector calls --------------------------------------------------------
    def set_value(self, value: Any, mixed: bool = False) -> None:
        """Shows the document's value; emits nothing. An unchanged value leaves the field
        alone, so a refresh never disturbs what the user is typing."""
        if not mixed and self._shown is not MIXED and _same(value, self._shown):
            return
        self._shown = MIXED if mixed else value
        self._typed = False
        self.blockSignals(True)
        try:
            self._display(value)
        finally:
            self.blockSignals(False)
        problem = self.spec.check(value)
        self.show_problem(f"the project holds a bad value: {problem}" if problem else "")

    def problem(self) -> str:
        return "" if self.message.isHidden() else self.message.text()

    def show_problem(self, text: str) -> None:
        self.message.setText(f"{self.spec.title}: {text}" if text else "")
        self.message.setStyleSheet(f"color: {error_colour()};")
        self.message.setVisible(bool(text))
        self._mark_invalid(bool(text))

    def shows_error(self) -> bool:
        """A red message stands under the field (not a note about a refused value)."""
        return self.message.isVisible() and bool(self.message.styleSheet())

    def _note_refused(self) -> None:
        """The field went back to the document's value: the reason stays as a soft note,
        no longer red, since what the field shows is fine."""
        if self.message.isHidden():
            return
        text = self.message.text()
        if not text.endswith(KEPT):
            self.message.setText(text + KEPT)
        self.message.setStyleSheet("")
        mute(self.message)
        self._mark_invalid(False)

    # ---- for subclasses ------------------------------------------------------------------
    def _display(self, value: Any) -> None:
        raise NotImplementedError

    def _mark_invalid(self, bad: bool) -> None:
        """Colours the field itself; text editors override."""

    def _commit(self, value: Any) -> None:
        problem = self.spec.check(value)
        if problem:
            self.show_problem(problem)
            return
        self.show_problem("")
        if self._shown is not MIXED and _same(value, self._shown):
            return
        self._shown = value
        self.committed.emit(value)

    def _add_field(self, field: QWidget, stretch: int = 1) -> QWidget:
        field.setToolTip(self.spec.help)
        self.row.addWidget(field, stretch)
        self.setFocusProxy(field)
        return field


def _same(a: Any, b: Any) -> bool:
    # 1 == True and 1 == 1.0 in Python; a type change is a real change here
    return type(a) is type(b) and a == b

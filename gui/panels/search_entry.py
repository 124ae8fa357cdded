"""A parameter given as a value, a range or a list of choices to search (the inspector's node
parameters, the training form's searchable settings).

`SearchEntry` stands around the value's own editor with a small "value / range / list"
switch. A range is typed as low, high, an optional step and "log" sampling; a list as values
separated by commas. Each switch and each confirmed change is ONE `committed` value (a plain
value, or `{"search": ...}`), which the panel turns into one undoable command. What is typed
is checked by the engine (`engine.search.space.search_problem`): a bad range shows the
engine's message under the field and is not applied. `show(value)` displays the document's
value and never emits."""

from __future__ import annotations

import json
import math
from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from engine.params import BOOL, FLOAT, INT, ParamSpec
from engine.search.space import (
    REPEAT,
    SEARCH,
    is_search,
    search_problem,
    starting_search,
    trained_value,
)
from gui.panels.param_editor import error_colour

VALUE, RANGE, LIST = "value", "range", "list"
MODE_TEXTS = {VALUE: "value", RANGE: "range", LIST: "list"}
MODE_HELP = ("A value trains as it is; a range (low, high, step, log sampling) or a list of "
             "choices is tried by the Search tab. Outside a search, a range trains its low "
             "end and a list its first value.")


class SearchEntry(QWidget):
    committed = Signal(object)  # a plain value or {"search": ...}, valid and changed

    def __init__(self, spec: ParamSpec, editor: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.editor = editor
        self._shown: Any = None
        self.numeric = spec.type in (INT, FLOAT)
        self.mode_box = QComboBox()
        self.mode_box.setObjectName(f"search_mode_{spec.name}")
        self.mode_box.setToolTip(MODE_HELP)
        modes = [VALUE, RANGE] if spec.name == REPEAT else (
            [VALUE, RANGE, LIST] if self.numeric else [VALUE, LIST])
        for mode in modes:
            self.mode_box.addItem(MODE_TEXTS[mode], mode)
        self.mode_box.activated.connect(self._on_mode_chosen)
        # narrow: the field beside it keeps the room (the popup still shows each word whole)
        self.mode_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.mode_box.setMinimumContentsLength(3)
        self.mode_box.setFixedWidth(self.mode_box.fontMetrics().horizontalAdvance("range") + 34)

        self.low, self.high, self.step = QLineEdit(), QLineEdit(), QLineEdit()
        for box, hint in ((self.low, "low"), (self.high, "high"), (self.step, "step")):
            box.setPlaceholderText(hint)
            box.setObjectName(f"search_{hint}_{spec.name}")
            box.setToolTip(f"The {hint} of the range of {spec.title}"
                           + (" (optional)" if hint == "step" else ""))
            box.editingFinished.connect(self._on_range_edited)
        self.log_box = QCheckBox("log")
        self.log_box.setToolTip("Sample the range on a log scale (for learning rates)")
        self.log_box.clicked.connect(self._on_range_edited)
        self.log_box.setVisible(spec.name != REPEAT)  # a number of layers: linear only
        self.range_row = QWidget()
        range_layout = QHBoxLayout(self.range_row)
        range_layout.setContentsMargins(0, 0, 0, 0)
        for box in (self.low, self.high, self.step):
            range_layout.addWidget(box, 1)
        range_layout.addWidget(self.log_box, 0)
        self.list_edit = QLineEdit()
        self.list_edit.setObjectName(f"search_list_{spec.name}")
        self.list_edit.setPlaceholderText("values to try, separated by commas")
        self.list_edit.editingFinished.connect(self._on_list_edited)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {error_colour()};")
        self.message.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(editor, 1)
        row.addWidget(self.range_row, 1)
        row.addWidget(self.list_edit, 1)
        row.addWidget(self.mode_box, 0)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.message)
        self._show_mode(VALUE)

    # ---- what the panel calls ------------------------------------------------------------
    def mode(self) -> str:
        return self.mode_box.currentData()

    def is_searching(self) -> bool:
        return self.mode() != VALUE

    def show_value(self, value: Any, mixed: bool = False) -> None:
        """Shows the document's value (a search in its fields); emits nothing."""
        self._shown = value
        searching = is_search(value) and not mixed
        if not searching:
            self._show_mode(VALUE)
            self.show_problem("")
            return
        inner = value[SEARCH]
        self._show_mode(LIST if isinstance(inner, list) else RANGE)
        if isinstance(inner, list):
            self._set_text(self.list_edit, ", ".join(_shown(v) for v in inner))
        elif isinstance(inner, dict):
            self._set_text(self.low, _shown(inner.get("min")))
            self._set_text(self.high, _shown(inner.get("max")))
            self._set_text(self.step, _shown(inner.get("step")))
            self.log_box.setChecked(inner.get("sampling") == "log")
        problem = search_problem(self.spec, value)
        self.show_problem(f"the project holds a bad search: {problem}" if problem else "")

    def problem(self) -> str:
        return "" if self.message.isHidden() else self.message.text()

    def show_problem(self, text: str) -> None:
        self.message.setText(f"{self.spec.title}: {text}" if text else "")
        self.message.setVisible(bool(text))

    # ---- inside --------------------------------------------------------------------------
    def _show_mode(self, mode: str) -> None:
        index = self.mode_box.findData(mode)
        self.mode_box.setCurrentIndex(max(index, 0))
        self.editor.setVisible(mode == VALUE)
        self.range_row.setVisible(mode == RANGE)
        self.list_edit.setVisible(mode == LIST)

    @staticmethod
    def _set_text(box: QLineEdit, text: str) -> None:
        if box.text() != text:
            box.setText(text)

    def _emit(self, value: Any) -> None:
        if value == self._shown and type(value) is type(self._shown):
            return
        self._shown = value
        self.committed.emit(value)

    @Slot(int)
    def _on_mode_chosen(self, _index: int) -> None:
        mode = self.mode()
        current = self._shown
        if mode == VALUE:
            self.show_problem("")
            self._show_mode(VALUE)
            if is_search(current):
                plain = 1 if self.spec.name == REPEAT else trained_value(self.spec, current)
                self._emit(plain)
            return
        if is_search(current) and isinstance(current[SEARCH], list) == (mode == LIST):
            self._show_mode(mode)
            return
        self._emit(starting_search(self.spec, current, mode))
        self.show_value(self._shown)

    @Slot()
    def _on_range_edited(self) -> None:
        if self.mode() != RANGE:
            return
        found: dict[str, Any] = {}
        for key, box in (("min", self.low), ("max", self.high), ("step", self.step)):
            text = box.text().strip()
            if not text:
                if key != "step":
                    self.show_problem(f"a range needs a {box.placeholderText()} value")
                    return
                continue
            number = self._number(text)
            if number is None:
                self.show_problem(f"{box.placeholderText()}: expected a number, got {text!r}")
                return
            found[key] = number
        if self.log_box.isChecked():
            found["sampling"] = "log"
        self._check_and_emit({SEARCH: found})

    @Slot()
    def _on_list_edited(self) -> None:
        if self.mode() != LIST:
            return
        values = [self._item(t.strip()) for t in self.list_edit.text().split(",") if t.strip()]
        self._check_and_emit({SEARCH: values})

    def _check_and_emit(self, value: dict) -> None:
        problem = search_problem(self.spec, value)
        if problem:
            self.show_problem(problem)
            return
        self.show_problem("")
        self._emit(value)

    def _number(self, text: str):
        try:
            number = float(text)
        except ValueError:
            return None
        if not math.isfinite(number):
            return None
        if self.spec.type == INT and number == int(number):
            return int(number)
        return number

    def _item(self, text: str):
        """One typed value of a list, as the parameter takes it ("relu", 32, 0.1, true)."""
        if self.spec.type in (INT, FLOAT):
            number = self._number(text)
            if number is not None:
                return float(number) if self.spec.type == FLOAT else number
        if self.spec.type == BOOL and text.lower() in ("true", "false"):
            return text.lower() == "true"
        try:
            value = json.loads(text)
        except ValueError:
            return text.strip("'\"")
        return value if not isinstance(value, dict | list) else text


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)

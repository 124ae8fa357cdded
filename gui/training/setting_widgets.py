"""Widgets for the declared settings of the `data` and `training` sections: each one is made
from its declaration (range, choices, help as tooltip) and shows a value or its default, so no
form writes a default, a range or a choice list of its own."""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from engine.params import BOOL, CHOICE, FLOAT, INT, ParamSpec
from engine.search.space import is_search
from engine.sections import TRAINING

UNSET_TEXT = "unseeded"  # what a nullable number box shows for null
INT_LIMIT = 2**31 - 1  # the largest value a QSpinBox holds


def int_box(spec: ParamSpec) -> QSpinBox:
    """A spin box over the declared range; a nullable one shows null as its lowest step."""
    box = QSpinBox()
    low = int(spec.minimum if spec.minimum is not None else -INT_LIMIT)
    high = int(min(spec.maximum if spec.maximum is not None else INT_LIMIT, INT_LIMIT))
    if spec.nullable:
        low -= 1
        box.setSpecialValueText(UNSET_TEXT)
    box.setRange(low, high)
    return _declared(box, spec)


def float_box(spec: ParamSpec, decimals: int = 3, step: float = 0.05) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setDecimals(decimals)
    top = spec.maximum if spec.maximum is not None else 1e9
    if spec.max_exclusive:
        top -= 10 ** -decimals
    box.setRange(spec.minimum if spec.minimum is not None else -1e9, top)
    box.setSingleStep(step)
    return _declared(box, spec)


def choice_box(spec: ParamSpec) -> QComboBox:
    box = QComboBox()
    box.addItems([str(c) for c in spec.choices])
    return _declared(box, spec)


def check_box(spec: ParamSpec) -> QCheckBox:
    return _declared(QCheckBox(spec.title), spec)


def names_box(spec: ParamSpec) -> QLineEdit:
    """A line of comma-separated names, for a list-of-names setting."""
    line = QLineEdit()
    line.setPlaceholderText("column names, separated by commas")
    return _declared(line, spec)


def widget_for(spec: ParamSpec) -> QWidget:
    if spec.type == INT:
        return int_box(spec)
    if spec.type == FLOAT:
        return float_box(spec)
    if spec.type == CHOICE:
        return choice_box(spec)
    if spec.type == BOOL:
        return check_box(spec)
    raise ValueError(f"no widget for a {spec.type} setting ({spec.name})")


def show(widget: QWidget, spec: ParamSpec, value: Any) -> None:
    """Shows `value`, or the declared default when the file holds a value the widget cannot."""
    if spec.check(value) is not None:
        value = spec.default
    if isinstance(widget, QSpinBox):
        widget.setValue(widget.minimum() if value is None else int(value))
    elif isinstance(widget, QDoubleSpinBox):
        widget.setValue(float(value or 0.0))
    elif isinstance(widget, QComboBox):
        widget.setCurrentText("" if value is None else str(value))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QLineEdit):
        widget.setText(", ".join(value or ()))


def shown(widget: QWidget, spec: ParamSpec) -> Any:
    """The value a widget shows, as the section writes it (null for a nullable box's
    lowest step)."""
    if isinstance(widget, QSpinBox):
        value = widget.value()
        return None if spec.nullable and value == widget.minimum() else value
    if isinstance(widget, QDoubleSpinBox):
        return widget.value()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QLineEdit):
        return [name.strip() for name in widget.text().split(",") if name.strip()]
    raise TypeError(f"no declared value in a {type(widget).__name__}")


def _declared(widget: QWidget, spec: ParamSpec) -> QWidget:
    widget.setToolTip(spec.help)
    widget.setObjectName(spec.name.replace(".", "_"))
    return widget


class SettingSearches(QObject):
    """The value / range / list switch (gui.panels.search_entry) of the training settings a
    search can try (engine.search.space.SEARCHABLE_SETTINGS the form shows): each switch or
    changed range is one undoable `set_section`. The form keeps calling its own widgets: a
    searched setting's widget shows the value training uses, and `keep(spec)` puts the
    searches back into the spec the form writes."""

    def __init__(self, document, widgets: dict[str, QWidget], parent: QObject | None = None):
        super().__init__(parent)
        from gui.panels.search_entry import SearchEntry

        self.document = document
        self.widgets = widgets
        self.entries = {}
        for path, widget in widgets.items():
            entry = SearchEntry(TRAINING.field(path), widget)
            entry.setObjectName(f"search_{path.replace('.', '_')}")
            entry.committed.connect(lambda value, p=path: self._on_committed(p, value))
            self.entries[path] = entry

    def row(self, path: str) -> QWidget:
        """What the form shows for the setting: its widget inside the switch."""
        return self.entries[path]

    def show_spec(self, spec: dict | None) -> None:
        """Shows each setting's search (or its value) from the section."""
        from engine.search.space import trained_value

        for path, entry in self.entries.items():
            value = TRAINING.value(spec or {}, path)
            if path == "optimizer.learning_rate":  # unset: the optimizer's own default
                from engine.sections import learning_rate

                with contextlib.suppress(TypeError, ValueError):
                    value = learning_rate(spec or {})
            raw = _at(spec or {}, path)
            entry.show_value(raw if is_search(raw) else value)
            if is_search(raw):
                plain = trained_value(TRAINING.field(path), raw)
                widget = self.widgets[path]
                blocked = widget.blockSignals(True)
                if isinstance(widget, QLineEdit):
                    widget.setText(f"{plain:g}" if isinstance(plain, float) else str(plain))
                else:
                    show(widget, TRAINING.field(path), plain)
                widget.blockSignals(blocked)

    def keep(self, spec: dict) -> dict:
        """`spec` (the form's new section) with the document's searches kept in place."""
        current = self.document.project.training or {}
        for path in self.entries:
            raw = _at(current, path)
            if is_search(raw):
                spec = TRAINING.with_value(spec, path, raw)
        return spec

    def _on_committed(self, path: str, value) -> None:
        training = TRAINING.with_value(self.document.project.training, path, value)
        words = "Search" if is_search(value) else "Set"
        self.document.set_section("training", training,
                                  f"{words} {TRAINING.field(path).title}")


def _at(spec: dict, path: str):
    value = spec
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value

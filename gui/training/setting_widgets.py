"""Widgets for the declared settings of the `data` and `training` sections: each one is made
from its declaration (range, choices, help as tooltip) and shows a value or its default, so no
form writes a default, a range or a choice list of its own."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from engine.params import BOOL, CHOICE, FLOAT, INT, ParamSpec

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

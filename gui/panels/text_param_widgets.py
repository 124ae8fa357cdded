"""Parameter editors typed as text: shapes ("28, 28"), lists of names, and JSON values."""

from __future__ import annotations

import json
import re
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLineEdit, QWidget

from engine.params import ParamSpec
from gui.panels.param_editor import ParamEditor, error_colour, refusal


class TextEditor(ParamEditor):
    """A line edit checked as typed; Enter or leaving the field applies a valid value, and a
    refused one is put back to the document's value with the reason left visible."""

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None):
        super().__init__(spec, parent)
        self.field = QLineEdit()
        self.field.setPlaceholderText(self.placeholder())
        self.field.textEdited.connect(self._on_text_edited)
        self.field.editingFinished.connect(self._on_editing_finished)
        self._add_field(self.field)
        self._document_text = ""

    def placeholder(self) -> str:
        return "none" if self.spec.nullable else ""

    def parse(self, text: str) -> tuple[Any, str | None]:
        """(value, None) or (None, why the text is refused)."""
        raise NotImplementedError

    def format(self, value: Any) -> str:
        raise NotImplementedError

    def _display(self, value: Any) -> None:
        self._document_text = self.format(value)
        if self.field.text() != self._document_text:
            self.field.setText(self._document_text)

    def _checked(self, text: str) -> tuple[Any, str | None]:
        value, problem = self.parse(text)
        if problem is None:
            problem = self.spec.check(value)
        return value, problem

    def _mark_invalid(self, bad: bool) -> None:
        self.field.setStyleSheet(f"QLineEdit {{ color: {error_colour()}; }}" if bad else "")

    @Slot(str)
    def _on_text_edited(self, text: str) -> None:
        self._typed = True
        self.show_problem(self._checked(text)[1] or "")

    @Slot()
    def _on_editing_finished(self) -> None:
        if not self._typed:
            return
        self._typed = False
        text = self.field.text()
        value, problem = self._checked(text)
        if problem:
            self.show_problem(problem)
            self.field.setText(self._document_text)
            self._note_refused()
            return
        self._commit(value)


_SHAPE_SPLIT = re.compile(r"\s*[,x×]\s*|\s+")


class ShapeEditor(TextEditor):
    """A shape typed as "28, 28" (also "28x28" or "[28, 28]"); empty means none."""

    def placeholder(self) -> str:
        return "none: the shape of the bound data" if self.spec.nullable else "e.g. 28, 28"

    def parse(self, text: str):
        inner = text.strip().strip("[]()").strip().rstrip(",").strip()  # "(8,)" is [8]
        if not inner:
            return None, None if self.spec.nullable else refusal(self.spec, text)
        parts = _SHAPE_SPLIT.split(inner)
        if not all(p.isascii() and p.isdigit() for p in parts):
            return None, refusal(self.spec, text)
        return [int(p) for p in parts], None

    def format(self, value: Any) -> str:
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return "" if value is None else str(value)


class NameListEditor(TextEditor):
    """A list of names without fixed choices, typed as "a, b"."""

    def parse(self, text: str):
        return [p.strip() for p in text.split(",") if p.strip()], None

    def format(self, value: Any) -> str:
        return ", ".join(map(str, value)) if isinstance(value, list | tuple) else ""


class JsonEditor(TextEditor):
    """Any JSON value; a parameter whose default is a string takes plain text."""

    def __init__(self, spec: ParamSpec, parent: QWidget | None = None):
        self.plain_text = isinstance(spec.default, str)
        super().__init__(spec, parent)

    def parse(self, text: str):
        if self.plain_text:
            return text.strip(), None
        if not text.strip():
            return None, None if self.spec.nullable else "expected a JSON value, got nothing"
        try:
            return json.loads(text), None
        except ValueError as exc:
            return None, f"not valid JSON ({exc.msg} at character {exc.pos + 1})"

    def format(self, value: Any) -> str:
        if self.plain_text and isinstance(value, str):
            return value
        return "" if value is None else json.dumps(value, ensure_ascii=False)

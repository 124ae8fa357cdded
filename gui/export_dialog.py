"""File > Export: choose a format (Python script in a style, .keras, .h5, SavedModel folder,
ONNX, LiteRT), see the generated code read-only with syntax highlighting, and save. Model
files take the raw data by default (the scaling inside the model) or, as the other choice,
scaled inputs; after saving, the dialog says which form was written, how the file verified
against the app's model, and shows the code that loads it.

The dialog builds nothing itself: it calls the engine's export functions (an `api` object
with `styles_for`, `generate_code` and `export_model`, by default `engine.export`) in a
worker thread, since writing a model file imports and runs Keras."""

from __future__ import annotations

import keyword
from pathlib import Path

from PySide6.QtCore import QRegularExpression, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontDatabase, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.export.codegen_search import SEARCH_STYLE_LABELS
from engine.export.load_hints import LOADERS
from engine.export.preprocessing import FORM_LABELS, RAW
from gui.background import Job, run_in_background

PYTHON, KERAS, H5, SAVED_MODEL = "python", "keras", "h5", "savedmodel"
ONNX, LITERT = "onnx", "litert"
FORMATS = (  # (key, label, suffix)
    (PYTHON, "Python script (.py)", ".py"),
    (KERAS, "Keras model (.keras)", ".keras"),
    (H5, "HDF5 model (.h5, legacy)", ".h5"),
    (SAVED_MODEL, "SavedModel folder (for serving)", ""),
    (ONNX, "ONNX model (.onnx)", ".onnx"),
    (LITERT, "LiteRT model (.tflite)", ".tflite"),
)
STYLE_LABELS = {"functional": "Functional API", "sequential": "Sequential",
                "subclassing": "Subclassing (keras.Model)", **SEARCH_STYLE_LABELS}


def _format(color: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt


class PythonHighlighter(QSyntaxHighlighter):
    """Keywords, builtins' constants, numbers, strings (triple-quoted ones across lines),
    comments, and the names after def and class."""

    TRIPLE = 1

    def __init__(self, document):
        super().__init__(document)
        words = "|".join(keyword.kwlist)
        self.rules = [  # (pattern, format, capture group to colour)
            (QRegularExpression(rf"\b({words})\b"), _format("#0033b3", bold=True), 0),
            (QRegularExpression(r"\b(def|class)\s+(\w+)"), _format("#00627a", bold=True), 2),
            (QRegularExpression(r"\b\d+(\.\d*)?([eE][-+]?\d+)?\b"), _format("#1750eb"), 0),
            (QRegularExpression(r"'([^'\\]|\\.)*'|\"([^\"\\]|\\.)*\""), _format("#067d17"),
             0),
            (QRegularExpression(r"#[^\n]*"), _format("#8c8c8c", italic=True), 0),
        ]
        self.string_format = _format("#067d17")
        self.triple = QRegularExpression('"""')

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        for pattern, fmt, group in self.rules:
            found = pattern.globalMatch(text)
            while found.hasNext():
                match = found.next()
                self.setFormat(match.capturedStart(group), match.capturedLength(group), fmt)
        self._triple_quotes(text)

    def _triple_quotes(self, text: str) -> None:
        self.setCurrentBlockState(0)
        start = 0 if self.previousBlockState() == self.TRIPLE else -1
        if start == -1:
            match = self.triple.match(text)
            start = match.capturedStart() if match.hasMatch() else -1
            offset = 3
        else:
            offset = 0
        while start >= 0:
            end_match = self.triple.match(text, start + offset)
            if end_match.hasMatch():
                end = end_match.capturedStart() + 3
                self.setFormat(start, end - start, self.string_format)
                next_match = self.triple.match(text, end)
                start = next_match.capturedStart() if next_match.hasMatch() else -1
                offset = 3
            else:
                self.setCurrentBlockState(self.TRIPLE)
                self.setFormat(start, len(text) - start, self.string_format)
                return


def _default_api():
    import engine.export

    return engine.export


class ExportDialog(QDialog):
    """Export of one project (a snapshot; the dialog never changes it). `model` is a trained
    Keras model whose weights go into model files (None: the project's saved weights)."""

    saved = Signal(str)  # the path written
    preview_ready = Signal()

    def __init__(self, project, api=None, model=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export model")
        self.project = project.copy()  # edits made while the dialog is open do not leak in
        self.api = api or _default_api()
        self.model = model
        self._jobs: list[Job] = []
        self.format_box = QComboBox()
        for key, label, _ in FORMATS:
            self.format_box.addItem(label, key)
        self.style_box = QComboBox()
        self.form_box = QComboBox()
        for key, label in FORM_LABELS.items():
            self.form_box.addItem(label, key)
        self.form_box.setCurrentIndex(self.form_box.findData(RAW))
        self.distribution_check = QCheckBox("Add training on several GPUs or machines "
                                            "(--strategy)")
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("where to save")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit)
        path_row.addWidget(browse)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.highlighter = PythonHighlighter(self.preview.document())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Close)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Format", self.format_box)
        form.addRow("Code style", self.style_box)
        form.addRow("", self.distribution_check)
        form.addRow("Model takes", self.form_box)
        form.addRow("Save to", path_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(820, 620)
        self._fill_styles()
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self.style_box.currentIndexChanged.connect(self._refresh_preview)
        self.distribution_check.toggled.connect(self._refresh_preview)
        self.path_edit.textEdited.connect(self._path_typed)
        self._format_changed()

    # ---- choices --------------------------------------------------------------------------
    def current_format(self) -> str:
        return self.format_box.currentData()

    def current_style(self) -> str:
        return self.style_box.currentData() or "functional"

    def current_form(self) -> str:
        return self.form_box.currentData() or RAW

    def _code_options(self) -> dict:
        return {"distribution": True} if self.distribution_check.isChecked() else {}

    def _fill_styles(self) -> None:
        try:
            allowed = list(self.api.styles_for(self.project))
        except Exception as exc:  # a graph with errors: say so; nothing can be exported
            allowed = []
            self._show_problem(str(exc))
        for style, label in STYLE_LABELS.items():
            self.style_box.addItem(label, style)
            item = self.style_box.model().item(self.style_box.count() - 1)
            item.setEnabled(style in allowed)
            if style not in allowed:
                item.setToolTip(("only for a project with a range or list to search"
                                 if style in SEARCH_STYLE_LABELS else
                                 "only for a single chain of layers") if allowed else "")
        self.exportable = bool(allowed)
        self.save_button.setEnabled(self.exportable)

    @Slot()
    def _format_changed(self) -> None:
        python = self.current_format() == PYTHON
        self.style_box.setEnabled(python)
        self.distribution_check.setEnabled(python)
        self.form_box.setEnabled(not python)
        suffix = next(s for k, _, s in FORMATS if k == self.current_format())
        text = self.path_edit.text().strip()
        stem = Path(text).with_suffix("") if text else Path(_file_stem(self.project))
        self.path_edit.setText(str(stem) + suffix)
        self._refresh_preview()

    @Slot(str)
    def _path_typed(self, text: str) -> None:
        """A file name ending in another format's suffix (wd.h5) chooses that format, so the
        box always shows what will be written."""
        fmt = format_of_path(Path(text.strip()))
        if fmt is not None and fmt != self.current_format():
            self.format_box.setCurrentIndex(self.format_box.findData(fmt))

    @Slot()
    def _browse(self) -> None:
        fmt = self.current_format()
        if fmt == SAVED_MODEL:
            chosen = QFileDialog.getExistingDirectory(self, "SavedModel folder")
        else:
            suffix = next(s for k, _, s in FORMATS if k == fmt)
            chosen, _ = QFileDialog.getSaveFileName(self, "Export to", self.path_edit.text(),
                                                    f"*{suffix}")
        if chosen:
            self.path_edit.setText(chosen)

    # ---- preview --------------------------------------------------------------------------
    @Slot()
    def _refresh_preview(self) -> None:
        if self.current_format() != PYTHON:
            self.preview.setPlainText(
                "# A model file has no code to preview. After saving, it is loaded back as\n"
                "# below and checked against the app's model on the test samples.\n"
                "# path: the file; inputs: {input name: array}\n"
                + LOADERS[self.current_format()])
            self.preview_ready.emit()
            return
        self.preview.setPlainText("# generating…")
        self._run(self._preview_done, self.api.generate_code, self.project,
                  self.current_style(), **self._code_options())

    @Slot(object)
    def _preview_done(self, code) -> None:
        self.preview.setPlainText(str(code))
        self.status.clear()
        self.preview_ready.emit()

    # ---- saving ---------------------------------------------------------------------------
    @Slot()
    def _save(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self._show_problem("choose where to save")
            return
        path = Path(text)
        fmt = format_of_path(path)
        if fmt is not None and fmt != self.current_format():  # set by code, not typed
            self.format_box.setCurrentIndex(self.format_box.findData(fmt))
            self._show_problem(f"{path.name} is a {self.format_box.currentText()} name: the "
                               "format now says so; press Save again to write it")
            return
        if path.exists() and not self.confirm_overwrite(path):
            return
        self.save_button.setEnabled(False)
        self.status.setText(f"saving {path.name}…")
        if self.current_format() == PYTHON:
            self._run(self._saved, _write_code, self.api, self.project, self.current_style(),
                      path, self._code_options())
        else:
            self._run(self._saved, self.api.export_model, self.project, path,
                      model=self.model, form=self.current_form())

    def confirm_overwrite(self, path: Path) -> bool:
        answer = QMessageBox.question(self, "Replace?", f"{path.name} exists. Replace it?")
        return answer == QMessageBox.StandardButton.Yes

    @Slot(object)
    def _saved(self, result) -> None:
        """`result`: the path of a script, or the ExportReport of a model file."""
        self.save_button.setEnabled(True)
        lines = getattr(result, "lines", None)
        if lines is None:
            self.status.setText(f"saved to {result}")
            self.saved.emit(str(result))
            return
        self.status.setText("saved: " + "\n".join(lines()))
        if result.hint:
            self.preview.setPlainText("# load and run it:\n" + result.hint)
        self.saved.emit(str(result.path))

    # ---- worker threads -------------------------------------------------------------------
    def _run(self, on_success, function, *args, **kwargs) -> None:
        """Runs `function(*args, **kwargs)` in a background thread on a copy of the project."""
        job = Job(function, *args, **kwargs)
        job.succeeded.connect(on_success)
        job.failed.connect(self._show_problem)
        job.finished.connect(self._forget_jobs)
        self._jobs.append(job)
        run_in_background(job, "dendrite-export")

    @Slot()
    def _forget_jobs(self) -> None:
        self._jobs = [job for job in self._jobs if not job.is_finished]

    @Slot(str)
    def _show_problem(self, message: str) -> None:
        self.save_button.setEnabled(getattr(self, "exportable", False))
        self.status.setText(f"Cannot export: {message}")

    def wait_for_workers(self) -> None:
        for job in self._jobs:
            job.wait()
        self._jobs.clear()

    def done(self, result: int) -> None:
        self.wait_for_workers()
        super().done(result)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.wait_for_workers()
        super().closeEvent(event)


def format_of_path(path: Path) -> str | None:
    """The format a file name's suffix names (None: no suffix of ours, e.g. a folder)."""
    suffix = path.suffix.lower()
    return next((key for key, _, s in FORMATS if s and s == suffix), None)


def _file_stem(project) -> str:
    if project.path is not None:
        return str(Path(project.path).with_suffix(""))
    import re

    return re.sub(r"[^A-Za-z0-9_-]+", "_", project.name).strip("_") or "model"


def _write_code(api, project, style: str, path: Path, options: dict) -> Path:
    from engine.project_io import atomic_write

    atomic_write(path, api.generate_code(project, style, **options).encode("utf-8"))
    return path

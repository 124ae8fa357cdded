"""File > Export: choose a format (Python script in a style, .keras, .h5, SavedModel folder),
see the generated code read-only with syntax highlighting, and save.

The dialog builds nothing itself: it calls the engine's export functions (an `api` object
with `styles_for`, `generate_code` and `export_model`, by default `engine.export`) in a
worker thread, since writing a model file imports and runs Keras."""

from __future__ import annotations

import keyword
from pathlib import Path

from PySide6.QtCore import QRegularExpression, Qt, QThread, Signal, Slot
from PySide6.QtGui import QColor, QFont, QFontDatabase, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import (
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

from gui.engine_jobs import EngineJob, export_threads

PYTHON, KERAS, H5, SAVED_MODEL = "python", "keras", "h5", "savedmodel"
FORMATS = (  # (key, label, suffix)
    (PYTHON, "Python script (.py)", ".py"),
    (KERAS, "Keras model (.keras)", ".keras"),
    (H5, "HDF5 model (.h5, legacy)", ".h5"),
    (SAVED_MODEL, "SavedModel folder (for serving)", ""),
)
STYLE_LABELS = {"functional": "Functional API", "sequential": "Sequential",
                "subclassing": "Subclassing (keras.Model)"}


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
        self.project = project
        self.api = api or _default_api()
        self.model = model
        self._threads: list[tuple[QThread, EngineJob]] = []
        self.format_box = QComboBox()
        for key, label, _ in FORMATS:
            self.format_box.addItem(label, key)
        self.style_box = QComboBox()
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
        self._format_changed()

    # ---- choices --------------------------------------------------------------------------
    def current_format(self) -> str:
        return self.format_box.currentData()

    def current_style(self) -> str:
        return self.style_box.currentData() or "functional"

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
                item.setToolTip("only for a single chain of layers" if allowed else "")
        self.exportable = bool(allowed)
        self.save_button.setEnabled(self.exportable)

    @Slot()
    def _format_changed(self) -> None:
        python = self.current_format() == PYTHON
        self.style_box.setEnabled(python)
        suffix = next(s for k, _, s in FORMATS if k == self.current_format())
        text = self.path_edit.text().strip()
        stem = Path(text).with_suffix("") if text else Path(_file_stem(self.project))
        self.path_edit.setText(str(stem) + suffix)
        self._refresh_preview()

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
                "# A model file holds the model's layers, weights and training settings;\n"
                "# it has no code to preview. Keras loads it with keras.models.load_model.\n")
            self.preview_ready.emit()
            return
        self.preview.setPlainText("# generating…")
        self._run(self._preview_done, self.api.generate_code, self.project,
                  self.current_style())

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
        if path.exists() and not self.confirm_overwrite(path):
            return
        self.save_button.setEnabled(False)
        self.status.setText(f"saving {path.name}…")
        if self.current_format() == PYTHON:
            self._run(self._saved, _write_code, self.api, self.project, self.current_style(),
                      path)
        else:
            self._run(self._saved, _write_model, self.api, self.project, path, self.model)

    def confirm_overwrite(self, path: Path) -> bool:
        answer = QMessageBox.question(self, "Replace?", f"{path.name} exists. Replace it?")
        return answer == QMessageBox.StandardButton.Yes

    @Slot(object)
    def _saved(self, path) -> None:
        self.save_button.setEnabled(True)
        self.status.setText(f"saved to {path}")
        self.saved.emit(str(path))

    # ---- worker threads -------------------------------------------------------------------
    def _run(self, on_success, function, *args) -> None:
        job = EngineJob(function, *args)
        thread = QThread()
        job.moveToThread(thread)
        thread.started.connect(job.run)
        job.succeeded.connect(on_success)
        job.failed.connect(self._show_problem)
        # direct: a queued quit would never arrive while the GUI thread waits in wait()
        job.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
        thread.finished.connect(self._forget_threads)
        self._threads.append((thread, job))
        export_threads().keep(thread, job)
        thread.start()

    @Slot()
    def _forget_threads(self) -> None:
        self._threads = [(t, j) for t, j in self._threads if not t.isFinished()]

    @Slot(str)
    def _show_problem(self, message: str) -> None:
        self.save_button.setEnabled(getattr(self, "exportable", False))
        self.status.setText(f"Cannot export: {message}")

    def wait_for_workers(self) -> None:
        for thread, _ in list(self._threads):
            thread.wait()
        self._threads.clear()

    def done(self, result: int) -> None:
        self.wait_for_workers()
        super().done(result)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.wait_for_workers()
        super().closeEvent(event)


def _file_stem(project) -> str:
    if project.path is not None:
        return str(Path(project.path).with_suffix(""))
    import re

    return re.sub(r"[^A-Za-z0-9_-]+", "_", project.name).strip("_") or "model"


def _write_code(api, project, style: str, path: Path) -> Path:
    from engine.project_io import atomic_write

    atomic_write(path, api.generate_code(project, style).encode("utf-8"))
    return path


def _write_model(api, project, path: Path, model) -> Path:
    return api.export_model(project, path, model=model).path

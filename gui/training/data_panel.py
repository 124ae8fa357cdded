"""The data panel: choose and bind the dataset, load it in a worker, preview it, and see the
engine's binding check (messages naming both sides) before any training."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine.data.errors import DataError
from engine.problem_words import for_people
from gui.background import Job, run_in_background
from gui.training.data_form import DataForm
from gui.training.data_preview import DataPreview
from gui.training.data_source_options import SourceOptions
from gui.training.engine_api import load_data


def data_key(spec: dict | None, base_dir) -> str:
    """What decides the prepared arrays: the dataset, scaling and split (not the binding)."""
    spec = spec or {}
    return json.dumps([spec.get("dataset"), spec.get("scaling"), spec.get("split"),
                       str(base_dir)], sort_keys=True, default=str)


class DataCache(QObject):
    """The last prepared data, shared by the data and training panels so a dataset such as
    MNIST is loaded once. Keyed by data_key; the arrays are never changed after loading."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.key: str | None = None
        self.prepared = None

    def get(self, key: str):
        return self.prepared if key == self.key else None

    def put(self, key: str, prepared) -> None:
        self.key, self.prepared = key, prepared


class DataPanel(QWidget):
    loaded = Signal(object)  # PreparedData, in the GUI thread
    load_failed = Signal(str)

    def __init__(self, document, cache: DataCache | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.cache = cache or DataCache(self)
        self.form = DataForm(document)
        self.options = SourceOptions(document)  # as images, image folder, text columns
        self.load_button = QPushButton("Load && check")
        self.load_button.setObjectName("load_data")
        self.status = QLabel("")
        self.status.setObjectName("data_status")
        self.status.setWordWrap(True)
        self.messages = QListWidget()
        self.messages.setObjectName("binding_messages")
        self.messages.setMaximumHeight(110)
        self.preview = DataPreview()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.form)
        left_layout.addWidget(self.options)
        buttons = QHBoxLayout()
        buttons.addWidget(self.load_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.status)
        left_layout.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel("Binding check"))
        right_layout.addWidget(self.messages)
        right_layout.addWidget(self.preview, 1)
        splitter = QSplitter()
        splitter.setObjectName("data_splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self._job: Job | None = None
        self._loading_key: str | None = None
        self._failed_key: str | None = None  # not loaded again by itself: the user asks
        self._shown_key: str | None = None
        self.load_button.clicked.connect(self.load)
        self.form.problem.connect(self._show_problem)
        document.section_changed.connect(self._on_section_changed)
        document.analysis_changed.connect(self._on_analysis_changed)
        document.project_replaced.connect(self._on_project_replaced)

    # ---- loading ---------------------------------------------------------------------------
    def base_dir(self) -> Path | None:
        path = self.document.path
        return Path(path).parent if path else None

    def current_key(self) -> str:
        return data_key(self.document.project.data, self.base_dir())

    def is_loading(self) -> bool:
        return self._job is not None

    @Slot()
    def load(self) -> None:
        """Loads the chosen dataset in a worker thread (from the cache when unchanged)."""
        self._failed_key = None
        self._start_load()

    def load_when_shown(self) -> None:
        """The chosen data appears by itself while the tab is in view: loaded in the
        background when it is not in the cache yet (a load that failed waits for the
        button, so a broken file is not read again and again)."""
        if not self.isVisible() or self.is_loading():
            return
        key = self.current_key()
        if key == self._shown_key or key == self._failed_key:
            return
        self._start_load()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self.load_when_shown()

    def _start_load(self) -> None:
        if self.is_loading():
            return
        key = self.current_key()
        cached = self.cache.get(key)
        if cached is not None:
            self._show(cached)
            return
        spec = json.loads(json.dumps(self.document.project.data or {}))
        self.status.setText("Loading the data…")
        self.load_button.setEnabled(False)
        self._loading_key = key
        job = Job(load_data, spec, self.base_dir())
        job.succeeded.connect(self._on_loaded)
        job.failed.connect(self._on_failed)
        job.finished.connect(self._on_thread_finished)
        self._job = run_in_background(job, "dendrite-data")

    @Slot(object)
    def _on_loaded(self, prepared) -> None:
        self.cache.put(self._loading_key, prepared)
        if self._loading_key == self.current_key():  # else the next load shows the new choice
            self._show(prepared)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._failed_key = self._loading_key
        self._shown_key = None
        self.status.setText(message)
        self.preview.clear("No data loaded.")
        self.load_failed.emit(message)

    @Slot()
    def _on_thread_finished(self) -> None:
        self._job.wait()
        self._job = None
        self.load_button.setEnabled(True)
        self.load_when_shown()  # the choice changed while loading: show the new one

    def detach_load(self) -> None:
        """For the window's close: a load in progress finishes on its own (its thread is kept
        by gui.background, which the application waits for on quit) instead of holding up
        the close."""
        job = self._job
        if job is None or job.is_finished:
            return
        self._job = None
        job.succeeded.disconnect(self._on_loaded)
        job.failed.disconnect(self._on_failed)
        job.finished.disconnect(self._on_thread_finished)

    def _show(self, prepared) -> None:
        try:
            self.preview.show_data(prepared)  # decodes an image folder's first images
        except DataError as exc:  # a broken one among them: named, as a failed load
            self._loading_key = self.current_key()
            self._on_failed(str(exc))
            return
        self._shown_key = self.current_key()  # `prepared` is always the current choice's
        self.form.set_data_info(prepared)
        self.status.setText(f"Loaded {prepared.dataset.name}.")
        self.check_binding()
        self.loaded.emit(prepared)

    # ---- binding check ---------------------------------------------------------------------
    def check_binding(self) -> list:
        """Runs the engine's binding check on the loaded data and lists what it says."""
        self.messages.clear()
        prepared = self.cache.get(self.current_key())
        if prepared is None:
            return []
        from engine.data.binding import bind

        binding = bind(self.document.graph, self.document.project.data, prepared)
        for problem in binding.problems:
            self.messages.addItem(for_people(problem))
        if not binding.problems:
            shapes = ", ".join(f"{b.name} {b.describe()}" for b in binding.inputs.values())
            self.messages.addItem(f"OK: {shapes}")
        return binding.problems

    @Slot(str)
    def _show_problem(self, message: str) -> None:
        self.status.setText(message)

    @Slot(str)
    def _on_section_changed(self, section: str) -> None:
        if section == "data":
            self.check_binding()
            self.load_when_shown()

    @Slot(object)
    def _on_analysis_changed(self, _analysis) -> None:
        self.check_binding()

    @Slot()
    def _on_project_replaced(self) -> None:
        self.messages.clear()
        self.status.setText("")
        self._failed_key = self._shown_key = None
        self.preview.clear("No data loaded yet.")
        self.load_when_shown()

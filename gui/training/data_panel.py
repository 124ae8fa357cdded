"""The data panel: choose and bind the dataset, load it in a worker, preview it, and see the
engine's binding check (messages naming both sides) before any training."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.training.data_form import DataForm
from gui.training.data_preview import DataPreview
from gui.training.gc_guard import GuiThreadCollector
from gui.training.threads import DataLoadWorker, start_worker


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
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self._thread: QThread | None = None
        self._worker: DataLoadWorker | None = None
        self._loading_key: str | None = None
        self.collector = GuiThreadCollector(self)
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
        return self._thread is not None

    @Slot()
    def load(self) -> None:
        """Loads the chosen dataset in a worker thread (from the cache when unchanged)."""
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
        self.collector.start()
        self._worker = DataLoadWorker(spec, self.base_dir())
        self._worker.loaded.connect(self._on_loaded)
        self._worker.failed.connect(self._on_failed)
        self._thread = start_worker(self._worker, self._worker.finished)
        self._thread.finished.connect(self._on_thread_finished)

    @Slot(object)
    def _on_loaded(self, prepared) -> None:
        self.cache.put(self._loading_key, prepared)
        self._show(prepared)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.status.setText(message)
        self.preview.show_message("No data loaded.")
        self.load_failed.emit(message)

    @Slot()
    def _on_thread_finished(self) -> None:
        self._thread.wait()
        self._thread.deleteLater()
        self._worker.deleteLater()
        self._thread = None
        self._worker = None
        self.collector.stop()
        self.load_button.setEnabled(True)

    def wait_idle(self) -> None:
        """Waits for a load in progress (used when the window closes)."""
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self.collector.stop()

    def _show(self, prepared) -> None:
        self.form.set_data_info(prepared)
        self.preview.show_data(prepared)
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
            self.messages.addItem(problem.describe())
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

    @Slot(object)
    def _on_analysis_changed(self, _analysis) -> None:
        self.check_binding()

    @Slot()
    def _on_project_replaced(self) -> None:
        self.messages.clear()
        self.status.setText("")
        self.preview.show_message("No data loaded yet.")

"""Imports TensorFlow in a background thread after the window is shown, so the editor takes
input at once and training starts without the import pause later."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from gui import gc_policy


class _Import(QObject):
    loaded = Signal(str, float)  # versions, seconds
    failed = Signal(str)
    finished = Signal()

    @Slot()
    def run(self) -> None:
        started = time.perf_counter()
        try:
            from engine.keras_setup import versions

            self.loaded.emit(versions(), time.perf_counter() - started)
        except Exception as exc:  # noqa: BLE001 - a broken install is reported, never raised
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        finally:
            self.finished.emit()


class TensorFlowLoader(QObject):
    ready = Signal(str)  # e.g. "TensorFlow 2.20.0, Keras 3.15.1 ready (4.1 s)"
    failed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        gc_policy.install()  # the import allocates a lot: no collection in its thread
        self.thread = QThread()
        self.thread.setObjectName("tensorflow-import")
        self.job = _Import()
        self.job.moveToThread(self.thread)
        self.thread.started.connect(self.job.run)
        self.job.loaded.connect(self._on_loaded)
        self.job.failed.connect(self._on_failed)
        self.job.finished.connect(self.thread.quit, Qt.ConnectionType.DirectConnection)
        self.done = False

    def start(self) -> None:
        self.thread.start(QThread.Priority.LowPriority)

    @Slot(str, float)
    def _on_loaded(self, versions: str, seconds: float) -> None:
        self.done = True
        self.ready.emit(f"{versions} ready ({seconds:.1f} s)")

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.done = True
        self.failed.emit(f"TensorFlow could not be loaded: {message}. Editing still works; "
                         "training and export need it.")

    def wait(self) -> None:
        if self.thread.isRunning():
            self.thread.wait()

"""Running a QObject worker in its own QThread, and one-shot data loading there."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot


def start_worker(worker: QObject, finished_signal) -> QThread:
    """Moves `worker` into a new thread, runs its `run` slot there, and lets the thread end
    when `finished_signal` fires. The caller keeps the thread and waits for it before quitting."""
    thread = QThread()
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    # direct: a queued quit would never arrive while the GUI thread waits in wait()
    finished_signal.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.start()
    return thread


class DataLoadWorker(QObject):
    """Loads, splits and scales the project's data section with the engine."""

    loaded = Signal(object)  # engine PreparedData
    failed = Signal(str)
    finished = Signal()

    def __init__(self, data_spec: dict, base_dir: Path | None):
        super().__init__()
        self.data_spec = data_spec
        self.base_dir = base_dir

    @Slot()
    def run(self) -> None:
        from engine.data.errors import DataError
        from engine.data.prepare import prepare_data

        try:
            self.loaded.emit(prepare_data(self.data_spec, self.base_dir))
        except DataError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a loader bug must not take the app down
            self.failed.emit(f"the data could not be loaded: {type(exc).__name__}: {exc}")
        finally:
            self.finished.emit()

"""Engine calls in worker threads (export, import), and the keeper that holds each thread until
it has finished: a QThread destroyed while running aborts the app, and the app waits for
them all when it quits."""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal, Slot


class EngineJob(QObject):
    """One engine call in a worker thread; reports its result or its error message."""

    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, function, *args, **kwargs):
        super().__init__()
        self.function, self.args, self.kwargs = function, args, kwargs

    @Slot()
    def run(self) -> None:
        try:
            self.succeeded.emit(self.function(*self.args, **self.kwargs))
        except Exception as exc:  # any engine refusal is shown, never raised into Qt
            self.failed.emit(str(exc) or type(exc).__name__)
        finally:
            self.finished.emit()


class JobKeeper(QObject):
    """Holds every export thread until it has finished, even when its dialog is gone first
    (a QThread destroyed while running aborts the app)."""

    def __init__(self):
        super().__init__()
        self.running: list[tuple[QThread, EngineJob]] = []

    def keep(self, thread: QThread, job: EngineJob) -> None:
        self.running.append((thread, job))
        thread.finished.connect(self.release)

    @Slot()
    def release(self) -> None:
        for thread, job in list(self.running):
            if thread.isFinished():
                self.running.remove((thread, job))

    def wait_all(self) -> None:
        for thread, _ in list(self.running):
            thread.wait()
        self.release()


_keeper: JobKeeper | None = None


def export_threads() -> JobKeeper:
    """The keeper of export and import threads; the application waits for it on quit."""
    global _keeper
    if _keeper is None:
        _keeper = JobKeeper()
    return _keeper

"""The engine's training session, worked in one long-lived worker thread.

Building, training, evaluating, predicting, loading and saving trained state all happen in
the same thread (Keras keeps per-thread state; the sidecar's files are read and written off
the GUI thread). The session's events are re-emitted as `event` and reach the GUI thread
queued; the panels only show them. `stop()` is safe from the GUI thread.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal, Slot

from engine.training.session import TrainingSession
from gui.background import Job, WorkerThread

# While the worker has work, the interpreter hands its lock over every 1 ms instead of 5 ms:
# the worker runs Python between its TensorFlow calls, and every Python slot or paint of the
# GUI thread (the curves are pyqtgraph, Python) waits for the lock up to this long, often
# many times in one redraw.
BUSY_SWITCH_INTERVAL = 0.001


class SessionRunner(QObject):
    event = Signal(object)  # every event of the session (engine.training.session_events)
    idle = Signal()  # the last queued job has ended
    _raw = Signal(object, int)  # an event and the generation of the thread that sent it

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.session = TrainingSession()
        self.session.subscribe(self._forward)
        self.worker_thread: WorkerThread | None = None
        self._jobs: list[Job] = []  # queued or going on
        self.running = False  # a run job is queued or going on
        self.generation = 0  # counts shutdowns: late events of an old thread are dropped
        self._idle_interval: float | None = None  # the switch interval to restore when idle
        self._raw.connect(self._deliver)

    def _forward(self, event) -> None:
        """Called by the session in whichever thread did the work."""
        self._raw.emit(event, self.generation)

    @Slot(object, int)
    def _deliver(self, event, generation: int) -> None:
        if generation == self.generation:
            self.event.emit(event)

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def has_thread(self) -> bool:
        return self.worker_thread is not None

    # ---- jobs ------------------------------------------------------------------------------
    def _submit(self, function, *args) -> None:
        if self.worker_thread is None:
            self.worker_thread = WorkerThread("dendrite-training", self)
        job = Job(function, *args)
        job.failed.connect(self._on_failed)
        job.finished.connect(self._on_finished)
        self._jobs.append(job)
        self._hand_over_often(True)
        self.worker_thread.submit(job)

    def _hand_over_often(self, busy: bool) -> None:
        """Shortens the interpreter's switch interval while there is work (see above)."""
        if busy and self._idle_interval is None:
            self._idle_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(self._idle_interval, BUSY_SWITCH_INTERVAL))
        elif not busy and self._idle_interval is not None:
            sys.setswitchinterval(self._idle_interval)
            self._idle_interval = None

    def run(self, request) -> None:
        self.running = True
        self._submit(self.session.run, request)

    def predict(self, split: str, first: int, count: int) -> None:
        self._submit(self.session.predict, split, first, count)

    def save(self, project_path, snapshot) -> None:
        """Writes the trained state beside `project_path`, then the project snapshot with its
        "trained" entry (both in the worker thread)."""
        self._submit(self.session.save, project_path, snapshot)

    def load(self, snapshot, reader=None) -> None:
        self._submit(self.session.load, snapshot, reader)

    def stop(self) -> None:
        self.session.stop()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        from engine.training.session_events import Problem

        self.event.emit(Problem(f"The training worker failed: {message}"))

    @Slot()
    def _on_finished(self) -> None:
        self._jobs = [job for job in self._jobs if not job.is_finished]
        if not self._jobs:
            self.running = False
            self._hand_over_often(False)
            self.idle.emit()

    def shutdown(self) -> None:
        """Stops a run at its next batch, skips what was queued after it, joins the thread."""
        if self.worker_thread is None:
            return
        self.session.close()
        self.worker_thread.shutdown()
        self.worker_thread = None
        self.generation += 1
        self._jobs.clear()
        self.running = False
        self._hand_over_often(False)
        self.session.reopen()


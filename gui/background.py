"""The one way the GUI runs engine work off its own thread.

    job = Job(generate_code, project, style)   # succeeded(object), failed(str), finished()
    job.succeeded.connect(self.show_code)      # connect first, then hand it over:
    run_in_background(job)                     # a one-shot thread, or
    thread = WorkerThread("dendrite-training", parent=panel)   # a long-lived one
    thread.submit(job)

A `WorkerThread` runs its jobs one after another in its own `run` loop, so one Python thread
state lives as long as the thread: TensorFlow's pybind11 code caches it, and the queued slot
calls of a moved QObject (a fresh thread state each) deadlocked a second `fit` here. A job's
signals are emitted in the worker thread and reach their receivers queued in the GUI thread:
connect them to methods decorated with `@Slot`, never to lambdas. Every thread is joined:
`shutdown()` for a long-lived one; one-shot threads are kept by `background_jobs()` until they
end, and the application waits for them on quit (a QThread destroyed while running aborts).
"""

from __future__ import annotations

import contextlib
import os
import queue
import sys
import threading

from PySide6.QtCore import QObject, QThread, Signal, Slot

from gui import gc_policy

WORKER_NICE = 5  # how much a worker thread (and the pools TensorFlow starts from it) yields


class Job(QObject):
    """One call in a worker thread; says its result, or its error message, then finished."""

    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, function, *args, **kwargs):
        super().__init__()
        self.function, self.args, self.kwargs = function, args, kwargs
        self.thread_: WorkerThread | None = None
        self.is_finished = False

    def execute(self) -> None:
        """Runs in the worker thread; an exception is reported, never raised into Qt."""
        try:
            self.succeeded.emit(self.function(*self.args, **self.kwargs))
        except Exception as exc:
            self.failed.emit(str(exc) or type(exc).__name__)
        finally:
            self.is_finished = True
            self.finished.emit()

    def wait(self) -> None:
        """Waits for the thread of a one-shot job to end (a long-lived one: no waiting)."""
        thread = self.thread_
        if thread is not None and thread.one_shot:
            thread.wait()


def lower_thread_priority(nice: int = WORKER_NICE) -> None:
    """Makes the calling thread nicer, so the GUI thread wins the CPU on a busy machine.

    Linux only: there a thread is a task with its own nice value, which threads it starts
    (TensorFlow's thread pools, created on first use in this thread) inherit."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)


class WorkerThread(QThread):
    """Runs submitted jobs in order until `shutdown()` (which lets queued jobs finish)."""

    def __init__(self, name: str, parent: QObject | None = None, *, nice: bool = True,
                 one_shot: bool = False):
        super().__init__(parent)
        gc_policy.install()  # no garbage collection in this thread, which runs Python
        self.setObjectName(name)
        self.nice = nice
        self.one_shot = one_shot
        self._queue: queue.Queue = queue.Queue()
        # Jobs stay referenced here until the worker is past them, so that a Job (a QObject
        # of the GUI thread) is never destroyed in the worker thread.
        self._jobs: list[Job] = []
        self._past = 0
        self._past_lock = threading.Lock()
        self.start()

    def submit(self, job: Job) -> Job:
        """Queues `job` (connect to its signals before this)."""
        self.release_finished()
        job.thread_ = self
        job.finished.connect(self.release_finished)
        self._jobs.append(job)
        self._queue.put(job)
        return job

    def run(self) -> None:
        if self.nice:
            lower_thread_priority()
        while True:
            job = self._queue.get()
            if job is None:
                return
            job.execute()
            del job
            with self._past_lock:
                self._past += 1
            if self.one_shot:
                return

    @Slot()
    def release_finished(self) -> None:
        """Drops the jobs the worker is past (in the GUI thread, so their QObjects die here)."""
        with self._past_lock:
            past, self._past = self._past, 0
        for job in self._jobs[:past]:
            job.thread_ = None
        del self._jobs[:past]

    def shutdown(self) -> None:
        """Lets the queued jobs finish, ends the thread and waits for it."""
        self._queue.put(None)
        self.wait()
        self.release_finished()


class BackgroundJobs(QObject):
    """Keeps each one-shot thread (and its job) until it has finished, even when whoever
    started it is gone first."""

    def __init__(self):
        super().__init__()
        self.running: list[WorkerThread] = []

    def keep(self, thread: WorkerThread) -> None:
        self.running.append(thread)
        thread.finished.connect(self.release)

    @Slot()
    def release(self) -> None:
        for thread in list(self.running):
            if thread.isFinished():
                thread.wait()
                thread.release_finished()
                self.running.remove(thread)

    def wait_all(self) -> None:
        for thread in list(self.running):
            thread.wait()
        self.release()


_jobs: BackgroundJobs | None = None


def background_jobs() -> BackgroundJobs:
    """The keeper of one-shot threads; the application waits for it on quit."""
    global _jobs
    if _jobs is None:
        _jobs = BackgroundJobs()
    return _jobs


def run_in_background(job: Job, name: str = "dendrite-job") -> Job:
    """Runs `job` in a thread of its own (connect to its signals before this)."""
    thread = WorkerThread(name, nice=False, one_shot=True)
    background_jobs().keep(thread)
    return thread.submit(job)

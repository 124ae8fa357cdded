"""The training worker: one long-lived QThread that owns the engine's Trainer, so building,
training, evaluating and predicting all happen in the same thread (Keras keeps per-thread
state). The GUI puts jobs on the thread's queue and hears back by signals; `stop()` sets the
engine's stop flag, which is thread-safe."""

from __future__ import annotations

import contextlib
import os
import queue
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from engine.graph import Graph


@dataclass
class TrainingJob:
    """A frozen copy of what a run needs, taken in the GUI thread when Start is pressed."""

    graph: Graph
    data_spec: dict
    training_spec: dict
    base_dir: Path | None = None
    checkpoint_path: Path | None = None
    prepared: object = None  # PreparedData from the data panel's cache, or None to load
    epochs: int | None = None
    fresh: bool = True
    evaluate: bool = True
    extra: dict = field(default_factory=dict)


class _Listener:
    """The engine's plain listener, turning events into the worker's signals."""

    def __init__(self, worker: TrainingWorker):
        self.worker = worker

    def on_start(self, event) -> None:
        self.worker.started.emit(event)

    def on_batch(self, event) -> None:
        self.worker.batch.emit(event)

    def on_epoch(self, event) -> None:
        self.worker.epoch.emit(event)

    def on_error(self, event) -> None:
        self.worker.error.emit(event)

    def on_done(self, event) -> None:
        self.worker.done.emit(event)


class TrainingWorker(QObject):
    started = Signal(object)  # engine StartEvent
    batch = Signal(object)  # engine BatchEvent, a few per second at most
    epoch = Signal(object)  # engine EpochEvent
    error = Signal(object)  # engine ErrorEvent (divergence, failure)
    done = Signal(object)  # engine DoneEvent, always last of a run
    binding_problems = Signal(object)  # list of BindingProblem that stopped a run
    evaluated = Signal(object)  # {figure: value} on the test split
    test_predictions = Signal(object)  # Predictions over the whole test split
    sample_predictions = Signal(object)  # Predictions for chosen samples
    failed = Signal(str)  # a job that could not run at all (data, settings)
    idle = Signal()  # the worker has finished a job and waits for the next

    def __init__(self):
        super().__init__()
        self.trainer = None
        self.closing = False

    # ---- jobs, run in the worker thread ----------------------------------------------------
    def run_job(self, job: TrainingJob) -> None:
        if self.closing:
            return
        try:
            self._run(job)
        except Exception as exc:  # an engine bug must not take the app down
            self.failed.emit(f"training could not run: {type(exc).__name__}: {exc}")
        finally:
            self.idle.emit()

    def _run(self, job: TrainingJob) -> None:
        from engine.data.errors import DataError
        from engine.training.trainer import Trainer

        if job.fresh or self.trainer is None:
            trainer = Trainer(job.graph, job.data_spec, job.training_spec,
                              base_dir=job.base_dir, checkpoint_path=job.checkpoint_path,
                              prepared=job.prepared)
        else:
            trainer = self.trainer
            trainer.training_spec = job.training_spec
        try:
            binding = trainer.prepare()
        except DataError as exc:
            self.failed.emit(str(exc))
            return
        if not binding.ok:
            self.binding_problems.emit(list(binding.problems))
            return
        self.trainer = trainer
        listener = _Listener(self)
        if job.fresh:
            done = trainer.train(listener, job.epochs)
        else:
            done = trainer.continue_training(listener, job.epochs)
        if (job.evaluate and not self.closing and trainer.model is not None
                and done.reason in ("finished", "stopped", "early_stopping")):
            self._results(trainer)

    def _results(self, trainer) -> None:
        from engine.data.errors import DataError

        try:
            if trainer.binding is None:
                trainer.prepare()  # a reopened project's trainer has not loaded its data
            if "test" not in trainer.prepared.splits:
                return
            self.evaluated.emit(trainer.evaluate("test"))
            count = len(trainer.prepared.splits["test"])
            self.test_predictions.emit(trainer.predict(range(count), "test"))
        except DataError as exc:
            self.failed.emit(str(exc))

    def adopt(self, trainer) -> None:
        """Takes a trainer made in the GUI thread (a reopened project's saved state)."""
        self.trainer = trainer
        self.idle.emit()

    def predict(self, split: str, first: int, count: int) -> None:
        from engine.errors import DendriteError

        try:
            if self.trainer is None:
                raise DendriteError("the model is not trained yet: start training first")
            n = len(self.trainer.prepared.splits[split]) if self.trainer.prepared else 0
            last = min(first + count, n)
            self.sample_predictions.emit(self.trainer.predict(range(first, last), split))
        except (DendriteError, KeyError) as exc:
            self.failed.emit(str(exc))
        finally:
            self.idle.emit()

    def evaluate(self) -> None:
        try:
            if self.trainer is not None:
                self._results(self.trainer)
        except Exception as exc:  # an engine bug must not take the app down
            self.failed.emit(f"the results could not be computed: {type(exc).__name__}: {exc}")
        finally:
            self.idle.emit()

    # ---- called from the GUI thread --------------------------------------------------------
    def stop(self) -> None:
        trainer = self.trainer
        if trainer is not None:
            trainer.stop()


WORKER_NICE = 5  # how much the training thread (and the pools TensorFlow starts from it) yields


def lower_thread_priority(nice: int = WORKER_NICE) -> None:
    """Makes the calling thread nicer, so the GUI thread wins the CPU on a busy machine.

    Linux only: there a thread is a task with its own nice value, which threads it starts
    (TensorFlow's thread pools, created on first use in this thread) inherit. Elsewhere a
    thread id is not a process id, so nothing is done.
    """
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)


class WorkerThread(QThread):
    """The thread that runs jobs one after another in its own `run` loop.

    A loop rather than queued slots on a moved QObject: TensorFlow's pybind11 code caches the
    thread's Python thread state, and PySide makes a fresh one for every queued slot call,
    which deadlocked the second `fit` in the same thread. Here one Python thread state lives
    as long as the thread. Signals of `worker` are emitted from this thread and reach the GUI
    thread queued.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.setObjectName("dendrite-training")
        self.worker = TrainingWorker()
        self.jobs: queue.Queue = queue.Queue()
        self.start()

    def run(self) -> None:
        lower_thread_priority()
        while True:
            call = self.jobs.get()
            if call is None:
                return
            method, args = call
            method(*args)

    def send_job(self, job: TrainingJob) -> None:
        self.jobs.put((self.worker.run_job, (job,)))

    def send_predict(self, split: str, first: int, count: int) -> None:
        self.jobs.put((self.worker.predict, (split, first, count)))

    def send_evaluate(self) -> None:
        self.jobs.put((self.worker.evaluate, ()))

    def send_adopt(self, trainer) -> None:
        self.jobs.put((self.worker.adopt, (trainer,)))

    def stop(self) -> None:
        self.worker.stop()

    def shutdown(self) -> None:
        """Stops a run at its next batch, skips its evaluation and waits for the thread."""
        self.worker.closing = True
        self.worker.stop()
        self.jobs.put(None)
        self.wait()

"""The training panel: hyperparameters, Start / Stop / Continue, progress and live curves.

Training runs in the worker thread (gui.training.worker); this panel only sends jobs and
shows what comes back. The trained state is the engine's: it is written beside the project
when the project is saved and read back when a project is opened (gui.training.trained_state).
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from engine.training.trainer import CHECKPOINT_SUFFIX, graph_signature
from gui.training.data_panel import DataCache, data_key
from gui.training.gc_guard import GuiThreadCollector
from gui.training.plots import TrainingPlots
from gui.training.progress import TrainingProgress
from gui.training.results import ResultsView
from gui.training.trained_state import TrainedStateKeeper
from gui.training.training_form import TrainingForm
from gui.training.worker import TrainingJob, WorkerThread

NO_LONGER_FITS = ("The trained weights no longer fit this graph (it changed after training); "
                  "they are kept until the next run. Start trains anew.")


class TrainingPanel(QWidget):
    run_finished = Signal(object)  # the engine's DoneEvent
    message_shown = Signal(str)

    def __init__(self, document, cache: DataCache | None = None,
                 results: ResultsView | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.cache = cache or DataCache(self)
        self.results = results or ResultsView()
        self.form = TrainingForm(document)
        self.start_button = QPushButton("Start")
        self.start_button.setObjectName("start_training")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setObjectName("stop_training")
        self.continue_button = QPushButton("Continue")
        self.continue_button.setObjectName("continue_training")
        self.status = QLabel("Not trained yet.")
        self.status.setObjectName("training_status")
        self.status.setWordWrap(True)
        self.progress = TrainingProgress()
        self.plots = TrainingPlots()

        buttons = QHBoxLayout()
        for button in (self.start_button, self.stop_button, self.continue_button):
            buttons.addWidget(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.form)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.status)
        left_layout.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.progress)
        right_layout.addWidget(self.plots, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

        self.runner: WorkerThread | None = None
        self.running = False
        self.busy = False  # the worker has a job (training, evaluation or prediction)
        self.trained_signature: str | None = None
        self.pending_signature: str | None = None
        self.stale = False
        self.last_done = None
        self.collector = GuiThreadCollector(self)
        self.keeper = TrainedStateKeeper(self)
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.continue_button.clicked.connect(self.continue_training)
        self.form.problem.connect(self.show_message)
        self.results.predict_requested.connect(self._on_predict_requested)
        document.analysis_changed.connect(self._on_graph_maybe_changed)
        self._update_buttons()

    # ---- the worker ------------------------------------------------------------------------
    def _runner(self) -> WorkerThread:
        if self.runner is None:
            self.collector.start()
            self.runner = WorkerThread(self)
            worker = self.runner.worker
            worker.started.connect(self._on_started)
            worker.batch.connect(self._on_batch)
            worker.epoch.connect(self._on_epoch)
            worker.error.connect(self._on_error)
            worker.done.connect(self._on_done)
            worker.binding_problems.connect(self._on_binding_problems)
            worker.evaluated.connect(self._on_evaluated)
            worker.test_predictions.connect(self._on_test_predictions)
            worker.sample_predictions.connect(self._on_sample_predictions)
            worker.failed.connect(self._on_failed)
            worker.idle.connect(self._on_idle)
        return self.runner

    def _job(self, fresh: bool) -> TrainingJob:
        project = self.document.project
        path = Path(project.path) if project.path else None
        base = path.parent if path else None
        return TrainingJob(
            graph=project.graph.copy(),
            data_spec=copy.deepcopy(project.data or {}),
            training_spec=copy.deepcopy(project.training or {}),
            base_dir=base,
            checkpoint_path=path.with_name(path.stem + CHECKPOINT_SUFFIX) if path else None,
            prepared=self.cache.get(data_key(project.data, base)),
            fresh=fresh)

    def _send(self, job: TrainingJob) -> None:
        self.running = True
        self.busy = True
        self._update_buttons()
        self._runner().send_job(job)

    # ---- buttons ---------------------------------------------------------------------------
    @Slot()
    def start(self) -> None:
        """Trains a fresh model with the project's settings."""
        if self.busy:
            return
        job = self._job(fresh=True)
        self.pending_signature = graph_signature(job.graph)
        self.plots.clear()
        self.results.clear()
        self.show_message("Preparing the data and building the model…")
        self._send(job)

    @Slot()
    def continue_training(self) -> None:
        """Trains the project's number of epochs more from the current weights."""
        if self.busy or not self.can_continue():
            return
        job = self._job(fresh=False)
        job.epochs = int((self.document.project.training or {}).get("epochs", 30))
        self.pending_signature = self.trained_signature
        self.show_message("Continuing from the current weights…")
        self._send(job)

    @Slot()
    def stop(self) -> None:
        if self.running and self.runner is not None:
            self.runner.stop()
            self.show_message("Stopping at the next batch…")

    def can_continue(self) -> bool:
        return (self.trained_signature is not None and not self.stale
                and self.runner is not None and self.runner.worker.trainer is not None)

    def _update_buttons(self) -> None:
        self.start_button.setEnabled(not self.busy)
        self.stop_button.setEnabled(self.running)
        self.continue_button.setEnabled(not self.busy and self.can_continue())

    @Slot(str)
    def show_message(self, text: str) -> None:
        self.status.setText(text)
        self.message_shown.emit(text)

    # ---- what the worker says --------------------------------------------------------------
    @Slot(object)
    def _on_started(self, event) -> None:
        batch_size = int((self.document.project.training or {}).get("batch_size", 32))
        self.progress.start(event.initial_epoch, event.epochs, event.batches, batch_size)
        self.trained_signature = self.pending_signature
        self.stale = False
        text = f"Training epochs {event.initial_epoch + 1}-{event.epochs} on " \
               f"{event.samples:,} samples."
        self.show_message(" ".join([text, *event.notices]))

    @Slot(object)
    def _on_batch(self, event) -> None:
        self.progress.update_batch(event.epoch - 1, event.batch - 1)
        if event.recent_loss is not None:
            self.plots.batch_plot.append([event.step], [event.recent_loss])

    @Slot(object)
    def _on_epoch(self, event) -> None:
        self.plots.history_plot.append_epoch(event.logs)
        self.progress.update_batch(event.epoch - 1, self.progress._steps - 1)

    @Slot(object)
    def _on_error(self, event) -> None:
        self.show_message(event.message)

    @Slot(object)
    def _on_done(self, event) -> None:
        self.running = False
        self.last_done = event
        words = {"finished": "finished", "stopped": "stopped", "early_stopping":
                 "ended by early stopping", "diverged": "diverged", "error": "failed"}
        self.progress.finish(f"{words.get(event.reason, event.reason)} · epoch {event.epoch}")
        if event.reason in ("finished", "stopped", "early_stopping"):
            self.show_message(event.message or f"Training finished after epoch {event.epoch}.")
        self.keeper.trained()
        self._update_buttons()
        self.run_finished.emit(event)

    @Slot(object)
    def _on_binding_problems(self, problems) -> None:
        self.running = False
        self.show_message("The data does not fit the graph:\n"
                          + "\n".join(p.message for p in problems))

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.running = False
        self.show_message(message)

    @Slot(object)
    def _on_evaluated(self, metrics: dict) -> None:
        self.results.show_evaluation(metrics)

    @Slot(object)
    def _on_test_predictions(self, predictions) -> None:
        self.results.show_test_predictions(predictions)

    @Slot(object)
    def _on_sample_predictions(self, predictions) -> None:
        self.results.show_sample_predictions(predictions)

    @Slot()
    def _on_idle(self) -> None:
        self.busy = False
        self.running = False
        self._update_buttons()

    @Slot(str, int, int)
    def _on_predict_requested(self, split: str, first: int, count: int) -> None:
        if self.busy:
            self.show_message("Wait for training to end before predicting.")
            return
        if self.runner is None or self.runner.worker.trainer is None:
            self.show_message("The model is not trained yet: start training first.")
            return
        self.busy = True
        self._update_buttons()
        self.runner.send_predict(split, first, count)

    @Slot(object)
    def _on_graph_maybe_changed(self, _analysis) -> None:
        if self.trained_signature is None:
            return
        stale = graph_signature(self.document.graph) != self.trained_signature
        if stale != self.stale:
            self.stale = stale
            self.show_message(NO_LONGER_FITS if stale else "The trained weights fit the graph "
                              "again.")
            self._update_buttons()

    # ---- closing ---------------------------------------------------------------------------
    def ask_stop(self) -> bool:
        """Asks whether to stop a running training; tests replace this."""
        answer = QMessageBox.question(
            self, "Training is running",
            "Training is still running. Stop it and close? The epochs done so far are kept.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def request_close(self) -> bool:
        """For the window's closeEvent: True when it may close (training, if any, was
        stopped and its thread joined); False when the user chose to keep training."""
        if self.running and not self.ask_stop():
            return False
        self.shutdown()
        return True

    def shutdown(self) -> None:
        """Stops training at its next batch and joins the worker thread."""
        if self.runner is not None:
            self.runner.shutdown()
            self.runner = None
            self.collector.stop()
        self.running = False
        self.busy = False

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

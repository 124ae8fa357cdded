"""The training panel: hyperparameters, Start / Stop / Continue, progress and live curves.

The engine's TrainingSession (worked by gui.training.worker in its thread) owns the trainer,
the state, the history and the test results; this panel sends it requests and shows its
events. The trained state is written beside the project when the project is saved and read
back when a project is opened (gui.training.trained_state).
"""

from __future__ import annotations

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

from engine.runs.recorder import RunRecorder
from engine.training.session_events import RESULTS, STALE, TRAINING
from gui.training.data_panel import DataCache, data_key
from gui.training.live_view import LiveTrainingView
from gui.training.plots import TrainingPlots
from gui.training.progress import TrainingProgress
from gui.training.results import ResultsView
from gui.training.trained_state import TrainedStateKeeper
from gui.training.training_form import TrainingForm
from gui.training.worker import SessionRunner

DONE_WORDS = {"finished": "finished", "stopped": "stopped", "early_stopping":
              "ended by early stopping", "diverged": "diverged", "error": "failed"}
PREDICT_WHILE_BUSY = ("Training is running: Predict answers once it has ended (or press "
                      "Stop on the Training tab).")


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
        self.live = LiveTrainingView()  # decision boundary and weight histograms, live
        self._lay_out()

        self.runner = SessionRunner(self)
        self.session = self.runner.session
        self.live.attach(self.session, self.runner)
        self.recorder = RunRecorder(self.session)  # every run kept beside the project
        self._note = ""  # what the run being started is, said with its first line
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.continue_button.clicked.connect(self.continue_training)
        self.form.problem.connect(self.show_message)
        self.results.predict_requested.connect(self._on_predict_requested)
        self.runner.event.connect(self._on_event)
        self.runner.idle.connect(self._update_buttons)
        document.analysis_changed.connect(self._on_graph_maybe_changed)
        document.section_changed.connect(self._on_section_changed)
        self.session.graph_changed(document.graph)
        self.keeper = TrainedStateKeeper(self)
        self._update_buttons()

    def _lay_out(self) -> None:
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
        curves_and_live = QSplitter()
        curves_and_live.addWidget(self.plots)
        curves_and_live.addWidget(self.live)
        right_layout.addWidget(curves_and_live, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

    # ---- what the panel shows ------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """The worker has work (a run, results, a prediction, a load or a save)."""
        return self.runner.busy

    @property
    def running(self) -> bool:
        """A run was asked for and has not ended."""
        return self.runner.running

    def can_continue(self) -> bool:
        return self.session.can_continue()

    def _prepared(self):
        project = self.document.project
        base = project.path.parent if project.path else None
        return self.cache.get(data_key(project.data, base))

    def _update_buttons(self) -> None:
        self.start_button.setEnabled(not self.busy)
        self.stop_button.setEnabled(self.running)
        self.continue_button.setEnabled(not self.busy and self.can_continue())
        self.continue_button.setText(
            self.session.continue_label(self.document.project.training))

    @Slot(str)
    def show_message(self, text: str) -> None:
        self.status.setText(text)
        self.message_shown.emit(text)

    # ---- buttons ---------------------------------------------------------------------------
    @Slot()
    def start(self) -> None:
        """Trains a fresh model with the project's settings (the curves are replaced only
        once it has really started)."""
        if self.busy:
            return
        request = self.session.request_start(self.document.project, self._prepared())
        self.show_message(" ".join(filter(None, [
            request.note, "Preparing the data and building the model…"])))
        self.runner.run(request)
        self._update_buttons()

    @Slot()
    def continue_training(self) -> None:
        """Trains the project's number of epochs more from the current weights."""
        if self.busy:
            return
        request = self.session.request_continue(self.document.project, self._prepared())
        if request is None:
            return
        self.show_message(request.note)
        self.runner.run(request)
        self._update_buttons()

    @Slot()
    def stop(self) -> None:
        if self.running:
            self.runner.stop()
            self.show_message("Stopping at the next batch…")

    @Slot(str, int, int)
    def _on_predict_requested(self, split: str, first: int, count: int) -> None:
        if self.running:
            self.results.show_problem(PREDICT_WHILE_BUSY)
            return
        self.results.show_problem("Predicting…")  # after a load or save already queued
        self.runner.predict(split, first, count)
        self._update_buttons()

    # ---- what the session says -------------------------------------------------------------
    @Slot(object)
    def _on_event(self, event) -> None:
        handler = getattr(self, f"_on_{event.kind}", None)
        if handler is not None:
            handler(event)

    def _on_state(self, event) -> None:
        if event.state == TRAINING:
            self._note = event.message
        elif event.message:
            self.show_message(event.message)
        self._update_buttons()

    def _on_start(self, event) -> None:
        if event.initial_epoch == 0:  # a fresh run: now the old curves and results go
            self.plots.clear()
            self.results.clear()
        self.plots.expect(event.epochs, event.batches)
        batch_size = int(self.document.project.setting("training", "batch_size"))
        self.progress.start(event.initial_epoch, event.epochs, event.batches, batch_size)
        text = (f"Training epochs {event.initial_epoch + 1}-{event.epochs} on "
                f"{event.samples:,} samples.")
        self.show_message(" ".join(filter(None, [self._note, text, *event.notices])))
        self._note = ""

    def _on_batch(self, event) -> None:
        self.progress.update_batch(event.epoch - 1, event.batch - 1)
        if event.recent_loss is not None:
            self.plots.batch_plot.append([event.step], [event.recent_loss])

    def _on_epoch(self, event) -> None:
        self.plots.history_plot.append_epoch(event.logs)
        self.progress.update_batch(event.epoch - 1, self.progress._steps - 1)

    def _on_error(self, event) -> None:
        self.show_message(event.message)

    def _on_done(self, event) -> None:
        self.progress.finish(f"{DONE_WORDS.get(event.reason, event.reason)} · epoch "
                             f"{event.epoch}")
        if event.reason in ("finished", "stopped", "early_stopping"):
            self.show_message(event.message or f"Training finished after epoch {event.epoch}.")
        if self.session.state == STALE:
            self.show_message(self.status.text() + " The graph changed meanwhile: Start "
                              "trains it anew.")
        self.runner.running = False
        self._update_buttons()
        self.run_finished.emit(event)

    def _on_refused(self, event) -> None:
        self._note = ""
        self.runner.running = False
        self.show_message(event.message)
        self._update_buttons()

    def _on_results(self, event) -> None:
        self.results.show_evaluation(event.results.metrics)
        if event.results.predictions is not None:
            self.results.show_test_predictions(event.results.predictions)

    def _on_predictions(self, event) -> None:
        self.results.show_sample_predictions(event.predictions)

    def _on_problem(self, event) -> None:
        if event.area == RESULTS:
            self.results.show_problem(event.message)
        else:
            self.show_message(event.message)

    def _on_restored(self, event) -> None:
        self.keeper.restored(event)

    def _on_saved(self, event) -> None:
        self.keeper.saved(event)

    @Slot(object)
    def _on_graph_maybe_changed(self, _analysis) -> None:
        self.session.graph_changed(self.document.graph)

    @Slot(str)
    def _on_section_changed(self, section: str) -> None:
        if section == "training":
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
        self.runner.shutdown()
        self._update_buttons()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

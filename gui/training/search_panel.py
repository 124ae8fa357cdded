"""The Search tab: runs the project's search (engine.search: ranges and lists in the
project) with KerasTuner in a worker thread, a row per trial as it ends, Stop, and "Apply
best" writing the best trial's values in place of the searches as one undoable edit. Every
trial is recorded as a run (the Runs tab lists them)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.errors import DendriteError
from engine.params import show_value
from engine.search.space import search_space
from engine.search.tuner import TUNERS, Search, concrete, run_search
from gui.background import Job, WorkerThread
from gui.training.run_commands import ReplaceContentCommand


class _TrialRelay(QObject):
    """Carries each ended trial from the worker thread to the GUI thread."""

    trial = Signal(object)


class SearchPanel(QWidget):
    search_finished = Signal(object)  # the SearchResult, or None when it failed

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.trials = QSpinBox()
        self.trials.setRange(1, 1000)
        self.trials.setValue(10)
        self.epochs = QSpinBox()
        self.epochs.setRange(0, 1_000_000)
        self.epochs.setSpecialValueText("project's")
        self.tuner = QComboBox()
        self.tuner.addItems(TUNERS)
        self.search_button = QPushButton("Search")
        self.stop_button = QPushButton("Stop")
        self.apply_button = QPushButton("Apply best")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for name, widget in (("search_trials", self.trials), ("search_epochs", self.epochs),
                             ("search_tuner", self.tuner), ("start_search", self.search_button),
                             ("stop_search", self.stop_button), ("apply_best", self.apply_button),
                             ("search_status", self.status), ("trials_table", self.table)):
            widget.setObjectName(name)
        row = QHBoxLayout()
        for label, widget in (("Trials", self.trials), ("Epochs", self.epochs),
                              ("Tuner", self.tuner)):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        for button in (self.search_button, self.stop_button, self.apply_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self.relay = _TrialRelay(self)
        self.relay.trial.connect(self._on_trial)
        self.search_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.apply_button.clicked.connect(self.apply_best)
        document.analysis_changed.connect(self._describe_space)
        self.thread: WorkerThread | None = None
        self.search: Search | None = None
        self.result = None
        self._describe_space()
        self._update_buttons()

    def _describe_space(self, *_args) -> None:
        if self.search is not None:
            return
        try:
            dimensions = search_space(self.document.project)
        except DendriteError as exc:
            self.status.setText(f"The search cannot run: {exc}")
            return
        self.status.setText("Searching: " + "; ".join(d.describe() for d in dimensions)
                            if dimensions else "No search in this project: give a parameter "
                            'a range or a list, e.g. "units": {"search": {"min": 8, "max": 64}}')

    def _update_buttons(self) -> None:
        busy = self.search is not None
        self.search_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.apply_button.setEnabled(not busy and self.result is not None
                                     and self.result.best is not None)

    # ---- running ----------------------------------------------------------------------
    @Slot()
    def start(self) -> None:
        project = self.document.project.copy()
        epochs = self.epochs.value() or None
        try:
            self.search = Search(project, epochs)
        except DendriteError as exc:
            self.status.setText(f"The search cannot start: {exc}")
            return
        self.result = None
        self.table.setRowCount(0)
        names = [d.name for d in self.search.dimensions]
        self.table.setColumnCount(len(names) + 3)
        self.table.setHorizontalHeaderLabels(["Trial", *names, self.search.objective, "Run"])
        self.status.setText(f"Searching with {self.tuner.currentText()}…")
        if self.thread is None:
            self.thread = WorkerThread("dendrite-search", self)
        job = Job(run_search, project, self.trials.value(), epochs, self.tuner.currentText(),
                  None, self.relay.trial.emit, 1, self.search)
        job.succeeded.connect(self._on_done)
        job.failed.connect(self._on_failed)
        self._job = job
        self.thread.submit(job)
        self._update_buttons()

    @Slot()
    def stop(self) -> None:
        if self.search is not None:
            self.search.stop()
            self.status.setText("Stopping after the current batch…")

    @Slot(object)
    def _on_trial(self, trial) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        score = "failed" if trial.score is None else f"{trial.score:.4g}"
        cells = [str(trial.number), *(_short(v) for v in trial.values.values()), score,
                 trial.run_id or "not recorded (unsaved project)"]
        for column, text in enumerate(cells):
            self.table.setItem(row, column, QTableWidgetItem(text))

    @Slot(object)
    def _on_done(self, result) -> None:
        self.search, self.result = None, result
        best = result.best
        self.status.setText(
            f"{len(result.trials)} trials; best: trial {best.number} ({result.objective} "
            f"{best.score:.4g}), " + ", ".join(f"{k} = {_short(v)}"
                                                for k, v in best.values.items())
            if best is not None else f"{len(result.trials)} trials; none trained to the end")
        self._update_buttons()
        self.search_finished.emit(result)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.search = None
        self.status.setText(f"The search failed: {message}")
        self._update_buttons()
        self.search_finished.emit(None)

    # ---- applying ---------------------------------------------------------------------
    @Slot()
    def apply_best(self) -> None:
        best = self.result.best if self.result is not None else None
        if best is None:
            return
        try:
            replacement = concrete(self.document.project, best.values, search_space(
                self.document.project))
        except DendriteError as exc:
            self.status.setText(f"The best values cannot be applied: {exc}")
            return
        self.document.undo_stack.push(ReplaceContentCommand(
            self.document.project, replacement, f"Apply best of search (trial {best.number})"))
        self.status.setText(f"Applied trial {best.number}'s values (Undo puts the searches "
                            "back).")

    def shutdown(self) -> None:
        """Stops a search at its next batch and joins the thread."""
        if self.search is not None:
            self.search.stop()
        if self.thread is not None:
            self.thread.shutdown()
            self.thread = None


def _short(value) -> str:
    """A trial's value for the table: floats to 4 significant digits (a log-sampled learning
    rate has many), anything else as the project writes it."""
    if isinstance(value, float):
        return f"{value:.4g}"
    return show_value(value)

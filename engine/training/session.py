"""One training session: the trainer, the signature of the graph it was trained on, its state
(idle, training, stopped, trained, stale), its history and its test results, with events.

A view asks the session what a button does, sends the work to a worker thread and shows the
events; it keeps no training state of its own.

    session = TrainingSession()
    session.subscribe(callback)              # every event (session_events, trainer events)
    request = session.request_start(project) # in the GUI thread: a frozen copy, said in words
    session.run(request)                     # in a worker thread
    session.continue_label(project.training) # "Continue for 30 more epochs"
    session.graph_changed(graph)             # after every edit: stale or fitting again

Rules a user can predict: Start always trains a fresh model and says so when the graph has
changed since the last run; a run that cannot start (graph errors, data that does not fit)
is refused before anything is wiped; Continue trains exactly the project's number of epochs
more; a reopened project's curves and test results come back (`load`).
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from engine.data.prepare import PreparedData
from engine.errors import DendriteError
from engine.graph import Graph
from engine.project_io import disk_stamp, project_stamp, save_project
from engine.runs.record import REASONS as RECORDED_REASONS
from engine.runs.record import record_of
from engine.training.events import notify
from engine.training.history import History
from engine.training.session_events import (
    IDLE,
    RESULTS,
    STALE,
    STOPPED,
    TRAINED,
    TRAINING,
    PredictionsReady,
    Problem,
    Restored,
    ResultsReady,
    RunEnded,
    RunRefused,
    Saved,
    StateChanged,
    TestResults,
)
from engine.training.settings import SettingsError, read_settings
from engine.training.signature import graph_signature
from engine.training.state import OK, load_state, save_state
from engine.training.state import STALE as STATE_STALE
from engine.training.trainer import CHECKPOINT_SUFFIX, Trainer

NO_LONGER_FITS = ("The trained weights no longer fit this graph (it changed after training); "
                  "they are kept until the next run. Start trains anew.")
FITS_AGAIN = "The trained weights fit the graph again."
SETTLED = {"finished": TRAINED, "early_stopping": TRAINED, "stopped": STOPPED}


@dataclass
class RunRequest:
    """A frozen copy of what a run needs, taken in the GUI thread when a button is pressed."""

    fresh: bool
    epochs: int
    graph: Graph
    data_spec: dict
    training_spec: dict
    base_dir: Path | None
    checkpoint_path: Path | None
    prepared: PreparedData | None
    note: str = ""  # said when the run starts (e.g. "a fresh run: the graph changed")
    project_path: Path | None = None  # where the run is recorded (None: not saved yet)
    project_name: str = ""
    signature: str = field(init=False)

    def __post_init__(self):
        self.signature = graph_signature(self.graph)


class TrainingSession:
    def __init__(self):
        self.trainer: Trainer | None = None
        self.signature: str | None = None  # of the graph the weights were trained on
        self.results: TestResults | None = None
        self._settled = IDLE  # the state when no run is going on and the graph fits
        self._graph_signature: str | None = None  # of the project's graph, as last seen
        self._running = False
        self._requested = False  # a run was asked for and has not ended yet
        self._starting: Trainer | None = None  # the trainer of a run not yet started
        self._closing = False  # closing: runs stop, nothing more is computed
        self._subscribers: list = []
        # Keras-callback factories given to every run's trainer (see Trainer.callback_factories).
        self.callback_factories: list = []

    # ---- events ---------------------------------------------------------------------------
    def subscribe(self, callback) -> None:
        self._subscribers.append(callback)

    def unsubscribe(self, callback) -> None:
        if callback in self._subscribers:
            self._subscribers.remove(callback)

    def _emit(self, event) -> None:
        for callback in list(self._subscribers):
            notify(callback, event)

    def announce(self, event) -> None:
        """Tells every subscriber `event` (a helper such as the run recorder reports here)."""
        self._emit(event)

    # ---- what the session is --------------------------------------------------------------
    @property
    def state(self) -> str:
        if self._running:
            return TRAINING
        if self.signature is not None and self._graph_signature not in (None, self.signature):
            return STALE
        return self._settled

    @property
    def history(self) -> History:
        return self.trainer.history if self.trainer is not None else History()

    @property
    def epochs_trained(self) -> int:
        return len(self.history)

    def can_continue(self) -> bool:
        return self.state in (STOPPED, TRAINED) and self.trainer is not None

    def is_trained(self) -> bool:
        return self.trainer is not None and self.trainer.is_trained

    @staticmethod
    def continue_epochs(training_spec: dict | None) -> int | None:
        """How many epochs Continue trains: the project's Epochs (None when unreadable)."""
        try:
            return read_settings(training_spec).epochs
        except SettingsError:
            return None

    def continue_label(self, training_spec: dict | None) -> str:
        epochs = self.continue_epochs(training_spec)
        if epochs is None:
            return "Continue"
        return f"Continue for {epochs} more epoch{'s' if epochs != 1 else ''}"

    def graph_changed(self, graph: Graph) -> None:
        """Tells the session the project's graph now; says when the weights stop (or start
        again) to fit it."""
        if self.signature is None and not self._running and not self._requested:
            self._graph_signature = None  # nothing trained or asked for: nothing to fit
            return
        before = self.state
        self._graph_signature = graph_signature(graph)
        after = self.state
        if after != before and TRAINING not in (before, after):
            self._emit(StateChanged(after, NO_LONGER_FITS if after == STALE else FITS_AGAIN))

    def reset(self, graph: Graph | None = None) -> None:
        """Forgets everything (another project was opened); call with no run going on."""
        self.trainer = None
        self.signature = None
        self.results = None
        self._settled = IDLE
        self._graph_signature = None  # with no weights, any graph "fits": nothing to hash
        self._emit(StateChanged(IDLE, "Not trained yet."))

    # ---- requests, made in the GUI thread --------------------------------------------------
    def request_start(self, project, prepared: PreparedData | None = None) -> RunRequest:
        """A fresh run with the project's settings, with a note when it replaces curves."""
        epochs = self.continue_epochs(project.training)
        request = _request(project, True, epochs, prepared)
        self._requested = True
        if self.state == STALE:
            request.note = ("A fresh run: the graph changed since the last training, so its "
                            "curves are replaced.")
        elif self.epochs_trained:
            request.note = (f"A fresh run: the {self.epochs_trained} epochs trained so far "
                            "are replaced.")
        return request

    def request_continue(self, project,
                         prepared: PreparedData | None = None) -> RunRequest | None:
        """The project's Epochs more from the current weights; None when it cannot."""
        epochs = self.continue_epochs(project.training)
        if not self.can_continue() or epochs is None:
            return None
        request = _request(project, False, epochs, prepared)
        self._requested = True
        done = self.epochs_trained
        request.note = f"Continuing for {epochs} more epochs ({done + 1}-{done + epochs})."
        return request

    # ---- work, done in a worker thread -----------------------------------------------------
    def run(self, request: RunRequest):
        """Trains as asked; returns the trainer's DoneEvent, or None when it was refused.
        Nothing is replaced until the run has really started."""
        if request.fresh or self.trainer is None:
            trainer = Trainer(request.graph, request.data_spec, request.training_spec,
                              base_dir=request.base_dir,
                              checkpoint_path=request.checkpoint_path,
                              prepared=request.prepared)
            fresh = True
        else:
            trainer = self.trainer
            trainer.training_spec = request.training_spec
            fresh = False
        trainer.callback_factories = self.callback_factories
        relay = _RunRelay(self, trainer, request)
        self._starting = trainer
        try:
            if fresh:
                done = trainer.train(relay, request.epochs)
            else:
                done = trainer.continue_training(relay, request.epochs)
        finally:
            self._starting = None
        self._requested = False
        if not relay.started:
            kept = " The last training is kept as it was." if self.epochs_trained else ""
            self._emit(RunRefused(f"Cannot start: {done.message.rstrip('.')}.{kept}"))
            return None
        self._running = False
        self._settled = SETTLED.get(done.reason, IDLE)
        self._emit(done)
        self._emit(StateChanged(self.state))
        results_before = self.results
        if self._settled != IDLE and not self._closing:
            self._compute_results()
        if done.reason in RECORDED_REASONS:
            self._emit(_run_ended(request, done, relay, trainer,
                                  self.results if self.results is not results_before else None))
        return done

    def stop(self) -> None:
        """Asks a run to stop at its next batch; safe from any thread."""
        trainer = self.trainer
        if trainer is not None:
            trainer.stop()
        pending = self._starting
        if pending is not None:
            pending.stop()

    def close(self) -> None:
        """Stops a run at its next batch; until `reopen`, nothing more is computed."""
        self._closing = True
        self.stop()

    def reopen(self) -> None:
        self._closing = False

    def _compute_results(self) -> None:
        trainer = self.trainer
        try:
            if trainer.binding is None:
                trainer.prepare()  # a reopened project's trainer has not loaded its data
            if "test" not in trainer.prepared.splits:
                return
            metrics = trainer.evaluate("test")
            count = len(trainer.prepared.splits["test"])
            self.results = TestResults(metrics, trainer.predict(range(count), "test"))
        except DendriteError as exc:
            self._emit(Problem(f"The test figures could not be computed: {exc}", RESULTS))
            return
        self._emit(ResultsReady(self.results))

    def predict(self, split: str, first: int, count: int) -> None:
        """Predictions for `count` samples of `split` from `first`, as an event."""
        if self._closing:
            return
        try:
            if self.trainer is None or not self.trainer.is_trained:
                raise DendriteError("the model is not trained yet: start training on the "
                                    "Training tab first")
            if self.trainer.binding is None:
                self.trainer.prepare()
            n = len(self.trainer.prepared.splits.get(split, ()))
            last = min(first + count, n)
            if first >= last:
                raise DendriteError(f"there are {n} samples in the {split} split; the first "
                                    f"one asked for is {first}")
            self._emit(PredictionsReady(self.trainer.predict(range(first, last), split)))
        except DendriteError as exc:
            self._emit(Problem(f"Cannot predict: {exc}", RESULTS))

    def save(self, project_path: str | Path, project=None) -> dict | None:
        """Writes the trained state beside the project; returns (and announces) the
        project's "trained" entry, None when nothing is trained. With `project` (a copy of
        the project as just saved), its file is written again when the entry changed."""
        if self.trainer is None:
            return None
        try:
            entry = save_state(project_path, self.trainer)
            # a file saved again meanwhile is left alone (never this older copy over it):
            # that later save has the state written and named in its turn
            if (project is not None and project.extra.get("trained") != entry
                    and disk_stamp(project_path) == project_stamp(project)):
                if entry is None:
                    project.extra.pop("trained", None)
                else:
                    project.extra["trained"] = entry
                save_project(project, project_path)
        except OSError as exc:
            self._emit(Problem(f"The trained state could not be written beside "
                               f"{Path(project_path).name}: {exc.strerror or exc}. The "
                               "project itself is saved."))
            return None
        self._emit(Saved(str(project_path), entry))
        return entry

    def load(self, project, reader=None) -> None:
        """Reads the trained state a (copied) project names: curves at once, then the test
        results. A missing or broken sidecar is reported; the project still opens.
        `reader()`, when given, reads another state instead (a LoadedState: a run's kept
        weights, engine.runs.weights.run_state)."""
        if self._closing:
            return
        loaded = load_state(project) if reader is None else reader()
        if loaded.status not in (OK, STATE_STALE):
            self._emit(Restored(loaded.status, loaded.message or "Not trained yet."))
            return
        trainer = Trainer.from_project(project)
        trainer.adopt_state(loaded.state)
        self.trainer = trainer
        self.signature = loaded.state.signature
        self._graph_signature = graph_signature(project.graph)
        self._settled = TRAINED
        self._emit(Restored(loaded.status, f"Trained state: {loaded.message}.",
                            copy.deepcopy(trainer.history.values)))
        self._emit(StateChanged(self.state))
        if loaded.status == OK:
            self._compute_results()


class _RunRelay:
    """The trainer's listener for one run: commits the run to the session when it really
    starts, passes its events on, and keeps a failure before the start as a refusal."""

    def __init__(self, session: TrainingSession, trainer: Trainer, request: RunRequest):
        self.session, self.trainer, self.request = session, trainer, request
        self.started = False
        self.started_at = datetime.now(UTC)
        self.clock = time.monotonic()

    def on_start(self, event) -> None:
        session = self.session
        self.started = True
        self.started_at, self.clock = datetime.now(UTC), time.monotonic()
        session.trainer = self.trainer
        session.signature = self.request.signature
        session._running = True
        if self.request.fresh:
            session.results = None
        session._emit(StateChanged(TRAINING, self.request.note))
        session._emit(event)

    def on_batch(self, event) -> None:
        self.session._emit(event)

    def on_epoch(self, event) -> None:
        self.session._emit(event)

    def on_error(self, event) -> None:
        if self.started:
            self.session._emit(event)

    def on_done(self, event) -> None:
        """The session sends the done event itself, after settling its state."""
        self.seconds = time.monotonic() - self.clock


def _run_ended(request: RunRequest, done, relay: _RunRelay, trainer: Trainer,
               results: TestResults | None) -> RunEnded:
    """The record of a run that trained (finished, stopped early or by the user)."""
    record = record_of(request.project_name, request.graph, request.data_spec,
                       request.training_spec, trainer.history.to_dict(),
                       results.metrics if results is not None else None, done.reason,
                       request.fresh, relay.started_at,
                       getattr(relay, "seconds", time.monotonic() - relay.clock))
    return RunEnded(record, request.project_path)


def _request(project, fresh: bool, epochs: int | None,
             prepared: PreparedData | None) -> RunRequest:
    path = Path(project.path) if project.path else None
    return RunRequest(
        fresh=fresh, epochs=epochs, graph=project.graph.copy(),
        data_spec=copy.deepcopy(project.data or {}),
        training_spec=copy.deepcopy(project.training or {}),
        base_dir=path.parent if path else None,
        checkpoint_path=path.with_name(path.stem + CHECKPOINT_SUFFIX) if path else None,
        prepared=prepared, project_path=path, project_name=getattr(project, "name", ""))

"""What a training session tells its subscribers, besides the trainer's own events (start,
batch, epoch, error, done), which it passes on once a run has really started.

Every event has a `kind`. Events come from the thread that did the work: a run, a load or a
save in a worker thread reports from there (a GUI forwards them to its own thread)."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.training.results import Predictions

IDLE, TRAINING, STOPPED, TRAINED, STALE = "idle", "training", "stopped", "trained", "stale"
RESULTS, TRAINING_AREA = "results", "training"  # where a message belongs


@dataclass
class TestResults:
    """Every loss and metric on the test split, and the predictions over all of it."""

    metrics: dict[str, float]
    predictions: Predictions | None = None


@dataclass(frozen=True)
class StateChanged:
    """The session's state changed (idle, training, stopped, trained or stale)."""

    state: str
    message: str = ""
    kind: str = "state"


@dataclass(frozen=True)
class RunRefused:
    """A run could not start (the graph has errors, the data does not fit or cannot be
    loaded); nothing was wiped: the last run's curves, weights and results are kept."""

    message: str
    kind: str = "refused"


@dataclass(frozen=True)
class Restored:
    """Trained state read back beside a reopened project: its curves (`history`, Keras's
    `history.history`), and a sentence saying what was restored or why not."""

    status: str
    message: str
    history: dict[str, list[float]] = field(default_factory=dict)
    kind: str = "restored"


@dataclass(frozen=True)
class Saved:
    """Trained state written beside `path`; `entry` is the project's "trained" entry (None:
    nothing trained, nothing written)."""

    path: str
    entry: dict | None
    kind: str = "saved"


@dataclass(frozen=True)
class RunEnded:
    """A run trained and ended (finished, early stopping, stopped); `record` is what the run
    history keeps (engine.runs), `project_path` where it belongs (None: an unsaved project)."""

    record: object  # engine.runs.RunRecord
    project_path: object = None  # Path | None
    kind: str = "run_ended"


@dataclass(frozen=True)
class ResultsReady:
    results: TestResults
    kind: str = "results"


@dataclass(frozen=True)
class PredictionsReady:
    predictions: Predictions
    kind: str = "predictions"


@dataclass(frozen=True)
class Problem:
    """Something asked of the session could not be done; `area` is where it was asked
    (RESULTS for Predict and the test figures, TRAINING_AREA for runs, loads and saves)."""

    message: str
    area: str = TRAINING_AREA
    kind: str = "problem"

"""What the trainer tells its listener, as plain data (no Qt).

A listener is any object with some of the methods `on_start(event)`, `on_batch(event)`,
`on_epoch(event)`, `on_error(event)`, `on_done(event)`, or a plain callable that receives
every event (each has a `kind`). Events arrive in the training thread: a GUI forwards them
through signals. Order: one start, then batch/epoch events, at most one error, and always
one done, last.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StartEvent:
    """Training begins: epochs `initial_epoch`+1 .. `epochs` (1-based, counted over every run
    of this session), `batches` per epoch, `samples` in the training split. `notices` are
    sentences about settings that were adjusted (e.g. early stopping without validation)."""

    initial_epoch: int
    epochs: int
    batches: int
    samples: int
    notices: tuple[str, ...] = ()
    kind: str = "start"


@dataclass(frozen=True)
class BatchEvent:
    """Progress inside an epoch, sent sparsely (a few times a second, never every batch).

    `batch` batches of `batches` are done in `epoch` (both 1-based); `loss` is the running
    mean of the epoch so far (what Keras's progress bar shows) and `recent_loss` the mean of
    the batches since the previous event; `logs` every running figure; `step` counts
    batches over the whole session (an x axis for a per-batch curve)."""

    epoch: int
    batch: int
    batches: int
    step: int
    loss: float | None
    recent_loss: float | None
    logs: dict[str, float]
    samples_per_second: float
    eta_seconds: float | None
    kind: str = "batch"


@dataclass(frozen=True)
class EpochEvent:
    """An epoch ended: `logs` holds every loss and metric of every output, validation
    figures prefixed `val_` (the keys of Keras's history)."""

    epoch: int
    epochs: int
    logs: dict[str, float]
    seconds: float
    kind: str = "epoch"


@dataclass(frozen=True)
class ErrorEvent:
    """Training failed or diverged; `message` says what and where (epoch, batch)."""

    message: str
    epoch: int | None = None
    batch: int | None = None
    kind: str = "error"


@dataclass(frozen=True)
class DoneEvent:
    """The run ended. reason: "finished", "stopped" (asked to), "early_stopping",
    "diverged" (NaN/inf loss) or "error". `epochs_run` counts this run's epochs;
    `epoch` is the last epoch of the whole history."""

    reason: str
    epochs_run: int
    epoch: int
    message: str = ""
    kind: str = "done"


def notify(listener, event) -> None:
    """Gives `event` to `listener` (method `on_<kind>` if it has one, else call it)."""
    if listener is None:
        return
    method = getattr(listener, f"on_{event.kind}", None)
    if method is not None:
        method(event)
    elif callable(listener):
        listener(event)


class RecordingListener:
    """A listener that keeps every event (for tests, the CLI and the GUI's replay)."""

    def __init__(self):
        self.events: list = []

    def __call__(self, event) -> None:
        self.events.append(event)

    def of(self, kind: str) -> list:
        return [e for e in self.events if e.kind == kind]

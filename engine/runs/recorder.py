"""Writes every run a training session ends into the runs folder beside its project.

    recorder = RunRecorder(session)   # subscribes; from then on every run is recorded

It runs in the thread that trained (a worker thread in the app) and tells the session's
subscribers what it did: RunRecorded, or a Problem when the file could not be written (the
run's curves and weights are not affected)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from engine.runs.record import RunRecord, record_of
from engine.runs.store import save_run
from engine.training.session_events import Problem


@dataclass(frozen=True)
class RunRecorded:
    record: RunRecord
    path: Path
    kind: str = "run_recorded"


class RunRecorder:
    def __init__(self, session):
        self.session = session
        session.subscribe(self)

    def on_run_ended(self, event) -> None:
        if event.project_path is None:
            return
        try:
            path = save_run(event.project_path, event.record)
        except OSError as exc:
            self.session.announce(Problem(f"This run was not added to the run history: "
                                          f"{exc}"))
            return
        self._keep_weights(event)
        self.session.announce(RunRecorded(event.record, path))

    def _keep_weights(self, event) -> None:
        """The run's weights beside its record, while it is the latest, the best or pinned
        (engine.runs.weights); a failure is said, the run stays recorded."""
        from engine.runs.weights import keep_weights, prune_weights

        try:
            keep_weights(event.project_path, event.record.id, self.session.trainer)
            prune_weights(event.project_path)
        except OSError as exc:
            self.session.announce(Problem(f"The weights of this run were not kept: {exc}"))


def record_trainer_run(project_path, project_name: str, trainer, reason: str,
                       test: dict | None, started: datetime, seconds: float) -> RunRecord:
    """Records a fresh run a trainer has just made outside a session (the `train` and
    `search` commands); raises OSError naming the file when it cannot be written."""
    record = record_of(project_name, trainer.graph, trainer.data_spec, trainer.training_spec,
                       trainer.history.to_dict(), test, reason, True, started, seconds)
    save_run(project_path, record)
    from engine.runs.weights import keep_weights, prune_weights

    keep_weights(project_path, record.id, trainer)  # kept while latest, best or pinned
    prune_weights(project_path)
    return record

"""Runs a project's search with KerasTuner: each trial trains the project with the values
KerasTuner chose (through the app's own Trainer, so a trial is exactly a run of the app) and
is recorded as a run beside the project.

    result = run_search(project, trials=4, epochs=5, tuner="random", listener=printer)
    result.best.values            # {"hidden.units": 32, "training.optimizer.learning_rate": ...}
    apply_values(project, result.best.values, result.dimensions)
"""

from __future__ import annotations

import math
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from engine.errors import DendriteError
from engine.search.space import Dimension, SearchSpaceError, apply_values, search_space

TUNERS = ("random", "hyperband", "bayesian")


@dataclass
class Trial:
    number: int
    values: dict[str, Any]
    score: float | None  # the objective's best epoch; None: the trial failed
    reason: str
    test: dict[str, float] = field(default_factory=dict)
    run_id: str | None = None  # the recorded run (None: the project is not saved)


@dataclass
class SearchResult:
    objective: str
    dimensions: list[Dimension]
    trials: list[Trial] = field(default_factory=list)

    @property
    def best(self) -> Trial | None:
        scored = [t for t in self.trials if t.score is not None]
        return min(scored, key=lambda t: t.score) if scored else None


def concrete(project, values: dict[str, Any], dimensions: list[Dimension]):
    """A copy of `project` with the searches replaced by `values`."""
    copy = project.copy()
    apply_values(copy, values, dimensions)
    return copy


def first_values(dimensions: list[Dimension]) -> dict[str, Any]:
    return {d.name: d.choices[0] if d.choices else d.low for d in dimensions}


class Search:
    """One search: the data prepared once, then one trial per call of `run_trial`."""

    def __init__(self, project, epochs: int | None = None, listener=None):
        from engine.training.trainer import Trainer

        self.project, self.epochs, self.listener = project, epochs, listener
        self.dimensions = search_space(project)
        if not self.dimensions:
            raise SearchSpaceError('the project has no search: give a parameter a range or a '
                                   'list, e.g. "units": {"search": {"min": 8, "max": 64}}')
        trainer = Trainer.from_project(concrete(project, first_values(self.dimensions),
                                                self.dimensions))
        binding = trainer.prepare()
        if not binding.ok:
            raise DendriteError(binding.problems[0].describe())
        self.prepared = trainer.prepared
        self.objective = "val_loss" if "validation" in self.prepared.splits else "loss"
        self.result = SearchResult(self.objective, self.dimensions)
        self.stopped = False
        self.trainer = None  # the trial's, while it trains

    def stop(self) -> None:
        """Stops the trial that trains at its next batch; no trial starts after it (safe
        from any thread)."""
        self.stopped = True
        trainer = self.trainer
        if trainer is not None:
            trainer.stop()

    def run_trial(self, values: dict[str, Any], epochs: int | None = None) -> float | None:
        from engine.runs.record import REASONS
        from engine.runs.recorder import record_trainer_run
        from engine.training.trainer import Trainer

        trial_project = concrete(self.project, values, self.dimensions)
        trainer = self.trainer = Trainer.from_project(trial_project, self.prepared)
        if self.stopped:
            trainer.stop()
        started, clock = datetime.now(UTC), time.monotonic()
        done = trainer.train(self.listener, epochs or self.epochs)
        self.trainer = None
        seconds = time.monotonic() - clock
        curve = [v for v in trainer.history.values.get(self.objective, []) if math.isfinite(v)]
        score = min(curve) if curve and done.reason in REASONS[:3] else None
        test = trainer.evaluate("test") if score is not None and "test" in \
            self.prepared.splits else {}
        trial = Trial(len(self.result.trials) + 1, dict(values), score, done.reason, test)
        if done.reason in REASONS and self.project.path is not None:
            trial.run_id = record_trainer_run(self.project.path, self.project.name, trainer,
                                              done.reason, test, started, seconds).id
        self.result.trials.append(trial)
        return score


def run_search(project, trials: int, epochs: int | None = None, tuner: str = "random",
               listener=None, on_trial=None, seed: int | None = 1,
               search: Search | None = None) -> SearchResult:
    """`trials` trials chosen by KerasTuner's `tuner` (random, hyperband, bayesian); each is
    recorded as a run; `on_trial(trial)` after each. Pass a `search` made beforehand to be
    able to `stop()` it from another thread. Raises SearchSpaceError/DendriteError when the
    search cannot start."""
    if tuner not in TUNERS:
        raise SearchSpaceError(f"unknown tuner {tuner!r}: expected one of {', '.join(TUNERS)}")
    if trials < 1:
        raise SearchSpaceError(f"trials must be at least 1, got {trials}")
    search = search or Search(project, epochs, listener)
    with tempfile.TemporaryDirectory(prefix="dendrite-search-") as folder:
        keras_tuner = _make_tuner(search, tuner, trials, seed, folder, on_trial)
        keras_tuner.search(verbose=0)
    return search.result


def _make_tuner(search: Search, name: str, trials: int, seed, folder: str, on_trial):
    import keras_tuner as kt

    class Space(kt.HyperModel):
        def declare_hyperparameters(self, hp):
            for dim in search.dimensions:
                dim.declare(hp)

        def build(self, hp):
            self.declare_hyperparameters(hp)

    base = {"random": kt.RandomSearch, "hyperband": kt.Hyperband,
            "bayesian": kt.BayesianOptimization}[name]

    class DendriteTuner(base):
        def run_trial(self, trial, *args, **kwargs):
            if search.stopped:  # no more trials: the oracle stops at its next request
                self.oracle.max_trials = len(self.oracle.trials)
                raise kt.errors.FailedTrialError("the search was stopped")
            hp = trial.hyperparameters
            values = {d.name: hp.get(d.name) for d in search.dimensions}
            score = search.run_trial(values, hp.values.get("tuner/epochs"))
            if search.stopped:
                self.oracle.max_trials = len(self.oracle.trials)
            if on_trial is not None:
                on_trial(search.result.trials[-1])
            if score is None:
                raise kt.errors.FailedTrialError(search.result.trials[-1].reason)
            return score

        def save_model(self, *args, **kwargs):
            """Trials are recorded as runs; KerasTuner keeps no models."""

        def load_model(self, *args, **kwargs):
            return None

    options = {"hypermodel": Space(), "objective": kt.Objective(search.objective, "min"),
               "directory": folder, "project_name": "search", "overwrite": True,
               "seed": seed, "max_consecutive_failed_trials": trials}
    if name == "hyperband":
        options["max_epochs"] = max(2, search.epochs or search_epochs(search.project))
    else:
        options["max_trials"] = trials
    tuner = DendriteTuner(**options)
    tuner.oracle.max_trials = trials
    return tuner


def search_epochs(project) -> int:
    from engine.training.settings import read_settings

    return read_settings(_without_searches(project.training)).epochs


def _without_searches(training: dict | None) -> dict:
    from engine.search.space import is_search

    return {k: v for k, v in (training or {}).items() if not is_search(v)
            and not (isinstance(v, dict) and any(is_search(x) for x in v.values()))}

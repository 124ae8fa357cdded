"""A parameter value may be a search instead of a value:

    "units": {"search": {"min": 8, "max": 64, "step": 8}}
    "learning_rate": {"search": {"min": 1e-4, "max": 1e-1, "sampling": "log"}}
    "activation": {"search": ["relu", "tanh"]}

on a node's numeric or choice parameter, and on the training settings in SEARCHABLE_SETTINGS.
`search_space(project)` finds and checks them (each problem names the node or setting);
`apply_values(project, values)` writes chosen values in their place."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from engine.errors import DendriteError
from engine.params import BOOL, CHOICE, FLOAT, INT, ParamSpec, show_value

SEARCH = "search"
SEARCHABLE_SETTINGS = ("optimizer.name", "optimizer.learning_rate", "optimizer.momentum",
                       "batch_size")
RANGE_KEYS = {"min", "max", "step", "sampling"}
SAMPLINGS = ("linear", "log")


class SearchSpaceError(DendriteError):
    """One or more searches that cannot run; the message has one line per problem."""


@dataclass(frozen=True)
class Dimension:
    name: str  # "hidden.units", "training.optimizer.learning_rate"
    node_id: str | None  # None: a training setting
    key: str  # the node's parameter, or the setting's path
    spec: ParamSpec
    choices: tuple = ()
    low: float | None = None
    high: float | None = None
    step: float | None = None
    sampling: str = "linear"

    def declare(self, hp):
        """Declares this dimension on KerasTuner's HyperParameters; returns its value."""
        if self.choices:
            return hp.Choice(self.name, list(self.choices))
        if self.spec.type == INT:
            return hp.Int(self.name, int(self.low), int(self.high),
                          step=int(self.step) if self.step else None, sampling=self.sampling)
        return hp.Float(self.name, float(self.low), float(self.high), step=self.step,
                        sampling=self.sampling)

    def describe(self) -> str:
        if self.choices:
            return f"{self.name} in {show_value(list(self.choices))}"
        step = f" step {self.step:g}" if self.step else ""
        return f"{self.name} from {self.low:g} to {self.high:g}{step} ({self.sampling})"


def is_search(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {SEARCH}


def search_space(project) -> list[Dimension]:
    """Every search in the project, checked; raises SearchSpaceError naming each bad one."""
    from engine.sections import TRAINING

    found, problems = [], []
    for node in project.graph.nodes:
        for key, value in node.params.items():
            if not is_search(value):
                continue
            kind = node.kind
            spec = kind.param(key) if kind is not None else None
            where = f"{node.name}.{key}"
            _read(where, node.id, key, spec, value[SEARCH], found, problems)
    training = project.training or {}
    for path in _setting_paths(training):
        raw = _lookup(training, path)
        if is_search(raw):
            spec = TRAINING.field(path) if path in SEARCHABLE_SETTINGS else None
            _read(f"training.{path}", None, path, spec, raw[SEARCH], found, problems)
    if problems:
        raise SearchSpaceError("\n".join(problems))
    return found


def apply_values(project, values: dict[str, Any], dimensions: list[Dimension]) -> None:
    """Writes the chosen `values` (by dimension name) into the project in place of the
    searches (graph parameters and training settings)."""
    for dim in dimensions:
        if dim.name not in values:
            continue
        if dim.node_id is not None:
            project.graph.set_param(dim.node_id, dim.key, values[dim.name])
        else:
            project.set_setting("training", dim.key, values[dim.name])


def _read(where, node_id, key, spec, search, found, problems) -> None:
    if spec is None or spec.type not in (INT, FLOAT, CHOICE, BOOL):
        problems.append(f"{where}: this parameter takes no search (only numbers and choices "
                        "can be searched)")
        return
    if isinstance(search, list):
        if not search:
            problems.append(f"{where}: the list of values to try is empty")
            return
        for number, choice in enumerate(search, start=1):
            bad = spec.check(choice)
            if bad is not None or choice is None:
                problems.append(f"{where}: value {number} of the list: {bad or 'null'}")
                return
        found.append(Dimension(where, node_id, key, spec, choices=tuple(search)))
        return
    if not isinstance(search, dict):
        problems.append(f"{where}: a search is a list of values or "
                        f"{{\"min\", \"max\"}}, got {show_value(search)}")
        return
    if spec.type not in (INT, FLOAT):
        problems.append(f"{where}: takes one of a list of choices, not a range: write "
                        f"{{\"search\": [...]}} with the values to try")
        return
    unknown = set(search) - RANGE_KEYS
    if unknown:
        problems.append(f"{where}: unknown key {sorted(unknown)[0]!r} in the range (it takes "
                        "min, max, step, sampling)")
        return
    low, high = search.get("min"), search.get("max")
    for name, bound in (("min", low), ("max", high)):
        bad = spec.check(bound)
        if bad is not None or bound is None:
            problems.append(f"{where}: {name}: {bad or 'a range needs min and max'}")
            return
    if low > high:
        problems.append(f"{where}: the range is backwards: min {low:g} is greater than max "
                        f"{high:g}")
        return
    if low == high:
        problems.append(f"{where}: the range from {low:g} to {high:g} is empty: give a "
                        "plain value, or a max above the min")
        return
    step = search.get("step")
    if step is not None and (not isinstance(step, int | float) or isinstance(step, bool)
                             or not math.isfinite(step) or step <= 0
                             or (spec.type == INT and step != int(step))):
        problems.append(f"{where}: step: expected a positive "
                        f"{'integer' if spec.type == INT else 'number'}, got {show_value(step)}")
        return
    sampling = search.get("sampling", "linear")
    if sampling not in SAMPLINGS:
        problems.append(f"{where}: sampling: expected \"linear\" or \"log\", got "
                        f"{show_value(sampling)}")
        return
    if sampling == "log" and low <= 0:
        problems.append(f"{where}: a log range needs a min above 0, got {low:g}")
        return
    found.append(Dimension(where, node_id, key, spec, low=low, high=high, step=step,
                           sampling=sampling))


def _setting_paths(training: dict) -> list[str]:
    """Every leaf path of the training section ("optimizer.learning_rate"), a search
    counting as a leaf."""
    out = []
    for key, value in training.items():
        if isinstance(value, dict) and not is_search(value):
            out += [f"{key}.{p}" for p in _setting_paths(value)]
        else:
            out.append(str(key))
    return out


def _lookup(spec: dict, path: str):
    value = spec
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value

"""One recorded training run as plain data: when, how long, the graph as it was, the data and
training settings, the per-epoch curves and the test figures.

A run file is read as hostile input: `RunRecord.from_dict` checks every value it keeps and
raises RunFileError naming the field; the graph and settings are checked by the project
reader itself (`project()`), so a run restores only what a project file could hold.
"""

from __future__ import annotations

import copy
import math
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from engine.errors import DendriteError
from engine.params import show_value

FORMAT = "dendrite-run"
VERSION = 1
REASONS = ("finished", "early_stopping", "stopped", "diverged")  # runs that trained


class RunFileError(DendriteError):
    """A run file that cannot be read; the message names the file and the field."""


@dataclass
class RunRecord:
    id: str
    started: str  # ISO 8601, UTC
    seconds: float
    reason: str  # one of REASONS
    fresh: bool  # False: a Continue of the run before
    graph: dict
    data: dict
    training: dict
    history: dict[str, list[float | None]]
    test: dict[str, float] = field(default_factory=dict)
    project_name: str = ""
    pinned: bool = False  # the user keeps this run's weights (engine.runs.weights)

    @property
    def epochs(self) -> int:
        return max((len(v) for v in self.history.values()), default=0)

    def curve(self, key: str) -> list[float]:
        return [math.nan if v is None else v for v in self.history.get(key, [])]

    def settings(self) -> dict[str, Any]:
        """The training settings a user compares runs by, defaults filled in (as the
        sections declare them); an unreadable value shows as written."""
        from engine.search.space import plain_settings
        from engine.sections import TRAINING, learning_rate

        spec = plain_settings(self.training)  # a searched setting: the value it trained
        try:
            return {"optimizer": TRAINING.value(spec, "optimizer.name"),
                    "learning_rate": learning_rate(spec),
                    "batch_size": TRAINING.value(spec, "batch_size")}
        except (DendriteError, TypeError, ValueError, KeyError):
            return {"training": spec}

    def project(self):
        """The run's graph, data and training settings as a Project (checked as a file)."""
        from engine.project import FORMAT as PROJECT_FORMAT
        from engine.project import VERSION as PROJECT_VERSION
        from engine.project_io import project_from_dict

        doc = {"format": PROJECT_FORMAT, "version": PROJECT_VERSION,
               "name": self.project_name or "run", "graph": self.graph,
               "data": self.data, "training": self.training}
        return project_from_dict(copy.deepcopy(doc), source=f"run {self.id}")

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "id": self.id, "started": self.started,
                "seconds": self.seconds, "reason": self.reason, "fresh": self.fresh,
                "project_name": self.project_name, "graph": self.graph, "data": self.data,
                "training": self.training, "history": self.history, "test": self.test,
                "pinned": self.pinned}

    @classmethod
    def from_dict(cls, doc: Any, source: str) -> RunRecord:
        def fail(where: str, message: str):
            raise RunFileError(f"{source}: {where}: {message}" if where
                               else f"{source}: {message}")

        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            fail("", f'not a Dendrite run (the top level needs "format": "{FORMAT}")')
        if doc.get("version") != VERSION:
            fail("version", f"this Dendrite reads run files of version {VERSION}, got "
                 f"{show_value(doc.get('version'))}")
        for key in ("id", "started"):
            if not isinstance(doc.get(key), str) or not doc[key]:
                fail(key, f"expected a string, got {show_value(doc.get(key))}")
        try:
            datetime.fromisoformat(doc["started"])
        except ValueError:
            fail("started", f"expected a date and time, got {show_value(doc['started'])}")
        seconds = doc.get("seconds")
        if not _number(seconds) or seconds < 0:
            fail("seconds", f"expected a duration in seconds, got {show_value(seconds)}")
        if doc.get("reason") not in REASONS:
            fail("reason", f"expected one of {', '.join(REASONS)}, got "
                 f"{show_value(doc.get('reason'))}")
        if not isinstance(doc.get("fresh"), bool):
            fail("fresh", f"expected true or false, got {show_value(doc.get('fresh'))}")
        for key in ("graph", "data", "training", "history", "test"):
            if not isinstance(doc.get(key), dict):
                fail(key, f"expected an object, got {show_value(doc.get(key))}")
        for key, values in doc["history"].items():
            if not isinstance(values, list) or not all(v is None or _number(v)
                                                       for v in values):
                fail(f"history.{key}", "expected a list of numbers (null for a missing one)")
        for key, value in doc["test"].items():
            if not _number(value):
                fail(f"test.{key}", f"expected a number, got {show_value(value)}")
        name = doc.get("project_name", "")
        if not isinstance(name, str):
            fail("project_name", f"expected a string, got {show_value(name)}")
        pinned = doc.get("pinned", False)
        if not isinstance(pinned, bool):
            fail("pinned", f"expected true or false, got {show_value(pinned)}")
        record = cls(doc["id"], doc["started"], float(seconds), doc["reason"], doc["fresh"],
                     doc["graph"], doc["data"], doc["training"], doc["history"],
                     {k: float(v) for k, v in doc["test"].items()}, name, pinned)
        try:
            record.project()
        except DendriteError as exc:
            fail("", f"its graph or settings cannot be read: {exc}")
        return record


def new_run_id(started: datetime) -> str:
    """Sorts by time to the millisecond (two short runs often end within one second); the
    random tail keeps runs of the same millisecond apart."""
    return f"{started.strftime('%Y%m%d-%H%M%S-%f')[:-3]}-{secrets.token_hex(2)}"


def record_of(project_name: str, graph, data: dict | None, training: dict | None,
              history: dict[str, list[float | None]], test: dict[str, float] | None,
              reason: str, fresh: bool, started: datetime, seconds: float) -> RunRecord:
    """A record of a run that has ended (`graph` is the engine Graph it trained)."""
    started = started.astimezone(UTC)
    return RunRecord(new_run_id(started), started.isoformat(timespec="milliseconds"),
                     round(float(seconds), 3), reason, fresh, graph.to_dict(),
                     copy.deepcopy(data or {}), copy.deepcopy(training or {}),
                     copy.deepcopy(history),
                     {k: float(v) for k, v in (test or {}).items() if _number(v)},
                     project_name)


def _number(value) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


def run_order(record: RunRecord) -> tuple[datetime, str]:
    """Oldest first, by the moment it started (records written before milliseconds were kept
    compare correctly with newer ones)."""
    moment = datetime.fromisoformat(record.started)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)), record.id

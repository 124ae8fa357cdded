"""A project: its name, graph, data binding and training settings, and what else the file held."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.graph import Graph
from engine.listeners import Listeners

SECTION_NAMES = ("name", "data", "training")
FORMAT = "dendrite-project"
VERSION = 1
SUFFIX = ".dendrite"


@dataclass(frozen=True)
class SectionChanged:
    """The project's `name`, `data` or `training` section was replaced (old and new values)."""

    section: str
    old: Any
    new: Any


SectionListener = Callable[[SectionChanged], None]


@dataclass
class Project:
    name: str = "Untitled"
    graph: Graph = field(default_factory=Graph)
    data: dict[str, Any] | None = None
    training: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # unknown top-level keys, kept
    path: Path | None = None
    _section_listeners: Listeners = field(default_factory=Listeners, repr=False,
                                          compare=False)

    # ---- the sections: one way to change them, and an event for each change ------------
    def set_section(self, section: str, value: Any) -> SectionChanged | None:
        """Replaces `name`, `data` or `training` (a copy of `value` is kept) and tells the
        listeners; None when the value is the same."""
        if section not in SECTION_NAMES:
            raise KeyError(f"a project has no section {section!r}")
        old = getattr(self, section)
        if old == value:
            return None
        setattr(self, section, copy.deepcopy(value))
        event = SectionChanged(section, old, getattr(self, section))
        self._section_listeners.call(event)
        return event

    def set_setting(self, section: str, path: str, value: Any) -> SectionChanged | None:
        """Writes one declared setting (`"training"`, `"epochs"`) and tells the listeners."""
        from engine.sections import SECTIONS

        declared = SECTIONS[section]
        declared.field(path)  # KeyError for a setting that is not declared
        return self.set_section(section, declared.with_value(getattr(self, section), path,
                                                             value))

    def setting(self, section: str, path: str) -> Any:
        """A declared setting as written, or its declared default."""
        from engine.sections import SECTIONS

        return SECTIONS[section].value(getattr(self, section), path)

    def subscribe_sections(self, listener: SectionListener) -> None:
        """`listener(SectionChanged)` after every section change (a bound method is held
        weakly: engine.listeners)."""
        self._section_listeners.add(listener)

    def unsubscribe_sections(self, listener: SectionListener) -> None:
        self._section_listeners.remove(listener)

    def copy(self) -> Project:
        """A snapshot for work in another thread: later edits of this project miss it."""
        return Project(self.name, self.graph.copy(), copy.deepcopy(self.data),
                       copy.deepcopy(self.training), copy.deepcopy(self.extra), self.path)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.extra)
        out.update({"format": FORMAT, "version": VERSION, "name": self.name,
                    "graph": self.graph.to_dict()})
        if self.data is not None:
            out["data"] = self.data
        if self.training is not None:
            out["training"] = self.training
        return out

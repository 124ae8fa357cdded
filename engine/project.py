"""A project: its name, graph, data binding and training settings, and what else the file held."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.graph import Graph

FORMAT = "dendrite-project"
VERSION = 1
SUFFIX = ".dendrite"


@dataclass
class Project:
    name: str = "Untitled"
    graph: Graph = field(default_factory=Graph)
    data: dict[str, Any] | None = None
    training: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # unknown top-level keys, kept
    path: Path | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.extra)
        out.update({"format": FORMAT, "version": VERSION, "name": self.name,
                    "graph": self.graph.to_dict()})
        if self.data is not None:
            out["data"] = self.data
        if self.training is not None:
            out["training"] = self.training
        return out

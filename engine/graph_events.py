"""What a graph announces when it changes: one small typed event per change.

A listener picks the events it needs by type (`isinstance(event, NodeMoved)`), so a view that
shows no positions never hears of a move as more than a skipped event. `GraphEdit` is what a
finished edit (one undo step, however many changes it made) adds up to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.graph import Edge, Node


@dataclass(frozen=True)
class NodeAdded:
    node_id: str


@dataclass(frozen=True)
class NodeRemoved:
    node_id: str
    node: Node


@dataclass(frozen=True)
class EdgeAdded:
    edge: Edge


@dataclass(frozen=True)
class EdgeRemoved:
    edge: Edge


@dataclass(frozen=True)
class ParamChanged:
    node_id: str
    key: str
    old: Any  # None when the parameter was absent (its default)
    new: Any  # None when the parameter went back to its default


@dataclass(frozen=True)
class NodeRenamed:
    node_id: str
    old: str
    new: str


@dataclass(frozen=True)
class NodeMoved:
    node_id: str
    old: tuple[float, float]
    new: tuple[float, float]


@dataclass(frozen=True)
class GraphCleared:
    pass


GraphEvent = (NodeAdded | NodeRemoved | EdgeAdded | EdgeRemoved | ParamChanged | NodeRenamed
              | NodeMoved | GraphCleared)

# the events after which the set of nodes, their kinds or their names may differ
MEMBERSHIP_EVENTS = (NodeAdded, NodeRemoved, NodeRenamed, GraphCleared)


@dataclass(frozen=True)
class GraphEdit:
    """The events of one finished edit, in the order they happened."""

    events: tuple[GraphEvent, ...] = ()

    def has(self, *types: type) -> bool:
        return any(isinstance(event, types) for event in self.events)

    @property
    def changes_membership(self) -> bool:
        """Nodes were added, removed or renamed (what lists of nodes by name show)."""
        return self.has(*MEMBERSHIP_EVENTS)

    @property
    def only_moves(self) -> bool:
        return all(isinstance(event, NodeMoved) for event in self.events)

"""Fix-its: which problems have a fix, what it is called, and the edits that make it.

The engine decides; a view only shows the label and applies the edits (the editor pushes
each one as an undoable command, grouped as one step named by `Fix.text`).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.graph import Edge, Graph
from engine.losses import usual_loss
from engine.validation import FIX_INSERT_FLATTEN, FIX_MISSING_LOSS, Problem

_LABELS = {FIX_INSERT_FLATTEN: "Insert Flatten", FIX_MISSING_LOSS: "Use the usual loss"}


@dataclass(frozen=True)
class SetParam:
    node_id: str
    key: str
    value: object


@dataclass(frozen=True)
class Disconnect:
    edge: Edge


@dataclass(frozen=True)
class AddNode:
    type_name: str
    position: tuple[float, float]
    node_id: str


@dataclass(frozen=True)
class Connect:
    source: str
    target: str
    port: int | None = None
    source_port: int = 0


Edit = SetParam | Disconnect | AddNode | Connect


@dataclass(frozen=True)
class Fix:
    text: str  # the undo step's name, e.g. "Fix: insert Flatten before hidden"
    edits: tuple[Edit, ...]


def fix_label(problem: Problem) -> str | None:
    """The label of the fix offered for a problem, or None when there is none."""
    return _LABELS.get(problem.code)


def fix_for(graph: Graph, problem: Problem) -> Fix | None:
    """The edits that fix the problem in this graph, or None (no fix, or it no longer
    applies: the node is gone or has nothing to insert before)."""
    node_id = problem.node_id
    if fix_label(problem) is None or node_id is None or not graph.has_node(node_id):
        return None
    node = graph.node(node_id)
    if problem.code == FIX_MISSING_LOSS:
        params = node.kind.resolved(node.params)
        config = params.get("config") if isinstance(params.get("config"), dict) else {}
        activation = params.get("activation") or config.get("activation") or "linear"
        loss = usual_loss(str(activation), params.get("units"), bool(params.get("from_logits")))
        return Fix(f"Fix: {node.name} loss {loss}", (SetParam(node_id, "loss", loss),))
    inputs = graph.inputs_of(node_id)
    if not inputs:
        return None
    edge = inputs[0]
    source = graph.node(edge.source).position
    x, y = node.position
    flatten = graph.new_id()
    return Fix(f"Fix: insert Flatten before {node.name}", (
        Disconnect(edge),
        AddNode("Flatten", ((source[0] + x) / 2, (source[1] + y) / 2), flatten),
        Connect(edge.source, flatten, source_port=edge.source_port),
        Connect(flatten, node_id, edge.target_port)))

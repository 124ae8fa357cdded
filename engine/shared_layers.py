"""Shared layers: one Keras layer called at several places of the graph, its weights shared.

The first call is an ordinary node, the layer's *owner*; every other call is a node of the
same kind that names the owner in its `shares` entry (a node key in the project file, kept in
`Node.extra`) and has no parameters of its own: its layer, parameters and weights are the
owner's. The compiler calls the owner's layer object again, code generation declares the
layer once and calls it at each place, and its weights are counted once, at the owner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # engine.graph asks this module for a node's layer parameters
    from engine.graph import Graph, Node

SHARES = "shares"  # the node key naming the owner


def shared_owner_id(node: Node) -> str | None:
    """The id of the node whose layer this node calls, or None for an ordinary node."""
    value = node.extra.get(SHARES)
    return value if isinstance(value, str) else None


def owner_of(graph: Graph, node: Node) -> Node:
    """The node holding the layer this node calls: its owner, or itself (also when the
    owner is missing, which validation reports)."""
    owner_id = shared_owner_id(node)
    if owner_id is None or owner_id == node.id or not graph.has_node(owner_id):
        return node
    return graph.node(owner_id)


def layer_params(graph: Graph, node: Node) -> dict:
    """The parameters of the layer a node calls (the owner's, for a shared call)."""
    return owner_of(graph, node).params


def sharing_problems(graph: Graph, node: Node) -> list[tuple[str, str]]:
    """(message, code) for a `shares` entry that cannot be honoured."""
    if SHARES not in node.extra:
        return []
    value = node.extra[SHARES]
    if not isinstance(value, str) or not graph.has_node(value):
        return [(f"shares the layer of {value!r}, which is not a node of this graph: remove "
                 "the node, or call another layer", "shares")]
    owner = graph.node(value)
    if owner.id == node.id:
        return [("shares its layer with itself", "shares")]
    if owner.type != node.type:
        return [(f"is a {node.type} but shares the layer of {owner.name}, a {owner.type}",
                 "shares")]
    if shared_owner_id(owner) is not None:
        return [(f"shares the layer of {owner.name}, which itself calls another layer: "
                 "name the first call as the owner", "shares")]
    if node.kind is not None and (node.kind.is_input or node.kind.is_output):
        return [(f"an {node.type} cannot share a layer: only layers between the inputs and "
                 "the outputs can be called twice", "shares")]
    return []


def calls_of(graph: Graph, owner_id: str) -> list[str]:
    """The nodes that call the owner's layer again (in graph order)."""
    return [n.id for n in graph.nodes if shared_owner_id(n) == owner_id and n.id != owner_id]

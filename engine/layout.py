"""Automatic layout: columns by topological depth, rows in a stable order (networkx)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.graph import Graph

if TYPE_CHECKING:
    import networkx as nx

COLUMN_GAP = 230.0
ROW_GAP = 130.0


def auto_layout(graph: Graph) -> dict[str, tuple[float, float]]:
    """New positions for every node: inputs on the left, each node one column right of the
    deepest node feeding it, each column centred on the row axis."""
    import networkx as nx  # loaded on first use, off the app's start

    simple = nx.DiGraph()
    order = {n.id: i for i, n in enumerate(graph.nodes)}
    simple.add_nodes_from(order)
    simple.add_edges_from((e.source, e.target) for e in graph.edges if e.source != e.target)
    depth: dict[str, int] = {}
    if nx.is_directed_acyclic_graph(simple):
        for node_id in nx.lexicographical_topological_sort(simple, key=order.__getitem__):
            preds = list(simple.predecessors(node_id))
            depth[node_id] = 1 + max((depth[p] for p in preds), default=-1)
    else:
        condensed = nx.condensation(simple)
        for comp in nx.topological_sort(condensed):
            preds = list(condensed.predecessors(comp))
            level = 1 + max((depth[f"c{p}"] for p in preds), default=-1)
            depth[f"c{comp}"] = level
            for node_id in condensed.nodes[comp]["members"]:
                depth[node_id] = level
    columns: dict[int, list[str]] = {}
    for node_id in sorted(order, key=order.__getitem__):
        columns.setdefault(depth[node_id], []).append(node_id)
    # order each column by the mean row of its sources, so edges cross less
    row_of: dict[str, float] = {}
    positions: dict[str, tuple[float, float]] = {}
    for level in sorted(columns):
        ids = columns[level]
        if level:
            ids.sort(key=lambda n: (_mean_row(n, simple, row_of), order[n]))
        top = -(len(ids) - 1) / 2.0
        for i, node_id in enumerate(ids):
            row_of[node_id] = top + i
            positions[node_id] = (level * COLUMN_GAP, (top + i) * ROW_GAP)
    return positions


def _mean_row(node_id: str, simple: nx.DiGraph, row_of: dict[str, float]) -> float:
    rows = [row_of[p] for p in simple.predecessors(node_id) if p in row_of]
    return sum(rows) / len(rows) if rows else 0.0

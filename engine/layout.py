"""Automatic layout: columns by topological depth, rows in a stable order.

Linear in nodes and edges, without networkx (whose import alone took longer than laying out
1,000 nodes): nodes that feed each other (a cycle, in a file) share a column.
"""

from __future__ import annotations

from engine.graph import Graph
from engine.graph_order import strong_components

COLUMN_GAP = 230.0
ROW_GAP = 130.0


def auto_layout(graph: Graph) -> dict[str, tuple[float, float]]:
    """New positions for every node: inputs on the left, each node one column right of the
    deepest node feeding it, each column centred on the row axis."""
    order = {node.id: i for i, node in enumerate(graph.nodes)}
    sources = {node_id: {e.source for e in graph.inputs_of(node_id) if e.source != node_id}
               for node_id in order}
    depth: dict[str, int] = {}
    for component in strong_components(list(order), graph.outputs_of):
        members = set(component)
        feeding = [depth[s] for m in component for s in sources[m] if s not in members]
        level = 1 + max(feeding, default=-1)
        for node_id in component:
            depth[node_id] = level
    columns: dict[int, list[str]] = {}
    for node_id in order:
        columns.setdefault(depth[node_id], []).append(node_id)
    # order each column by the mean row of its sources, so edges cross less
    row_of: dict[str, float] = {}
    positions: dict[str, tuple[float, float]] = {}
    for level in sorted(columns):
        ids = columns[level]
        if level:
            ids.sort(key=lambda n: (_mean_row(sources[n], row_of), order[n]))
        top = -(len(ids) - 1) / 2.0
        for i, node_id in enumerate(ids):
            row_of[node_id] = top + i
            positions[node_id] = (level * COLUMN_GAP, (top + i) * ROW_GAP)
    return positions


def _mean_row(sources: set[str], row_of: dict[str, float]) -> float:
    rows = [row_of[s] for s in sources if s in row_of]
    return sum(rows) / len(rows) if rows else 0.0

"""Order, paths and cycles of a graph given as its adjacency: the algorithms behind Graph's
topological_order, cycles and connection checks, apart from its editing API."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence


class GraphHasCycle(ValueError):
    """Raised when nodes feed each other, so that no topological order exists."""


def kahn_order(ids: Sequence[str], inputs_of: Callable, outputs_of: Callable) -> list[str]:
    """`ids` (in insertion order), each after the nodes feeding it, ties kept in that order.
    Kahn's algorithm on a heap of insertion ranks: networkx's lexicographical sort took 35 ms
    on 2,000 nodes, this takes a few. Edges from or to nodes outside `ids` are ignored."""
    rank = {nid: i for i, nid in enumerate(ids)}
    waiting = {nid: sum(e.source in rank for e in inputs_of(nid)) for nid in ids}
    ready = [rank[nid] for nid in ids if not waiting[nid]]
    order = []
    while ready:
        node_id = ids[heapq.heappop(ready)]
        order.append(node_id)
        for edge in outputs_of(node_id):
            if edge.target in rank:
                waiting[edge.target] -= 1
                if not waiting[edge.target]:
                    heapq.heappush(ready, rank[edge.target])
    if len(order) < len(ids):
        raise GraphHasCycle("the graph contains a cycle")
    return order


def shortest_path(start: str, goal: str, outputs_of: Callable) -> list[str] | None:
    """A shortest path of node ids from `start` to `goal` along the edges, or None
    (breadth-first: asked on every connect, and for every port while a wire is dragged)."""
    came_from: dict[str, str | None] = {start: None}
    frontier = [start]
    while frontier:
        following = []
        for node_id in frontier:
            if node_id == goal:
                path = []
                step: str | None = node_id
                while step is not None:
                    path.append(step)
                    step = came_from[step]
                return path[::-1]
            for edge in outputs_of(node_id):
                if edge.target not in came_from:
                    came_from[edge.target] = node_id
                    following.append(edge.target)
        frontier = following
    return None


def network_of(ids: Iterable[str], edges: Iterable):
    """The graph as a networkx MultiDiGraph (networkx loads here, off the app's start)."""
    import networkx as nx

    network = nx.MultiDiGraph()
    network.add_nodes_from(ids)
    network.add_edges_from((e.source, e.target, e.target_port) for e in edges)
    return network


def knots(network, rank: dict[str, int]) -> list[list[str]]:
    """One cycle (a path of node ids) per set of nodes that feed each other, each starting
    at its earliest node by `rank`, in that order."""
    import networkx as nx

    found = []
    simple = nx.DiGraph(network)
    for component in nx.strongly_connected_components(simple):
        first = min(component, key=rank.__getitem__)
        if len(component) == 1 and not simple.has_edge(first, first):
            continue
        cycle = nx.find_cycle(simple.subgraph(component), source=first)
        found.append([u for u, _v in cycle])
    return sorted(found, key=lambda c: rank[c[0]])


def strong_components(ids: Sequence[str], outputs_of: Callable) -> list[list[str]]:
    """The sets of nodes that feed each other (a node on no cycle is a set of its own), each
    after every set feeding it. Tarjan's algorithm without recursion, in linear time."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in ids:
        if root in index:
            continue
        work = [(root, iter(outputs_of(root)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node_id, edges = work[-1]
            advanced = False
            for edge in edges:
                target = edge.target
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(outputs_of(target))))
                    advanced = True
                    break
                if target in on_stack:
                    low[node_id] = min(low[node_id], index[target])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node_id])
            if low[node_id] == index[node_id]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node_id:
                        break
                found.append(component)
    found.reverse()  # Tarjan finds a set after every set it feeds
    return found

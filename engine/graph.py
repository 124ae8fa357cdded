"""The network as plain data: nodes with stable string ids, edges into numbered input slots.

Every change goes through the small API below and is announced to listeners as a
`GraphEvent`, so undo commands and the canvas are built on one path of change. The graph
refuses connections that would join a node to itself, close a cycle or fill a taken slot.
A graph read from a file may still hold such faults; validation reports them.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from engine.catalogue import get_kind
from engine.errors import (
    CycleError,
    NoOutputPortError,
    NoSuchSlotError,
    SelfLoopError,
    SlotTakenError,
    UnknownKindError,
    UnknownNodeError,
    UnknownParameterError,
)
from engine.graph_events import (
    EdgeAdded,
    EdgeRemoved,
    GraphCleared,
    GraphEvent,
    NodeAdded,
    NodeMoved,
    NodeRemoved,
    NodeRenamed,
    ParamChanged,
)
from engine.graph_names import NameIndex
from engine.graph_order import GraphHasCycle, kahn_order, knots, network_of, shortest_path
from engine.listeners import Listeners
from engine.model_io import file_entry
from engine.shared_layers import layer_params


@dataclass
class Node:
    id: str
    type: str
    name: str
    params: dict[str, Any] = field(default_factory=dict)
    position: tuple[float, float] = (0.0, 0.0)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown keys from the file, kept

    @property
    def kind(self):
        return get_kind(self.type)

    def describe(self) -> str:
        return f"{self.id} ({self.name})"


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    target_port: int = 0
    source_port: int = 0  # which output of the source (an LSTM's states are 1 and 2)


Listener = Callable[[GraphEvent], None]

_ID = re.compile(r"^n(\d+)$")


class Graph:
    def __init__(self):
        self._nodes: dict[str, Node] = {}
        self._edges: list[Edge] = []
        self._in: dict[str, list[Edge]] = {}
        self._out: dict[str, list[Edge]] = {}
        self._nx = None  # the networkx view, built when first asked for (see _network)
        # the whole graph's topological order (None: has a cycle), until the structure changes
        self._order_cache: tuple[list[str] | None] | None = None
        self._listeners = Listeners()
        self._next_id = 1
        self._names = NameIndex()
        # the model's inputs/outputs as a list or a dict, and their keys (engine.model_io)
        self.io: dict[str, dict[str, str]] = {}

    # ---- reading -------------------------------------------------------------------------
    @property
    def nodes(self) -> list[Node]:
        return list(self._nodes.values())

    @property
    def edges(self) -> list[Edge]:
        return list(self._edges)

    def node(self, node_id: str) -> Node:
        try:
            return self._nodes[node_id]
        except KeyError:
            raise UnknownNodeError(f"there is no node {node_id!r}") from None

    def has_node(self, node_id: str) -> bool:
        return node_id in self._nodes

    def index_of(self, node_id: str) -> int:
        return list(self._nodes).index(node_id)

    def by_name(self, name: str) -> Node | None:
        if not self._names.count(name):
            return None
        for node in self._nodes.values():
            if node.name == name:
                return node
        return None

    def inputs_of(self, node_id: str) -> list[Edge]:
        """Edges into the node, by slot."""
        edges = self._in.get(node_id, ())
        if len(edges) < 2:
            return list(edges)
        return sorted(edges, key=lambda e: e.target_port)

    def outputs_of(self, node_id: str) -> list[Edge]:
        return list(self._out.get(node_id, ()))

    def edges_of(self, node_id: str) -> list[Edge]:
        seen = self._in.get(node_id, []) + self._out.get(node_id, [])
        return [e for e in self._edges if e in seen]

    def free_slot(self, node_id: str) -> int | None:
        """The first empty input slot, or None when the node takes no more inputs."""
        kind = self.node(node_id).kind
        taken = {e.target_port for e in self.inputs_of(node_id)}
        limit = None if kind is None else kind.max_inputs
        slot = 0
        while slot in taken:
            slot += 1
        if limit is not None and slot >= limit:
            return None
        return slot

    def slot_count(self, node_id: str) -> int:
        """Slots a node shows: its fixed count, or for merging kinds the filled ones + 1 free."""
        kind = self.node(node_id).kind
        if kind is None:
            return max([e.target_port + 1 for e in self.inputs_of(node_id)], default=1)
        if kind.max_inputs is not None:
            return kind.max_inputs
        used = [e.target_port for e in self.inputs_of(node_id)]
        return max(kind.min_inputs, max(used, default=-1) + 2)

    def topological_order(self, exclude: Iterable[str] = ()) -> list[str]:
        """Node ids, each after the nodes feeding it; ties kept in insertion order."""
        skip = set(exclude)
        if skip:
            return self._sorted(skip)
        if self._order_cache is None:
            try:
                self._order_cache = (self._sorted(skip),)
            except GraphHasCycle:
                self._order_cache = (None,)
        order = self._order_cache[0]
        if order is None:
            raise GraphHasCycle("the graph contains a cycle")
        return list(order)

    def _sorted(self, skip: set[str]) -> list[str]:
        ids = [nid for nid in self._nodes if nid not in skip]
        return kahn_order(ids, self._in.__getitem__, self._out.__getitem__)

    def cycles(self) -> list[list[str]]:
        """One cycle (as a path of node ids) for each knot of nodes that feed each other."""
        if not self.has_cycle():
            return []
        return knots(self._network(), {nid: i for i, nid in enumerate(self._nodes)})

    def has_cycle(self) -> bool:
        try:
            self.topological_order()
        except GraphHasCycle:
            return True
        return False

    def _network(self):
        """The networkx view, rebuilt after a change when next needed."""
        if self._nx is None:
            self._nx = network_of(self._nodes, self._edges)
        return self._nx

    def ancestors(self, node_id: str) -> set[str]:
        import networkx as nx
        return nx.ancestors(self._network(), node_id)

    def descendants(self, node_id: str) -> set[str]:
        import networkx as nx
        return nx.descendants(self._network(), node_id)

    def name_count(self, name: str) -> int:
        """How many nodes carry `name`."""
        return self._names.count(name)

    def unique_name(self, stem: str, taken: Collection[str] = ()) -> str:
        """`stem`, or `stem_1`, `stem_2`... as Keras numbers its layers (the first free);
        names in `taken` count as used. Amortised constant time."""
        return self._names.unique(stem, taken)

    def new_id(self) -> str:
        while f"n{self._next_id}" in self._nodes:
            self._next_id += 1
        return f"n{self._next_id}"

    # ---- checks ----------------------------------------------------------------------------
    def output_count(self, node_id: str) -> int:
        """How many outputs the node shows (1 for most; an LSTM returning its states 3)."""
        node = self.node(node_id)
        if node.kind is None:
            return max([e.source_port + 1 for e in self.outputs_of(node_id)], default=1)
        return node.kind.port_count(layer_params(self, node))  # a shared call: its owner's

    def check_connect(self, source: str, target: str, port: int | None = None,
                      source_port: int = 0) -> int:
        """The slot the connection would fill; raises a ConnectionRefused saying why not."""
        src, dst = self.node(source), self.node(target)
        if source == target:
            raise SelfLoopError(f"{src.name} cannot be connected to itself")
        if src.kind is not None and not src.kind.has_output:
            raise NoOutputPortError(f"{src.name} is an {src.type} and has no output to connect")
        if not 0 <= source_port < self.output_count(source):
            raise NoOutputPortError(f"{src.name} has no output {source_port}")
        kind = dst.kind
        if kind is not None and kind.max_inputs == 0:
            raise NoSuchSlotError(f"{dst.name} is an {dst.type} and takes no input")
        if port is None:
            port = self.free_slot(target)
            if port is None:
                raise SlotTakenError(f"every input slot of {dst.name} is taken")
        if port < 0 or (kind is not None and kind.max_inputs is not None
                        and port >= kind.max_inputs):
            raise NoSuchSlotError(f"{dst.name} has no input slot {port}")
        for edge in self.inputs_of(target):
            if edge.target_port == port:
                taken_by = self.node(edge.source).name
                raise SlotTakenError(f"input slot {port} of {dst.name} is already fed by "
                                     f"{taken_by}")
        path = shortest_path(target, source, self._out.__getitem__)
        if path is not None:
            names = " -> ".join(self.node(n).name for n in [*path, target])
            raise CycleError(f"connecting {src.name} to {dst.name} would make a cycle: {names}")
        return port

    def can_connect(self, source: str, target: str, port: int | None = None,
                    source_port: int = 0) -> bool:
        try:
            self.check_connect(source, target, port, source_port)
        except (CycleError, SelfLoopError, SlotTakenError, NoSuchSlotError, NoOutputPortError):
            return False
        return True

    # ---- changing ------------------------------------------------------------------------
    def add_node(self, type_name: str, params: dict | None = None, name: str | None = None,
                 position: tuple[float, float] = (0.0, 0.0), node_id: str | None = None,
                 index: int | None = None, extra: dict | None = None,
                 allow_unknown: bool = False) -> Node:
        kind = get_kind(type_name)
        if kind is None and not allow_unknown:
            raise UnknownKindError(f"there is no node kind {type_name!r}")
        if node_id is None:
            node_id = self.new_id()
        elif node_id in self._nodes:
            raise ValueError(f"node id {node_id!r} is already used")
        if not name:
            stem = kind.base_name if kind else re.sub(r"\W+", "_", type_name.lower()) or "node"
            name = self.unique_name(stem)
        node = Node(node_id, type_name, name, dict(params or {}),
                    (float(position[0]), float(position[1])), dict(extra or {}))
        if index is None or index >= len(self._nodes):
            self._nodes[node_id] = node  # appending: no copy (loading 2,000 nodes was O(n^2))
        else:
            items = list(self._nodes.items())
            items.insert(index, (node_id, node))
            self._nodes = dict(items)
        self._in[node_id] = []
        self._out[node_id] = []
        self._names.add(name)
        self._nx = None
        self._order_cache = None
        match = _ID.match(node_id)
        if match:
            self._next_id = max(self._next_id, int(match.group(1)) + 1)
        self._emit(NodeAdded, node_id)
        return node

    def remove_node(self, node_id: str) -> tuple[Node, int, list[tuple[int, Edge]]]:
        """Removes the node and its edges; returns what undo needs to put them back: the
        node, its index, and its edges with their indices (ascending)."""
        node = self.node(node_id)
        index = self.index_of(node_id)
        edges = sorted((self.edge_index(e), e) for e in self.edges_of(node_id))
        for _i, edge in reversed(edges):
            self.disconnect(edge)
        del self._nodes[node_id]
        del self._in[node_id], self._out[node_id]
        self._names.remove(node.name)
        self._nx = None
        self._order_cache = None
        self._emit(NodeRemoved, node_id, node)
        return node, index, edges

    def connect(self, source: str, target: str, port: int | None = None,
                source_port: int = 0) -> Edge:
        port = self.check_connect(source, target, port, source_port)
        return self._add_edge(Edge(source, target, port, source_port))

    def add_edge_unchecked(self, edge: Edge, index: int | None = None) -> Edge:
        """For files and undo: keeps what it is given (faults included) so validation can
        report it; `index` puts the edge back where it was in the edge list."""
        self.node(edge.source)
        self.node(edge.target)
        return self._add_edge(edge, index)

    def edge_index(self, edge: Edge) -> int:
        return self._edges.index(edge)

    def _add_edge(self, edge: Edge, index: int | None = None) -> Edge:
        if index is None or index >= len(self._edges):
            self._edges.append(edge)
        else:
            self._edges.insert(index, edge)
        self._in[edge.target].append(edge)
        self._out[edge.source].append(edge)
        self._nx = None
        self._order_cache = None
        self._emit(EdgeAdded, edge)
        return edge

    def disconnect(self, edge: Edge) -> int:
        """Removes the connection; returns where it stood in the edge list (for undo)."""
        try:
            index = self._edges.index(edge)
            del self._edges[index]
        except ValueError:
            raise UnknownNodeError(f"there is no connection {edge.source} -> {edge.target} "
                                   f"slot {edge.target_port}") from None
        self._in[edge.target].remove(edge)
        self._out[edge.source].remove(edge)
        self._nx = None
        self._order_cache = None
        self._emit(EdgeRemoved, edge)
        return index

    def set_param(self, node_id: str, key: str, value: Any) -> None:
        node = self.node(node_id)
        kind = node.kind
        from engine.search.space import param_spec  # its own, and a search's "repeat"

        if kind is not None and param_spec(kind, key) is None:
            raise UnknownParameterError(f"{node.type} has no parameter {key!r}")
        missing = object()
        old = node.params.get(key, missing)
        node.params[key] = copy.deepcopy(value)
        self._emit(ParamChanged, node_id, key, None if old is missing else old, value)

    def unset_param(self, node_id: str, key: str) -> None:
        """Back to the default (as a file that leaves the parameter out)."""
        node = self.node(node_id)
        if key in node.params:
            old = node.params.pop(key)
            self._emit(ParamChanged, node_id, key, old, None)

    def rename(self, node_id: str, name: str) -> None:
        node = self.node(node_id)
        old, node.name = node.name, name
        self._names.remove(old)
        self._names.add(name)
        self._emit(NodeRenamed, node_id, old, name)

    def move(self, node_id: str, x: float, y: float) -> None:
        node = self.node(node_id)
        old, node.position = node.position, (float(x), float(y))
        self._emit(NodeMoved, node_id, old, node.position)

    def clear(self) -> None:
        self._nodes.clear()
        self._edges.clear()
        self._in.clear()
        self._out.clear()
        self._nx = None
        self._order_cache = None
        self._next_id = 1
        self._names.clear()
        self.io = {}
        self._emit(GraphCleared)

    # ---- listeners -----------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        """`listener(event)` after every change (a bound method is held weakly:
        engine.listeners)."""
        self._listeners.add(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self._listeners.remove(listener)

    def _emit(self, event_type: type, *fields) -> None:
        """Announces `event_type(*fields)`, made only when someone listens (a file of
        100,000 nodes is read into a graph nobody listens to yet)."""
        if self._listeners:
            self._listeners.call(event_type(*fields))

    # ---- plain data ----------------------------------------------------------------------
    def to_dict(self) -> dict:
        nodes = []
        for n in self._nodes.values():
            item = dict(n.extra)
            item.update({"id": n.id, "type": n.type, "name": n.name,
                         "params": copy.deepcopy(n.params),
                         "position": [n.position[0], n.position[1]]})
            nodes.append(item)
        edges = [{"source": e.source, "target": e.target, "target_port": e.target_port,
                  **({"source_port": e.source_port} if e.source_port else {})}
                 for e in self._edges]
        found = {"nodes": nodes, "edges": edges}
        if (io := file_entry(self)) is not None:  # the inputs/outputs as a dict
            found["io"] = io
        return found

    def copy(self) -> Graph:
        """A deep copy with no listeners (what a worker thread takes)."""
        other = Graph()
        other.fill_from(self)
        return other

    def fill_from(self, source: Graph) -> None:
        """Holds a deep copy of what `source` holds (its listeners are told, one by one)."""
        self.clear()
        for n in source.nodes:
            self.add_node(n.type, copy.deepcopy(n.params), n.name, n.position, n.id,
                          extra=copy.deepcopy(n.extra), allow_unknown=True)
        for e in source.edges:
            self.add_edge_unchecked(e)
        self.io = {side: dict(keys) for side, keys in source.io.items()}

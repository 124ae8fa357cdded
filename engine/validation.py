"""Validation and shape inference, without TensorFlow.

`analyse(graph)` reports every problem as (node, severity, plain-words message) and gives
each node its output shape and parameter count, computed by the catalogue's shape rules so
that they equal what Keras computes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from engine.catalogue import Inferred, Shape, ShapeError, show_shape
from engine.graph import Graph
from engine.model_io import key_problems
from engine.names import name_problem
from engine.search.space import REPEAT, is_search, search_note
from engine.shared_layers import SHARES, layer_params, owner_of, sharing_problems

ERROR = "error"
WARNING = "warning"

# fix-it codes the editor can attach an action to
FIX_INSERT_FLATTEN = "dense_rank"
FIX_MISSING_LOSS = "missing_loss"
NO_SHAPE = "no_shape"  # an Input with neither a shape nor bound data


@dataclass(frozen=True)
class Problem:
    node_id: str | None
    severity: str
    message: str
    code: str = ""
    node_name: str = ""
    where: str = ""  # the JSON path of the value, when the problem is a value in the file
    also: tuple[str, ...] = ()  # other nodes the one problem is about (e.g. a shared name)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def describe(self) -> str:
        """`ERROR node n4 (dense_1): ...`, the form `check` prints."""
        head = self.severity.upper()
        if self.node_id is not None:
            head += f" node {self.node_id} ({self.node_name})"
        text = f"{self.where}: {self.message}" if self.where else self.message
        return f"{head}: {text}"


@dataclass
class Analysis:
    problems: list[Problem] = field(default_factory=list)
    inferred: dict[str, Inferred] = field(default_factory=dict)
    model_nodes: list[str] = field(default_factory=list)  # in the model, topological order
    # the data binding as far as it is known without loading the data (engine.data.Binding:
    # Input shapes and columns, Output encodings and units); set by analyse_project
    binding: Any = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def shape(self, node_id: str, port: int = 0) -> Shape | None:
        inferred = self.inferred.get(node_id)
        return None if inferred is None else inferred.port_shape(port)

    def for_node(self, node_id: str) -> list[Problem]:
        return [p for p in self.problems if p.node_id == node_id]

    def totals(self) -> tuple[int, int]:
        """(trainable, non-trainable) over the nodes in the model."""
        trainable = sum(self.inferred[n].trainable for n in self.model_nodes
                        if n in self.inferred)
        frozen = sum(self.inferred[n].non_trainable for n in self.model_nodes
                     if n in self.inferred)
        return trainable, frozen


class _Report:
    def __init__(self, graph: Graph):
        self.graph = graph
        self.items: list[Problem] = []

    def add(self, node_id, severity, message, code="", where="", also=()):
        name = self.graph.node(node_id).name if node_id is not None else ""
        self.items.append(Problem(node_id, severity, message, code, name, where, tuple(also)))


def analyse(graph: Graph, bound_shapes: dict[str, Shape] | None = None) -> Analysis:
    """Check the graph; `bound_shapes` gives Input nodes that take their shape from data."""
    bound_shapes = bound_shapes or {}
    report = _Report(graph)
    nodes = graph.nodes
    analysis = Analysis()

    _check_whole(graph, report)
    bad_params = _check_nodes(graph, report)
    _check_edges(graph, report)
    in_cycle = _check_cycles(graph, report)
    in_model = _check_reach(graph, report)
    _infer_shapes(graph, report, analysis, bound_shapes, bad_params, in_cycle)

    order = {n.id: i for i, n in enumerate(nodes)}
    if not in_cycle:
        analysis.model_nodes = [n for n in graph.topological_order() if n in in_model]
    else:
        analysis.model_nodes = [n.id for n in nodes if n.id in in_model]
    if graph.io:  # a dict's keys: one node each
        ends = [graph.node(n) for n in analysis.model_nodes if graph.node(n).kind is not None]
        report.items += key_problems(graph, [n.id for n in ends if n.kind.is_input],
                                     [n.id for n in ends if n.kind.is_output])
    analysis.problems = sorted(
        report.items, key=lambda p: (-1 if p.node_id is None else order[p.node_id]))
    return analysis


def _check_whole(graph: Graph, report: _Report) -> None:
    nodes = graph.nodes
    if not nodes:
        report.add(None, ERROR, "the graph is empty: add an Input, layers and an Output")
        return
    kinds = [n.kind for n in nodes]
    if not any(k is not None and k.is_input for k in kinds):
        report.add(None, ERROR, "the graph has no Input node")
    if not any(k is not None and k.is_output for k in kinds):
        report.add(None, ERROR, "the graph has no Output node")


def _check_nodes(graph: Graph, report: _Report) -> set[str]:
    """Kinds, names and parameter values; returns the nodes whose parameters are bad."""
    bad: set[str] = set()
    by_name: dict[str, list[str]] = defaultdict(list)
    for index, node in enumerate(graph.nodes):
        by_name[node.name].append(node.id)
        problem = name_problem(node.name)
        if problem:
            report.add(node.id, ERROR, problem, "name", f"graph.nodes[{index}].name")
        kind = node.kind
        if kind is None:
            report.add(node.id, ERROR, f"unknown node kind {node.type!r}: it is kept in the file "
                       "but cannot be part of the model", "unknown_kind",
                       f"graph.nodes[{index}].type")
            bad.add(node.id)
            continue
        if SHARES in node.extra:  # a shared call: the owner's parameters are checked
            for message, code in sharing_problems(graph, node):
                report.add(node.id, ERROR, message, code, f"graph.nodes[{index}].shares")
                bad.add(node.id)
            continue
        for key, value in node.params.items():
            spec = kind.param(key)
            where = f"graph.nodes[{index}].params.{key}"
            if is_search(value) or key == REPEAT:  # one note (or the search's own error)
                is_error, message = search_note(kind, key, value)
                if message:
                    report.add(node.id, ERROR if is_error else WARNING, message, "search",
                               where)
                bad.update([node.id] if is_error else [])
                continue
            if spec is None:
                report.add(node.id, WARNING, f"{kind.type} has no parameter {key!r}; it is "
                           "ignored", "unknown_param", where)
                continue
            message = spec.check(value)
            if message:
                report.add(node.id, ERROR, f"{key}: {message}", "param", where)
                bad.add(node.id)
        for spec in kind.params:
            if spec.default is None and not spec.nullable and node.params.get(spec.name) is None:
                report.add(node.id, ERROR, f"{spec.name} is not set", "param")
                bad.add(node.id)
        if kind.is_output and node.params.get("loss") is None:
            report.add(node.id, WARNING, "has no loss: the model can be built but not trained",
                       FIX_MISSING_LOSS)
    for node in graph.nodes:  # a call of a layer whose parameters are bad is bad too
        if node.id not in bad and owner_of(graph, node).id in bad:
            bad.add(node.id)
    for name, ids in by_name.items():
        if len(ids) > 1 and name:
            report.add(ids[0], ERROR, _shared_name_message(name, ids), "duplicate_name",
                       also=ids[1:])
    return bad


SHOWN_IDS = 5  # a shared name's message lists this many of its nodes, then counts the rest


def _shared_name_message(name: str, ids: list[str]) -> str:
    """One message for every node sharing `name`, however many: with 20,000 of them it
    names five and counts the rest."""
    shown = ", ".join(ids[:SHOWN_IDS])
    if len(ids) > SHOWN_IDS:
        shown += f" and {len(ids) - SHOWN_IDS:,} more"
    return f"{len(ids):,} layers are named {name!r} ({shown}); Keras needs unique names"


def _check_edges(graph: Graph, report: _Report) -> None:
    for node in graph.nodes:
        kind = node.kind
        edges = graph.inputs_of(node.id)
        by_slot: dict[int, list[str]] = defaultdict(list)
        for edge in edges:
            by_slot[edge.target_port].append(edge.source)
        outputs = graph.output_count(node.id) if kind is not None else None
        for edge in graph.outputs_of(node.id):
            if kind is not None and not kind.has_output:
                report.add(node.id, ERROR, f"an {kind.type} has no output, but it feeds "
                           f"{graph.node(edge.target).name}", "edge")
            elif outputs is not None and edge.source_port >= outputs:
                report.add(node.id, ERROR, f"has no output {edge.source_port} (it has "
                           f"{outputs}), but that output feeds "
                           f"{graph.node(edge.target).name}", "edge")
        if any(e.source == node.id for e in edges):
            report.add(node.id, ERROR, "is connected to itself", "cycle")
        for slot, sources in sorted(by_slot.items()):
            if len(sources) > 1:
                names = " and ".join(graph.node(s).name for s in sources)
                report.add(node.id, ERROR, f"input slot {slot} is fed twice, by {names}", "slot")
        if kind is None:
            continue
        if kind.max_inputs == 0:
            if edges:
                report.add(node.id, ERROR, f"an {kind.type} takes no input", "slot")
            continue
        if kind.max_inputs is not None:
            for slot in sorted(s for s in by_slot if s >= kind.max_inputs):
                report.add(node.id, ERROR, f"has no input slot {slot}", "slot")
            wanted = range(kind.min_inputs)  # a named slot past these is optional
        else:
            wanted = range(max(kind.min_inputs, max(by_slot, default=-1) + 1))
        for slot in wanted:
            if slot not in by_slot:
                if kind.max_inputs == 1:
                    report.add(node.id, ERROR, "its input has nothing connected", "unconnected")
                elif slot < len(kind.input_ports):
                    report.add(node.id, ERROR, f"its {kind.input_ports[slot]} input has "
                               "nothing connected", "unconnected")
                else:
                    report.add(node.id, ERROR, f"input slot {slot} has nothing connected",
                               "unconnected")
        if kind.variadic and 0 < len(by_slot) < kind.min_inputs:
            report.add(node.id, ERROR, f"{kind.type} needs at least {kind.min_inputs} inputs, "
                       f"has {len(by_slot)}", "too_few_inputs")


def _check_cycles(graph: Graph, report: _Report) -> set[str]:
    in_cycle: set[str] = set()
    for cycle in graph.cycles():
        if len(cycle) == 1:
            in_cycle.update(cycle)
            continue  # a self-connection is reported with the node's edges
        names = " -> ".join(graph.node(n).name for n in [*cycle, cycle[0]])
        for node_id in cycle:
            report.add(node_id, ERROR, f"is part of a cycle: {names}", "cycle")
        in_cycle.update(cycle)
    return in_cycle


def _check_reach(graph: Graph, report: _Report) -> set[str]:
    """Nodes that feed some Output (the model); the others are reported."""
    outputs = [n.id for n in graph.nodes if n.kind is not None and n.kind.is_output]
    in_model: set[str] = set(outputs)
    stack = list(outputs)
    while stack:
        for edge in graph.inputs_of(stack.pop()):
            if edge.source not in in_model:
                in_model.add(edge.source)
                stack.append(edge.source)
    if not outputs:
        return in_model
    for node in graph.nodes:
        if node.id in in_model or node.kind is None:
            continue
        if node.kind.is_input:
            report.add(node.id, ERROR, "does not reach any Output: connect it, or remove it",
                       "unreached")
        else:
            report.add(node.id, WARNING, "does not reach any Output: it is left out of the "
                       "model", "unreached")
    return in_model


def _infer_shapes(graph, report, analysis, bound_shapes, bad_params, in_cycle) -> None:
    tainted = set(in_cycle)
    for node_id in in_cycle:
        tainted |= graph.descendants(node_id)
    order = graph.topological_order(exclude=tainted)
    for node_id in order:
        node = graph.node(node_id)
        kind = node.kind
        if kind is None or node_id in bad_params:
            continue
        params = kind.resolved(layer_params(graph, node))
        if kind.is_input:
            shape = params["shape"] if params["shape"] is not None else bound_shapes.get(node_id)
            if shape is None:
                report.add(node_id, ERROR, "has no shape: set one, or bind it to data",
                           NO_SHAPE)
                continue
            params["shape"] = tuple(shape)
            analysis.inferred[node_id] = kind.infer(params, [])
            continue
        edges = graph.inputs_of(node_id)
        if not edges or not kind.accepts_inputs(len(edges)):
            continue
        shapes = [analysis.shape(e.source, e.source_port) for e in edges]
        if any(s is None for s in shapes):
            continue  # the cause is reported upstream
        try:
            inferred = kind.infer(params, shapes)
        except ShapeError as exc:
            report.add(node_id, ERROR, str(exc), exc.code)
            continue
        except TypeError:  # a rule that needs every size met an axis of any length (None)
            if not any(None in s for s in shapes):
                raise
            report.add(node_id, ERROR, f"{node.type} needs a known size on every axis, but "
                       f"its input {' and '.join(show_shape(s) for s in shapes)} has an axis "
                       "of any length: give the Input a fixed length", "free_axis")
            continue
        analysis.inferred[node_id] = inferred
        for notice in inferred.notices:
            report.add(node_id, WARNING, notice.message, notice.code)
    _check_shared_calls(graph, report, analysis)


def _check_shared_calls(graph, report, analysis) -> None:
    """A shared call's weights are its owner's: counted there, and they must fit its input."""
    for node in graph.nodes:
        owner = owner_of(graph, node)
        mine = analysis.inferred.get(node.id)
        if owner is node or mine is None:
            continue
        theirs = analysis.inferred.get(owner.id)
        if theirs is not None and (mine.trainable, mine.non_trainable) != (
                theirs.trainable, theirs.non_trainable):
            report.add(node.id, ERROR, f"calls the layer of {owner.name}, whose weights are "
                       f"made for its input; this input would need {mine.params:,} weights, "
                       f"not {theirs.params:,}: give both calls inputs of one size",
                       "shares_shape")
        analysis.inferred[node.id] = replace(mine, trainable=0, non_trainable=0)

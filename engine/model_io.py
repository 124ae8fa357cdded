"""Whether the model takes its inputs and gives its outputs as a list (the default) or as a
dict, and under which keys: the graph's `io` entry (graph.io in the project file).

    "io": {"inputs": "dict", "outputs": {"n7": "priority", "n9": "department"}}

A side that is absent (or "list") is a list; "dict" is a dict keyed by the nodes' names; an
object is a dict in which the listed nodes (by id) have their own key and the others their
name. Keys follow the graph's order of its Inputs and Outputs, so a model imported with a
dict is rebuilt with the same dict. This module owns the rule: the compiler builds the model
with it, compile keys losses by it, training feeds x and y with it, export and generated code
write it, and the project file reads and writes it.

The graph holds the entry as `graph.io` ({"inputs": {id: key}, "outputs": {...}}, a side
present when it is a dict); nothing here imports Qt, and Keras only inside functions."""

from __future__ import annotations

import warnings
from collections.abc import Iterable

INPUTS, OUTPUTS = "inputs", "outputs"
SIDES = (INPUTS, OUTPUTS)
LIST, DICT = "list", "dict"
MAX_KEY_LENGTH = 256
# Keras warns when an input's dict key is not its name; an imported model's keys are kept
# on purpose, and Keras calls it with them all the same
_KEY_WARNING = r"When providing `inputs` as a dict"


# ---- the entry on the graph -------------------------------------------------------------
def _entry(graph) -> dict:
    return getattr(graph, "io", None) or {}


def is_dict(graph, side: str) -> bool:
    return side in _entry(graph)


def set_side(graph, side: str, keys: dict[str, str] | None) -> None:
    """Makes `side` a dict (`keys`: node id -> key, only those that differ from the node's
    name are kept) or, with None, a list."""
    if side not in SIDES:
        raise KeyError(f"a model has no side {side!r}")
    entry = dict(_entry(graph))
    if keys is None:
        entry.pop(side, None)
    else:
        entry[side] = {node_id: key for node_id, key in keys.items()
                       if not (graph.has_node(node_id) and graph.node(node_id).name == key)}
    graph.io = entry


def key_of(graph, side: str, node) -> str:
    """The dict key of an Input or Output node (its name unless it has its own key)."""
    return _entry(graph).get(side, {}).get(node.id, node.name)


def keys_by_name(graph, side: str) -> dict[str, str]:
    """Node name -> key, for the nodes of that side (Inputs or Outputs) in the graph."""
    return {n.name: key_of(graph, side, n) for n in _side_nodes(graph, side)}


def _side_nodes(graph, side: str) -> list:
    flag = "is_input" if side == INPUTS else "is_output"
    return [n for n in graph.nodes if n.kind is not None and getattr(n.kind, flag)]


# ---- the project file ---------------------------------------------------------------------
def file_entry(graph) -> dict | None:
    """The graph's `io` object as the project file holds it; None when both sides are lists
    (the key is then left out). Keys of nodes no longer in the graph are dropped."""
    entry = _entry(graph)
    if not entry:
        return None
    found = {}
    for side in SIDES:
        if side not in entry:
            continue
        keys = {i: k for i, k in entry[side].items() if graph.has_node(i)}
        found[side] = keys if keys else DICT
    return found


def read_entry(value, graph, fail) -> None:
    """Checks the file's `graph.io` value against the graph just read and puts it on the
    graph; `fail(path, message)` refuses the file naming the value."""
    from engine.params import show_value as _show

    graph.io = {}
    if value is None:
        return
    if not isinstance(value, dict):
        fail("graph.io", f"expected an object with \"inputs\" and/or \"outputs\", got "
             f"{_show(value)}")
    for name in value:
        if name not in SIDES:
            fail(f"graph.io.{name}", "unknown entry: graph.io has only \"inputs\" and "
                 "\"outputs\"")
    entry: dict[str, dict[str, str]] = {}
    for side in SIDES:
        where, given = f"graph.io.{side}", value.get(side, LIST)
        if given == LIST:
            continue
        if given == DICT:
            entry[side] = {}
            continue
        if not isinstance(given, dict):
            fail(where, f"expected \"list\", \"dict\" or an object of node id -> key, got "
                 f"{_show(given)}")
        seen: dict[str, str] = {}
        for node_id, key in given.items():
            if not graph.has_node(node_id):
                fail(f"{where}.{node_id}", f"there is no node {_show(node_id)} in the graph")
            kind = graph.node(node_id).kind
            wanted = "is_input" if side == INPUTS else "is_output"
            if kind is not None and not getattr(kind, wanted):
                fail(f"{where}.{node_id}", f"node {node_id} ({graph.node(node_id).name}) is "
                     f"not an {'Input' if side == INPUTS else 'Output'}: only the model's "
                     f"{side} have keys")
            if not isinstance(key, str) or not key or len(key) > MAX_KEY_LENGTH:
                fail(f"{where}.{node_id}", f"expected a key of 1 to {MAX_KEY_LENGTH} "
                     f"characters, got {_show(key)}")
            if key in seen:
                fail(f"{where}.{node_id}", f"the key {key!r} is also node {seen[key]}'s")
            seen[key] = node_id
        entry[side] = dict(given)
    graph.io = entry


# ---- building the model -------------------------------------------------------------------
def key_problems(graph, input_ids: Iterable[str], output_ids: Iterable[str]) -> list:
    """Validation problems of the keys (two inputs or two outputs under one key)."""
    from engine.validation import ERROR, Problem

    problems = []
    for side, ids in ((INPUTS, input_ids), (OUTPUTS, output_ids)):
        if not is_dict(graph, side):
            continue
        owner: dict[str, str] = {}
        for node_id in ids:
            node = graph.node(node_id)
            key = key_of(graph, side, node)
            if key in owner:
                problems.append(Problem(
                    node_id, ERROR, f"its dict key {key!r} is also the key of "
                    f"{graph.node(owner[key]).name!r}: the model's {side} need one key each",
                    "duplicate_io_key", node.name, also=(owner[key],)))
            owner.setdefault(key, node_id)
    return problems


def structured(graph, side: str, node_ids: list[str], tensors: list):
    """The model's inputs or outputs as Keras takes them: a list, or a dict in node order."""
    if not is_dict(graph, side):
        return list(tensors)
    return {key_of(graph, side, graph.node(n)): t
            for n, t in zip(node_ids, tensors, strict=True)}


def make_model(graph, input_ids: list[str], inputs: list, output_ids: list[str],
               outputs: list, name: str, model_inputs=None):
    """`keras.Model` with the graph's input and output structure (list or dict).
    `model_inputs`, when given (raw columns in front of the Inputs), are taken as they are."""
    from engine.errors import InvalidGraphError
    from engine.keras_setup import keras as _keras

    problems = key_problems(graph, input_ids, output_ids)
    if problems:
        raise InvalidGraphError(problems)
    model_in = model_inputs or structured(graph, INPUTS, input_ids, inputs)
    model_out = structured(graph, OUTPUTS, output_ids, outputs)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_KEY_WARNING)
        return _keras().Model(inputs=model_in, outputs=model_out, name=name)


def keyed_arguments(graph, arguments: dict) -> dict:
    """`compile_arguments` (keyed by output node name) keyed as `compile` takes them: by
    the outputs' dict keys when the model gives a dict."""
    if not is_dict(graph, OUTPUTS):
        return arguments
    keys = keys_by_name(graph, OUTPUTS)
    return {name: ({keys.get(k, k): v for k, v in value.items()}
                   if name in ("loss", "loss_weights", "metrics") else value)
            for name, value in arguments.items()}


def rewrap(model, bare_inputs: bool, bare_outputs: bool, name: str):
    """The same model with a lone input and/or output written bare (an imported model's
    form); a dict side stays a dict."""
    from engine.keras_setup import keras as _keras

    def side(struct, flat, bare):
        if bare:
            return flat[0]
        return struct if isinstance(struct, dict) else flat

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_KEY_WARNING)
        return _keras().Model(
            inputs=side(getattr(model, "_inputs_struct", None), model.inputs, bare_inputs),
            outputs=side(getattr(model, "_outputs_struct", None), model.outputs,
                         bare_outputs), name=name)


# ---- feeding data ---------------------------------------------------------------------------
def feed(graph, side: str, values: dict):
    """x (side INPUTS) or y (OUTPUTS) keyed by node name, as the model takes it: a dict
    under its keys when the side is a dict, else a lone array bare and several as they are
    (Keras matches a list model's inputs and outputs by name)."""
    if is_dict(graph, side):
        keys = keys_by_name(graph, side)
        return {keys.get(name, name): v for name, v in values.items()}
    return next(iter(values.values())) if len(values) == 1 else values


def by_name(graph, predicted):
    """`model.predict`'s result with a dict model's keys turned back into node names."""
    if not isinstance(predicted, dict) or not is_dict(graph, OUTPUTS):
        return predicted
    names = {key: name for name, key in keys_by_name(graph, OUTPUTS).items()}
    return {names.get(k, k): v for k, v in predicted.items()}


def feed_stream(graph, dataset, input_names: list[str], output_names: list[str]):
    """A tf.data dataset of (x, y) batches keyed by node names (a lone one bare) mapped to
    what the model takes; unchanged when both sides are lists."""
    if dataset is None or not (is_dict(graph, INPUTS) or is_dict(graph, OUTPUTS)):
        return dataset

    def side_of(value, side, names):
        if not is_dict(graph, side):
            return value
        if not isinstance(value, dict):
            value = {names[0]: value}
        return feed(graph, side, value)

    return dataset.map(lambda x, y: (side_of(x, INPUTS, input_names),
                                     side_of(y, OUTPUTS, output_names)))

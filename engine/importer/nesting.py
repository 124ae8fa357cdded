"""What an import remembers of a model's structure beyond the flat graph, so that an export
can give back the original config (engine.export.nested_models).

- **Nested models.** A Sequential or Functional called inside the model is flattened into the
  graph (config_graph). Each one is remembered as a *group*: its own config without its
  layers (name, class, dtype, inputs and outputs, build shapes), its call, the order of its
  layers, its inputs (each with the Input entry and the (flat layer, port) pairs it feeds)
  and the flat layers giving its outputs. Layers are named by their flat names
  (`block.dense`), groups too (`outer.block`); `keras_name` is the name inside the parent.
- **Ops and keras.applications layers.** A Keras op (`a + b`) or a private layer
  (ConvNeXt's LayerScale) becomes a catalogue node computing the same numbers. Its original
  entry and call are remembered with the node's kind and parameters at import: while the
  node is unchanged, an export writes the original entry back.

Plain JSON data, kept in the project file under `imported_from.nesting`; nothing in it runs
(an export checks every class it names against Keras's own, engine.importer.safety)."""

from __future__ import annotations

import copy
import json

MODELS = ("Functional", "Model", "Sequential")


def nested_groups(r, inner, prefix: str) -> list[dict]:
    """The groups of nested model `r` (a LayerRecord) read as `inner` (a flattened
    ModelRecord): its own nested models first, then itself; names relative to the model
    calling `r`."""
    lifted = [_prefixed(g, prefix, r.name) for g in inner.groups]
    feeds: list[list] = [[] for _ in inner.inputs]
    for layer in inner.layers:
        if layer.name in inner.inputs:
            continue
        for port, source in enumerate(layer.sources):
            if source in inner.inputs:
                feeds[inner.inputs.index(source)].append([prefix + layer.name, port])
    items = list(r.config.get("layers") or [])
    order, input_items = [], [None] * len(inner.inputs)
    for position, item in enumerate(items):
        name = item.get("name") or (item.get("config") or {}).get("name", "")
        if item.get("class_name") == "InputLayer" and (
                name in inner.inputs or (r.class_name == "Sequential" and position == 0)):
            index = inner.inputs.index(name) if name in inner.inputs else 0
            input_items[index] = plain_json(item)
            order.append({"input": index})
        elif item.get("class_name") in MODELS and isinstance(
                (item.get("config") or {}).get("layers"), list):
            order.append({"group": prefix + name})
        else:
            order.append({"node": prefix + name})
    passthrough = any(name in inner.inputs for name in inner.outputs)
    calls = (r.raw or {}).get("inbound_nodes") or [None]
    skeleton = {k: v for k, v in (r.raw or {}).items() if k not in ("inbound_nodes", "config")}
    skeleton["config"] = {k: v for k, v in r.config.items() if k != "layers"}
    own = {"name": r.name, "keras_name": r.name, "parent": None,
           "class_name": r.class_name, "item": plain_json(skeleton),
           "call": plain_json(calls[0]) if isinstance(calls[0], dict) else None,
           "inputs": [{"item": item, "feeds": f} for item, f in zip(input_items, feeds,
                                                                    strict=True)],
           "layers": order,
           "outputs": None if passthrough else [prefix + n for n in inner.outputs]}
    return [*lifted, own]


def _prefixed(group: dict, prefix: str, parent: str) -> dict:
    g = copy.deepcopy(group)
    g["name"] = prefix + g["name"]
    g["parent"] = prefix + g["parent"] if g["parent"] else parent
    for entry in g["layers"]:
        for key in ("node", "group"):
            if key in entry:
                entry[key] = prefix + entry[key]
    for item in g["inputs"]:
        item["feeds"] = [[prefix + leaf, port] for leaf, port in item["feeds"]]
    if g["outputs"] is not None:
        g["outputs"] = [prefix + n for n in g["outputs"]]
    return g


def nesting_record(record, graph) -> dict | None:
    """The `imported_from.nesting` entry of an imported model (None when there is nothing
    to remember): its groups, and the original entries of ops and private layers."""
    from engine.importer.private_layers import is_private_layer

    restore = {}
    for r in record.layers:
        calls = (r.raw or {}).get("inbound_nodes") or [None]
        if not (r.is_op or is_private_layer(r.raw or {})) or not isinstance(calls[0], dict):
            continue
        node = graph.by_name(r.name)
        if node is None:
            continue
        item = {k: v for k, v in r.raw.items() if k != "inbound_nodes"}
        restore[r.name] = {"item": plain_json(item), "call": plain_json(calls[0]),
                           "type": node.type, "params": plain_json(node.params)}
    if not record.groups and not restore:
        return None
    return {"groups": plain_json(record.groups), "restore": restore}


def plain_json(value):
    """JSON data (tuples as lists), as the project file will hold it."""
    return json.loads(json.dumps(value, default=list))

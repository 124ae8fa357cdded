"""An imported model exported with its original structure: the nested Sequential and
Functional models that the import flattened (`block.dense`) wrapped back, under their own
names, and the Keras ops and keras.applications layers (ConvNeXt's LayerScale) that became
catalogue nodes written back as they were, while their nodes are unchanged
(engine.importer.nesting remembers what the import saw).

`nest_model(flat, project)` works on configs: the flat model's config is regrouped (each
group's layers moved into its own Sequential/Functional entry, named inside it, its wires
named inside it), Keras builds the model from that config, and every weight is copied from
the flat model, bit for bit. A group that the user changed so that it no longer holds
together (a layer deleted or renamed, a wire from outside into its middle, a wire from its
middle to outside) stays flat, and a note says so; anything else that fails leaves the whole
model flat, with a note: an export never fails for this."""

from __future__ import annotations

import copy

from engine.importer.nesting import MODELS, plain_json

TENSOR = "__keras_tensor__"


class _Unbuildable(Exception):
    def __init__(self, group: str, reason: str):
        super().__init__(reason)
        self.group = group  # the outermost group to leave flat
        self.reason = reason


def nest_model(flat, project) -> tuple[object, list[str]]:
    """(model to write, notes). `flat` is the built (and compiled) model of the graph with
    its weights; returned as it is when the project remembers no structure or nothing of
    it can be given back."""
    nesting = (project.extra.get("imported_from") or {}).get("nesting")
    if not isinstance(nesting, dict):
        return flat, []
    notes: list[str] = []
    try:
        config = plain_json(flat.get_config())
        items = {item["name"]: item for item in config["layers"]}
        restored = _restore(nesting.get("restore") or {}, items, project.graph)
        groups = {g["name"]: g for g in nesting.get("groups") or []
                  if isinstance(g, dict) and isinstance(g.get("name"), str)}
        active = {name for name, g in groups.items() if g.get("parent") is None}
        while True:
            try:
                regrouped, placed = _assemble(config, items, groups, active)
                break
            except _Unbuildable as exc:
                if exc.group not in active:  # a record that does not hold together
                    raise
                active.discard(exc.group)
                notes.append(f"the nested model {groups[exc.group]['keras_name']!r} is "
                             f"exported flat: {exc.reason}")
        if not active and not restored:
            return flat, notes
        model = _build(regrouped, flat, placed, groups, restored)
    except Exception as exc:  # never fail an export: write the flat model, say why
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
        return flat, [*notes, "the model is exported flat (its nested models and Keras ops "
                      f"could not be given back: {type(exc).__name__}: {first})"]
    wrapped = [g["keras_name"] for name, g in groups.items() if name in active]
    if wrapped:
        notes.insert(0, f"nested model(s) {', '.join(repr(n) for n in wrapped)} written "
                     "back as in the imported model")
    return model, notes


# -- ops and private layers -------------------------------------------------------------


def _restore(restore: dict, items: dict, graph) -> dict:
    """Puts back the original entry of every op / private layer whose node is unchanged;
    returns {layer name: the imported entry} of those put back."""
    done = {}
    for name, saved in restore.items():
        node = graph.by_name(name)
        if node is None or name not in items or not isinstance(saved, dict):
            continue
        if node.type != saved.get("type") or plain_json(node.params) != saved.get("params"):
            continue
        item, call = saved.get("item"), saved.get("call")
        if not isinstance(item, dict) or not isinstance(call, dict):
            continue
        sources = _refs(items[name]["inbound_nodes"][0])
        if len(_refs(call)) != len(sources):
            continue
        entry = copy.deepcopy(item)
        entry["name"] = name
        entry["inbound_nodes"] = [_with_refs(call, sources)]
        items[name] = entry
        done[name] = entry
    return done


# -- regrouping -----------------------------------------------------------------------


def _assemble(config: dict, items: dict, groups: dict, active: set) -> tuple[dict, dict]:
    """The model's config with each active group's layers wrapped back; also
    {flat layer name: keras names from the outermost group down} for the wrapped ones."""
    placed: dict[str, list[str]] = {}
    top_of: dict[str, str] = {}
    for top in active:
        for leaf, path in _leaves(groups, top, []).items():
            placed[leaf] = path
            top_of[leaf] = top

    def outer(name: str, consumer: str) -> list:
        top = top_of.get(name)
        if top is None:
            return [name, 0, 0]
        outputs = groups[top].get("outputs") or []
        if name in outputs:
            return [groups[top]["keras_name"], 0, outputs.index(name)]
        raise _Unbuildable(top, f"its layer {name!r} feeds {consumer!r} outside it")

    layers, inserted = [], set()
    for item in config["layers"]:
        name = item["name"]
        if name in top_of:
            top = top_of[name]
            if top not in inserted:
                inserted.add(top)
                layers.append(_group_item(groups, top, items, outer, sequential=False))
            continue
        entry = copy.deepcopy(items[name])
        entry["inbound_nodes"] = [_with_refs(node, [outer(r[0], name) for r in _refs(node)])
                                  for node in entry.get("inbound_nodes") or []]
        layers.append(entry)
    regrouped = dict(config, layers=layers)
    ends = config["output_layers"]
    if isinstance(ends, dict):  # a model giving a dict keeps its keys
        regrouped["output_layers"] = {k: outer(e[0], "the model's output")
                                      for k, e in ends.items()}
    elif ends and isinstance(ends[0], str):
        regrouped["output_layers"] = outer(ends[0], "the model's output")
    else:
        regrouped["output_layers"] = [outer(e[0], "the model's output") for e in ends]
    return regrouped, placed


def _leaves(groups: dict, name: str, path: list[str]) -> dict[str, list[str]]:
    group = groups[name]
    here = [*path, group["keras_name"]]
    found = {}
    for entry in group.get("layers") or []:
        if "node" in entry:
            found[entry["node"]] = [*here, _inner_name(group, entry["node"])]
        elif "group" in entry:
            if entry["group"] not in groups:
                raise _Unbuildable(_top(groups, name), f"{entry['group']!r} is not known")
            found.update(_leaves(groups, entry["group"], here))
    return found


def _top(groups: dict, name: str) -> str:
    while groups[name].get("parent") is not None:
        name = groups[name]["parent"]
    return name


def _inner_name(group: dict, flat_name: str) -> str:
    return flat_name[len(group["name"]) + 1:]


def _group_item(groups: dict, name: str, items: dict, parent, sequential: bool) -> dict:
    """The config entry of group `name`, its call's tensors named by `parent(flat name,
    consumer)`; in a Sequential parent, an entry without name or call."""
    group = groups[name]
    top = _top(groups, name)
    label = group["keras_name"]
    if group.get("outputs") is None or group.get("class_name") not in MODELS:
        raise _Unbuildable(top, f"{label!r} passes an input straight to an output")
    sources, shapes = _input_sources(group, items, top)
    inside = set(_leaves(groups, name, []))
    if inside.intersection(sources):
        raise _Unbuildable(top, f"an input of {label!r} now comes from a layer inside it")
    members = {e["node"]: _inner_name(group, e["node"])
               for e in group["layers"] if "node" in e}
    children = {e["group"]: groups[e["group"]] for e in group["layers"] if "group" in e}

    def inner(flat_name: str, consumer: str) -> list:
        if flat_name in members:
            return [members[flat_name], 0, 0]
        for child in children.values():
            if flat_name in (child.get("outputs") or []):
                return [child["keras_name"], 0, child["outputs"].index(flat_name)]
        if sources.count(flat_name) == 1:
            return [_input_name(group, sources.index(flat_name)), 0, 0]
        raise _Unbuildable(top, f"{consumer!r} inside {label!r} takes {flat_name!r}, which "
                           f"is not in {label!r} (a wire from outside into its middle)"
                           if sources.count(flat_name) == 0 else
                           f"two of its inputs come from {flat_name!r}")

    is_sequential = group["class_name"] == "Sequential"
    layers = []
    previous = [_input_name(group, 0), 0, 0] if is_sequential and group["inputs"] else None
    for entry in group["layers"]:
        if "input" in entry:
            found = (group["inputs"][entry["input"]] or {}).get("item")
            if not isinstance(found, dict):
                raise _Unbuildable(top, f"input {entry['input']} of {label!r} is not known")
            layers.append(_reshaped(found, shapes[entry["input"]]))
            previous = [_input_name(group, 0), 0, 0]
            continue
        if "group" in entry:
            child = _group_item(groups, entry["group"], items, inner, is_sequential)
            if is_sequential:
                child_sources = _input_sources(groups[entry["group"]], items, top)[0]
                _chain(top, label, [inner(s, entry["group"]) for s in child_sources],
                       previous)
                previous = [groups[entry["group"]]["keras_name"], 0, 0]
            layers.append(child)
            continue
        leaf = entry["node"]
        if leaf not in items:
            raise _Unbuildable(top, f"its layer {leaf!r} was deleted or renamed")
        item = copy.deepcopy(items[leaf])
        item["name"] = members[leaf]
        item["config"] = dict(item["config"], name=members[leaf])
        calls = item.pop("inbound_nodes", None) or []
        if is_sequential:
            item.pop("name")
            _chain(top, label, [inner(r[0], leaf) for r in _refs(calls[0])] if calls else [],
                   previous)
            previous = [members[leaf], 0, 0]
        else:
            item["inbound_nodes"] = [_with_refs(c, [inner(r[0], leaf) for r in _refs(c)])
                                     for c in calls]
        layers.append(item)
    entry = copy.deepcopy(group["item"])
    entry["config"] = dict(entry.get("config") or {}, layers=layers)
    if is_sequential and shapes and shapes[0] is not None:  # the shape it is built for now
        if "build_input_shape" in entry["config"]:
            entry["config"]["build_input_shape"] = shapes[0]
        if isinstance(entry.get("build_config"), dict) and "input_shape" in entry[
                "build_config"]:
            entry["build_config"]["input_shape"] = shapes[0]
    if not is_sequential:
        ends = [inner(n, "its output") for n in group["outputs"]]
        saved = entry["config"].get("output_layers")
        entry["config"]["output_layers"] = (ends[0] if saved and isinstance(saved[0], str)
                                            and len(ends) == 1 else ends)
    elif layers and previous != inner(group["outputs"][0], "its output"):
        raise _Unbuildable(top, f"the last layer of {label!r} is not its output")
    entry.pop("inbound_nodes", None)
    entry.pop("name", None)
    if not sequential:
        entry["name"] = label
        refs = [parent(s, label) for s in sources]
        call = group.get("call") or _new_call(group, items)
        if len(_refs(call)) != len(refs):
            raise _Unbuildable(top, f"{label!r} is called on {len(refs)} tensors")
        entry["inbound_nodes"] = [_with_refs(call, refs)]
    return entry


def _new_call(group: dict, items: dict) -> dict:
    """A call for a group that had none in its parent (a model inside a Sequential model,
    which Dendrite writes as a Functional one): the tensors its layers take now."""
    tensors = []
    for entry in group["inputs"]:
        leaf, port = entry["feeds"][0]
        config = _tensors(items[leaf]["inbound_nodes"][0])[port]
        tensors.append({"class_name": TENSOR, "config": copy.deepcopy(config)})
    return {"args": tensors if len(tensors) == 1 else [tensors], "kwargs": {}}


def _chain(top: str, label: str, refs: list, previous) -> None:
    if previous is None or refs != [previous]:
        raise _Unbuildable(top, f"the layers of the Sequential {label!r} no longer follow "
                           "one another")


def _input_name(group: dict, index: int) -> str:
    item = (group["inputs"][index] or {}).get("item") or {}
    return item.get("name") or (item.get("config") or {}).get("name") or "input_layer"


def _input_sources(group: dict, items: dict, top: str) -> tuple[list[str], list]:
    """The flat layer feeding each of the group's inputs now, and its shape (batch axis
    first; None when unknown)."""
    found, shapes = [], []
    for index, entry in enumerate(group.get("inputs") or []):
        seen, shape = set(), None
        for leaf, port in entry.get("feeds") or []:
            if leaf not in items:
                raise _Unbuildable(top, f"its layer {leaf!r} was deleted or renamed")
            node = (items[leaf].get("inbound_nodes") or [{}])[0]
            refs = _refs(node)
            if port >= len(refs):
                raise _Unbuildable(top, f"its layer {leaf!r} was rewired")
            seen.add(refs[port][0])
            shape = _tensors(node)[port].get("shape")
        if len(seen) != 1:
            raise _Unbuildable(top, f"input {index + 1} of {group['keras_name']!r} now comes "
                               f"from {' and '.join(repr(s) for s in sorted(seen))} (a wire "
                               "from outside into its middle)" if seen else
                               f"input {index + 1} of {group['keras_name']!r} feeds nothing")
        found.append(seen.pop())
        shapes.append(shape)
    return found, shapes


def _reshaped(item: dict, shape) -> dict:
    """An Input entry taking `shape` (when known): the shape now fed to the group."""
    found = copy.deepcopy(item)
    config = found.get("config")
    if shape is not None and isinstance(config, dict) and "batch_shape" in config:
        config["batch_shape"] = shape
    return found


# -- tensors in a call ----------------------------------------------------------------


def _refs(node) -> list[list]:
    """The keras_history of every tensor of a call, in order."""
    return [list(t.get("keras_history") or []) for t in _tensors(node)]


def _tensors(node) -> list[dict]:
    """The config of every tensor of a call, in order."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            if value.get("class_name") == TENSOR:
                found.append(value.get("config") or {})
                return
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(node)
    return found


def _with_refs(node, refs: list):
    """A copy of a call whose tensors come from `refs`, in order."""
    left = iter(refs)

    def walk(value):
        if isinstance(value, dict):
            if value.get("class_name") == TENSOR:
                tensor = copy.deepcopy(value)
                tensor["config"] = dict(tensor.get("config") or {})
                tensor["config"]["keras_history"] = list(next(left))
                return tensor
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return walk(node)


# -- the Keras model ------------------------------------------------------------------


def _build(config: dict, flat, placed: dict, groups: dict, restored: dict):
    """The model of the regrouped config, holding the flat model's weights, compiled as
    it was. Every class the config names is checked to be Keras's own first."""
    from pathlib import Path

    from engine.importer.safety import refuse_code
    from engine.keras_setup import keras as _keras

    doc = {"module": "keras.src.models.functional", "class_name": "Functional", "config": config,
           "registered_name": "Functional"}
    refuse_code(doc, Path(flat.name))
    keras = _keras()
    model = keras.saving.deserialize_keras_object(doc, safe_mode=True)
    copied = 0
    for layer in flat.layers:
        if not layer.weights:
            continue
        target = model
        for name in placed.get(layer.name, [layer.name]):
            target = target.get_layer(name)
        values = layer.get_weights()
        mine = target.get_weights()
        if layer.name in restored:  # e.g. LayerScale's gamma (C,) from a (1, 1, C, 1) kernel
            values = [v.reshape(w.shape) for v, w in zip(values, mine, strict=True)]
        target.set_weights(values)
        copied += len(values)
    if copied != len(model.weights):
        raise ValueError(f"{copied} of the model's {len(model.weights)} weights were copied")
    for layer in _all_layers(model):
        if layer.weights and hasattr(layer, "finalize_state"):
            layer.finalize_state()
    if getattr(flat, "compiled", False):
        _compile_as(model, flat)
    return model


def _all_layers(model):
    for layer in model.layers:
        if type(layer).__name__ in MODELS:
            yield from _all_layers(layer)
        else:
            yield layer


def _compile_as(model, flat) -> None:
    """Compiles `model` as `flat` was, its outputs' losses and metrics renamed when an
    output now comes from a nested model."""
    renamed = dict(zip(flat.output_names, model.output_names, strict=True))
    if len(set(renamed.values())) != len(renamed):
        raise ValueError("two outputs come from one nested model")
    config = flat.get_compile_config()
    for key in ("loss", "loss_weights", "metrics", "weighted_metrics"):
        value = config.get(key)
        if isinstance(value, dict):
            config[key] = {renamed.get(k, k): v for k, v in value.items()}
    model.compile_from_config(config)

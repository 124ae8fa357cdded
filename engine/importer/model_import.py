"""`import_model(path)`: a Keras model file opened as a Dendrite project.

The file's config is checked for code (Lambda, custom objects) before Keras reads it, then
loaded in Keras's safe mode without compiling. Every layer becomes a node (a catalogue kind
when it rebuilds the same layer, else a KerasLayer node), a Keras op the node computing the
same numbers (`ops`), and a nested model's layers join the graph flattened (`config_graph`);
edges follow the calls; the graph is laid out by depth. The loaded model stays in the result: its weights are what export and
the weight sidecar (`save_imported`) use, unchanged."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from engine.graph import Graph
from engine.importer.compile_info import output_settings, read_compile_config
from engine.importer.config_graph import MODEL_CLASSES, LayerRecord, read_model_config
from engine.importer.mapping import (
    catalogue_node,
    generic_kind,
    kept_layers_note,
    keras_layer_params,
    output_node,
)
from engine.importer.nesting import nesting_record
from engine.importer.ops import op_node
from engine.importer.private_layers import is_private_layer, private_node
from engine.importer.safety import ImportRefused, read_raw_config, refuse_code
from engine.keras_setup import keras as _keras
from engine.layout import auto_layout
from engine.model_io import INPUTS, OUTPUTS, set_side
from engine.project import Project
from engine.shared_layers import SHARES


@dataclass
class ImportResult:
    project: Project
    model: object  # the loaded keras.Model, weights included
    notes: list[str] = field(default_factory=list)
    load_seconds: float = 0.0  # Keras's own load_model time
    import_seconds: float = 0.0  # what Dendrite added on top


def import_model(path: str | Path) -> ImportResult:
    """Opens a .keras or .h5 Functional/Sequential model; raises ImportRefused with the
    reason when it cannot (code in the file, shared layers, unreadable file...). When nested
    models were flattened (or a layer was read in another form), `result.model` is the
    graph's own model holding the original's weights under the graph's names."""
    path = Path(path)
    raw, compile_config = read_raw_config(path)
    refuse_code(raw, path)
    if compile_config:
        refuse_code(compile_config, path)
    keras = _keras()
    started = time.perf_counter()
    try:
        model = keras.models.load_model(path, compile=False, safe_mode=True)
    except Exception as exc:  # Keras's own refusal (bad file, unknown layer): say it plainly
        raise ImportRefused(f"{path.name}: Keras cannot load this model: "
                            f"{type(exc).__name__}: {_short(exc)}") from None
    loaded = time.perf_counter()
    try:
        project, notes = model_to_project(model, compile_config, path.stem)
    except ImportRefused:
        raise
    except Exception as exc:  # a config Keras loads but Dendrite cannot read as a graph
        raise ImportRefused(f"{path.name}: Dendrite cannot read this model as a graph: "
                            f"{type(exc).__name__}: {_short(exc)}") from None
    if project.extra["imported_from"].pop("rebuilt", False):
        model = _flat_model(project, model, path)
    result = ImportResult(project, model, notes, loaded - started,
                          time.perf_counter() - loaded)
    return result


def _flat_model(project, model, path: Path):
    """The imported graph's own model, holding the original's weights: export and the
    weights sidecar copy weights by layer name, and a flattened layer's name is new (and a
    keras.applications layer read as a catalogue kind holds its weights in another shape)."""
    from engine.compiler import build_model
    from engine.export.weights import finalize_states

    paths = project.extra["imported_from"].pop("layer_paths")
    reshaped = set(project.extra["imported_from"].pop("reshaped"))
    try:
        flat = build_model(project.graph, name=model.name)
    except Exception as exc:
        raise ImportRefused(f"{path.name}: the flattened model cannot be built: "
                            f"{type(exc).__name__}: {_short(exc)}") from None
    for layer in flat.layers:
        if not layer.weights:
            continue
        source = _nested_layer(model, paths.get(layer.name, (layer.name,)))
        values = source.get_weights()
        if layer.name in reshaped:  # e.g. LayerScale's gamma (C,) as a (1, 1, C, 1) kernel
            values = [v.reshape(w.shape) for v, w in zip(values, layer.get_weights(),
                                                         strict=True)]
        layer.set_weights(values)
    finalize_states(flat)
    return flat


def _nested_layer(model, names):
    found = model
    for name in names:
        found = found.get_layer(name)
    return found


def model_to_project(model, compile_config: dict | None = None,
                     title: str = "") -> tuple[Project, list[str]]:
    """The project of a loaded functional or Sequential model."""
    doc = {"class_name": "Sequential" if type(model).__name__ == "Sequential"
           else "Functional", "config": model.get_config()}
    if not doc["config"].get("trainable", True):
        raise ImportRefused(f"the model {doc['config'].get('name', '')!r} is frozen "
                            "(trainable=False): Dendrite has no frozen flag for a whole model, "
                            "and training it would change its weights; save it with "
                            "trainable=True (or freeze its layers one by one)")
    record = read_model_config(doc)
    outputs = record.outputs
    _check_ends(record)
    compiled, optimizer, notes = read_compile_config(compile_config,
                                                     record.output_keys or outputs)
    if record.output_keys is not None:  # a model giving a dict is compiled by its keys
        compiled = {name: compiled.get(key, {})
                    for name, key in zip(outputs, record.output_keys, strict=True)}
    graph = Graph()
    ids: dict[str, str] = {}
    consumers = {r.name: 0 for r in record.layers}
    for r in record.layers:
        for source in r.sources:
            consumers[source] = consumers.get(source, 0) + 1
    # inputs first and outputs last, each in the model's order, so that a rebuilt model
    # lists its inputs and outputs as the original did
    position = {name: i for i, name in enumerate(record.inputs)}
    position.update({name: len(record.layers) + i for i, name in enumerate(outputs)})
    ordered = sorted(record.layers, key=lambda r: position.get(
        r.name, len(record.inputs) if r.class_name != "InputLayer" else -1))
    added: list[LayerRecord] = []
    for r in ordered:
        layer = _get_layer(model, r)
        node_type, params = _node_for(layer, r, outputs, consumers, record)
        if r.name in outputs:
            params.update(output_settings(node_type, params, compiled.get(r.name, {}),
                                          r.name, notes))
        ids[r.name] = graph.add_node(node_type, params, r.name).id
        added.append(r)
    for r in added:  # a shared layer's further calls call its first call's node
        if r.shares:
            graph.node(ids[r.name]).extra[SHARES] = ids[r.shares]
    for r in added:
        ports = r.source_indices or [0] * len(r.sources)
        for port, (source, source_port) in enumerate(zip(r.sources, ports, strict=True)):
            graph.connect(ids[source], ids[r.name], port, source_port)
    for side, names, keys in ((INPUTS, record.inputs, record.input_keys),
                              (OUTPUTS, outputs, record.output_keys)):
        if keys is not None:  # a dict keeps its keys (engine.model_io)
            set_side(graph, side, {ids[n]: k for n, k in zip(names, keys, strict=True)})
    for node_id, (x, y) in auto_layout(graph).items():
        graph.move(node_id, x, y)
    notes += [note for note in (kept_layers_note(graph),) if note]
    training = {"optimizer": optimizer} if optimizer else None
    project = Project(name=title or record.name, graph=graph, training=training)
    config = doc["config"]
    paths = {r.name: (*r.path, r.keras_name) for r in record.layers if r.path}
    private = [r.name for r in record.layers if is_private_layer(
        {"class_name": r.class_name, "module": r.module})]
    project.extra["imported_from"] = {
        **({"rebuilt": True, "layer_paths": paths, "reshaped": private}
           if paths or private else {}),
        "model_name": record.name,
        # Keras writes a lone input or output without the list around it; kept so that an
        # export gives back the very same config
        "bare_inputs": _bare(config.get("input_layers")),
        "bare_outputs": _bare(config.get("output_layers"))}
    nesting = nesting_record(record, graph)  # what an export needs to give back the config
    if nesting:
        project.extra["imported_from"]["nesting"] = nesting
    return project, notes


def _check_ends(record) -> None:
    """Inputs that feed nothing or are outputs themselves have no place in a Dendrite
    graph (an Input's value reaches the model's outputs only through layers)."""
    used = {s for r in record.layers for s in r.sources}
    for name in record.inputs:
        if name in record.outputs:
            raise ImportRefused(f"input {name!r} is also a model output (passed straight "
                                "through): a Dendrite output is a layer, so this model cannot "
                                "be imported; add a layer (e.g. Identity) before that output "
                                "and save again")
        if name not in used:
            raise ImportRefused(f"input {name!r} feeds no layer: a Dendrite graph has no "
                                "place for an unused input; remove it from the model's "
                                "inputs and save again")
    for r in record.layers:
        if r.is_op and r.name in record.outputs:
            raise ImportRefused(f"the model output {r.name!r} is the Keras op "
                                f"{r.class_name}: a Dendrite output is a layer; add a layer "
                                "(e.g. Identity) after it and save again")


def _get_layer(model, record: LayerRecord):
    if record.is_op:
        return None  # an op has no layer object in model.layers
    if record.path:
        return _nested_layer(model, (*record.path, record.keras_name))
    if record.shares:
        return model.get_layer(record.keras_name)
    if record.class_name in MODEL_CLASSES:
        raise ImportRefused(f"layer {record.name!r} is a whole {record.class_name} model "
                            "inside the model; nested models cannot be imported yet: build "
                            "the model from its layers and save it again")
    if record.class_name == "InputLayer" and record.name not in [
            getattr(layer, "name", "") for layer in model.layers]:
        return None  # a Sequential model's implicit input
    return model.get_layer(record.name)


def _node_for(layer, r: LayerRecord, outputs, consumers, record) -> tuple[str, dict]:
    if r.class_name == "InputLayer":
        from engine.catalogue import KINDS

        _check_input(r)
        params = KINDS["Input"].from_keras(r.config)
        if params is None or r.config.get("sparse") or r.config.get("ragged"):
            raise ImportRefused(f"input {r.name!r} has shape {r.config.get('batch_shape')} "
                                "and is sparse or ragged (or has no shape): Dendrite inputs "
                                "are dense tensors of a known rank")
        return "Input", params
    if r.is_op:
        return op_node(r, r.arg_shapes, r.arg_dtypes)
    if r.shares or len(r.raw.get("inbound_nodes") or []) > 1:
        first = next((x for x in record.layers if x.name == r.shares), None)
        return _shared_node(layer, r, outputs, first)
    private = private_node(r, _input_shape(layer, 0)) if r.sources else None
    if private is not None:
        return private
    is_output = r.name in outputs
    if is_output and consumers.get(r.name):
        raise ImportRefused(f"layer {r.name!r} is a model output and also feeds other "
                            "layers; a Dendrite output ends its branch, so this model cannot "
                            "be imported yet")
    if is_output:
        params = output_node(layer, r.class_name, r.config, r.keras_name or r.name)
        if params is not None:
            return "Output", params
    elif not r.called_with_list or len(r.sources) > 1:
        found = catalogue_node(layer, r.class_name, r.config, r.keras_name or r.name)
        if found is not None:
            return found[0], {**found[1], **call_settings(found[0], r)}
    shapes = [_input_shape(layer, i) for i in range(len(r.sources))]
    return generic_kind(is_output), keras_layer_params(layer, r.class_name,
                                                       layer.get_config(), shapes)


def _shared_node(layer, r: LayerRecord, outputs, first) -> tuple[str, dict]:
    """A call of a shared layer: the catalogue kind that rebuilds the layer (the first
    call holds its parameters, the others none: engine.shared_layers)."""
    name = r.keras_name or r.name
    if r.name in outputs:
        raise ImportRefused(f"the model output {r.name!r} is a call of the shared layer "
                            f"{name!r}: a Dendrite output is a layer of its own; add a layer "
                            "(e.g. Identity) after it and save again")
    found = catalogue_node(layer, r.class_name, r.config, name)
    if found is None:
        raise ImportRefused(f"layer {name!r} is shared (called more than once) and is a "
                            f"{r.class_name}, which has no catalogue kind; only catalogue "
                            "layers can be shared in a Dendrite graph")
    settings = call_settings(found[0], r)
    if first is not None and settings != call_settings(found[0], first):
        raise ImportRefused(f"the calls of the shared layer {name!r} differ in their settings "
                            f"({settings} and {call_settings(found[0], first)}): a shared "
                            "call in Dendrite takes its first call's settings")
    return found[0], ({} if r.shares else {**found[1], **settings})


def call_settings(node_type: str, r: LayerRecord) -> dict:
    """The call's own arguments that the kind keeps as parameters (MultiHeadAttention's
    use_causal_mask...); any other setting that changes numbers is refused by name."""
    from engine.catalogue import KINDS

    kept = {spec.name for spec in KINDS[node_type].call_params()}
    found = {}
    for key, value in (r.kwargs or {}).items():
        if key in kept:
            found[key] = value
        elif value not in (None, False) and key != "training":
            raise ImportRefused(f"layer {r.name!r} is called with {key}={str(value)[:40]}: "
                                "Dendrite cannot keep that setting of the call, and dropping "
                                "it would change the model's numbers")
    return found


def _check_input(r: LayerRecord) -> None:
    from engine.params import DTYPES

    dtype = r.config.get("dtype", "float32")
    if isinstance(dtype, dict):  # a DTypePolicy
        dtype = (dtype.get("config") or {}).get("name", dtype)
    if dtype not in DTYPES:
        raise ImportRefused(f"input {r.name!r} takes {dtype} values: Dendrite inputs take "
                            f"numbers ({', '.join(DTYPES)}), so a model fed {dtype} values "
                            "cannot be imported; feed it numbers (e.g. put the StringLookup "
                            "or TextVectorization before the model) and save again")
    shape = r.config.get("batch_shape") or r.config.get("batch_input_shape")
    if isinstance(shape, list | tuple) and shape and shape[0] is not None:
        raise ImportRefused(f"input {r.name!r} has a fixed batch size of {shape[0]}: a "
                            "Dendrite input takes any batch size, so importing it would "
                            "change what the model accepts; save it without batch_size")


def _input_shape(layer, index: int) -> list:
    tensors = layer.input if isinstance(layer.input, list | tuple) else [layer.input]
    return [None if d is None else int(d) for d in tuple(tensors[index].shape)[1:]]


def _bare(endpoints) -> bool:
    return isinstance(endpoints, list | tuple) and bool(endpoints) and isinstance(
        endpoints[0], str)


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) < 300 else text[:297] + "..."

"""A Keras model config (Functional or Sequential, Keras 3 or Keras 2 node format) read
into plain layer records: name, class, config and the layers each one is called on.

A model nested inside the model (a Functional or Sequential called as a layer) is flattened:
its layers join the outer graph under prefixed names (`block.dense` for layer `dense` of the
nested model `block`), each keeping the path to the Keras layer that holds its weights.
A Keras op applied to tensors (`a + b`, `x * 0.5`) is a record whose `args` keep the
constants next to the tensors. A model taking or giving a dict keeps its keys, in their order
(`ModelRecord.input_keys` / `output_keys`; engine.model_io rebuilds them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.importer.nesting import nested_groups
from engine.importer.safety import ImportRefused

MODEL_CLASSES = ("Functional", "Model", "Sequential")
NESTED_SEPARATOR = "."  # Keras allows any character in a layer name but "/"
TENSOR = "tensor"  # an op argument that is a tensor, in LayerRecord.args


@dataclass
class LayerRecord:
    name: str
    class_name: str
    config: dict
    sources: list[str] = field(default_factory=list)  # names of the layers it is called on
    called_with_list: bool = False
    module: str = ""
    # the tensor index taken from each source (a nested model may have several outputs)
    source_indices: list[int] = field(default_factory=list)
    # an op's positional arguments: (TENSOR, index into sources) or ("constant", value)
    args: list = field(default_factory=list)
    kwargs: dict = field(default_factory=dict)
    arg_shapes: list = field(default_factory=list)  # shapes of the tensors it is called on
    arg_dtypes: list = field(default_factory=list)
    path: tuple = ()  # nested models holding the layer, outermost first
    keras_name: str = ""  # its name inside the innermost nested model holding it
    raw: dict = field(default_factory=dict, repr=False)  # its entry in the saved config
    # for the second and later calls of a shared layer: the record of its first call
    shares: str = ""

    @property
    def is_op(self) -> bool:
        return self.module.startswith("keras.src.ops") or self.module.startswith("keras.ops")


@dataclass
class ModelRecord:
    name: str
    layers: list[LayerRecord]
    inputs: list[str]
    outputs: list[str]
    sequential: bool = False
    # a model taking or giving a dict: the key of each input / output (None: a list)
    input_keys: list[str] | None = None
    output_keys: list[str] | None = None
    # the nested models flattened into `layers`, innermost first (engine.importer.nesting)
    groups: list = field(default_factory=list)


def read_model_config(doc: dict) -> ModelRecord:
    """Reads `{"class_name": ..., "config": {...}}` as saved in .keras / .h5 files."""
    class_name = doc.get("class_name")
    config = doc.get("config") or {}
    if class_name == "Sequential":
        return _sequential(config)
    if class_name in ("Functional", "Model") and "layers" in config:
        return _functional(config)
    raise ImportRefused(f"the file holds a {class_name!r} model: only Functional and "
                        "Sequential models can be opened as a graph (a subclassed model has "
                        "no graph to read)")


def _functional(config: dict) -> ModelRecord:
    layers = []
    for item in config["layers"]:
        name = item.get("name") or (item.get("config") or {}).get("name")
        nodes = item.get("inbound_nodes") or []
        if len(nodes) > 1 and item.get("class_name") in MODEL_CLASSES:
            raise ImportRefused(f"the nested model {name!r} is called {len(nodes)} times: "
                                "its layers are flattened into the graph once, so a nested "
                                "model called twice cannot be imported; call each of its "
                                "layers twice instead, or train it in Keras")
        record = LayerRecord(name, item.get("class_name", ""), item.get("config") or {},
                             module=str(item.get("module") or ""), raw=item)
        if nodes:
            _read_call(record, nodes[0])
        layers.append(record)
        # a shared layer: each further call is a node of its own that calls the same layer
        for index, node in enumerate(nodes[1:], start=1):
            call = LayerRecord(call_name(name, index), record.class_name, record.config,
                               module=record.module, shares=name, keras_name=name)
            _read_call(call, node)
            layers.append(call)
    inputs, input_keys = _ends(config.get("input_layers"), "inputs")
    outputs, output_keys = _ends(config.get("output_layers"), "outputs")
    found = ModelRecord(config.get("name", "model"), layers, inputs, outputs,
                        input_keys=input_keys, output_keys=output_keys)
    return _flatten(found)


def _read_call(record: LayerRecord, node) -> None:
    """The sources (and an op's constants) of one call, from either node format."""
    if isinstance(node, dict):  # Keras 3: {"args": [...], "kwargs": {...}}
        args = node.get("args") or []
        first = args[0] if args else None
        as_list = isinstance(first, list | tuple)
        tensors = list(first) if as_list else [a for a in args if _is_tensor(a)]
        histories = [t["config"]["keras_history"] for t in tensors if _is_tensor(t)]
        record.arg_shapes = [list(t["config"].get("shape") or [])[1:] for t in tensors
                             if _is_tensor(t)]
        record.arg_dtypes = [t["config"].get("dtype") for t in tensors if _is_tensor(t)]
        if not as_list:
            count = 0
            for arg in args:
                if _is_tensor(arg):
                    record.args.append((TENSOR, count))
                    count += 1
                else:
                    record.args.append(("constant", arg))
        kwargs = node.get("kwargs")
        record.kwargs = kwargs if isinstance(kwargs, dict) else {}
    else:  # Keras 2: [[layer, node_index, tensor_index, kwargs], ...]
        histories = [entry[:3] for entry in node]
        as_list = len(histories) > 1
    record.sources = [call_name(h[0], h[1] if isinstance(h[1], int) else 0)
                      for h in histories]
    record.source_indices = [int(h[2]) for h in histories]
    record.called_with_list = as_list


def call_name(layer: str, call: int) -> str:
    """The graph name of call `call` (counted from 0) of a layer: the layer's own name for
    its first call, `<name>_call_2`, `_call_3`... for the others (a shared layer)."""
    return layer if call == 0 else f"{layer}_call_{call + 1}"


def _flatten(record: ModelRecord) -> ModelRecord:
    """Nested models' layers put in the model's graph under prefixed names; every source
    renamed to the flat layer that gives that tensor."""
    # (nested model, tensor index) -> (flat layer, its output) giving that tensor; a plain
    # layer's tensor index is its output's port (an LSTM's states are 1 and 2)
    given: dict[tuple[str, int], tuple[str, int]] = {}
    layers: list[LayerRecord] = []
    for r in record.layers:
        resolved = [given.get((s, i), (s, i)) for s, i in
                    zip(r.sources, r.source_indices or [0] * len(r.sources), strict=True)]
        r.sources = [name for name, _ in resolved]
        r.source_indices = [port for _, port in resolved]
        if r.class_name not in MODEL_CLASSES or not isinstance(r.config.get("layers"), list):
            layers.append(r)
            continue
        inner = read_model_config({"class_name": r.class_name, "config": r.config})
        if inner.input_keys is not None or inner.output_keys is not None:
            what = "takes" if inner.input_keys is not None else "gives"
            raise ImportRefused(f"the nested model {r.name!r} {what} a dict: a nested model "
                                "is flattened into the graph, where only the whole model's "
                                "inputs and outputs keep dict keys; build the nested model "
                                "with lists and save again")
        if len(r.sources) != len(inner.inputs):
            raise ImportRefused(f"the nested model {r.name!r} takes {len(inner.inputs)} "
                                f"input(s) but is called on {len(r.sources)}")
        prefix = r.name + NESTED_SEPARATOR
        # remembered so that an export can wrap these layers back into the nested model
        record.groups += nested_groups(r, inner, prefix)
        inner_names: dict[str, str] = {}
        outer_ends = dict(zip(inner.inputs, resolved, strict=True))
        for layer in inner.layers:
            if layer.name in inner.inputs:
                continue
            inner_names[layer.name] = prefix + layer.name
            ends = [outer_ends.get(s, (inner_names.get(s, s), i)) for s, i in
                    zip(layer.sources, layer.source_indices or [0] * len(layer.sources),
                        strict=True)]
            layer.sources = [name for name, _ in ends]
            layer.source_indices = [port for _, port in ends]
            layer.path = (r.name, *layer.path)
            layer.keras_name = layer.keras_name or layer.name
            layer.name = prefix + layer.name
            if layer.shares:
                layer.shares = prefix + layer.shares
            layers.append(layer)
        for index, name in enumerate(inner.outputs):
            given[(r.name, index)] = outer_ends.get(name, (inner_names[name], 0))
    names = [r.name for r in layers]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise ImportRefused(f"two layers would get the name {twice[0]!r} in the graph (a "
                            "nested model's layer is named <model>.<layer>, a shared layer's "
                            "second call <layer>_call_2); rename one and save again")
    record.layers = layers
    record.inputs = [given.get((n, 0), (n, 0))[0] for n in record.inputs]
    record.outputs = [_whole_output(given, n) for n in record.outputs]
    return record


def _whole_output(given, name: str) -> str:
    flat, port = given.get((name, 0), (name, 0))
    if port:
        raise ImportRefused(f"the model output {name!r} is output {port} of layer {flat!r}, "
                            "which gives several: a Dendrite output ends a branch of its own; "
                            "add a layer (e.g. Identity) before that output and save again")
    return flat


def _is_tensor(value) -> bool:
    return isinstance(value, dict) and value.get("class_name") == "__keras_tensor__"


def _ends(value, what: str) -> tuple[list[str], list[str] | None]:
    """(layer names, their dict keys or None for a list) of the model's inputs or outputs:
    Keras 3 writes a model called with a dict as {"key": ["layer", 0, 0], ...}."""
    if not isinstance(value, dict):
        return _endpoints(value, what), None
    keys = list(value)
    for key in keys:
        entry = value[key]
        if not isinstance(entry, list | tuple) or not entry or not isinstance(entry[0], str):
            raise ImportRefused(f"the model's {what} are a dict whose entry {key!r} is not a "
                                f"layer (got {str(entry)[:60]}): the file is damaged or made "
                                "by another program")
    names = _endpoints([list(value[k]) for k in keys], what)
    for i, name in enumerate(names):
        if name in names[:i]:
            raise ImportRefused(f"the model's {what} give layer {name!r} under two keys "
                                f"({keys[names.index(name)]!r} and {keys[i]!r}): a Dendrite "
                                f"{what[:-1]} has one key; give it once and save again")
    return names, [str(k) for k in keys]


def _endpoints(value, what: str = "inputs") -> list[str]:
    """[["a", 0, 0], ["b", 0, 0]] or a lone ["a", 0, 0] -> ["a", "b"]."""
    if not value:
        return []
    if isinstance(value[0], str):  # a lone ["a", 0, 0]
        value = [value]
    for item in value:
        if isinstance(item, list | tuple) and len(item) > 2 and item[2] != 0:
            raise ImportRefused(f"the model's {what} take output {item[2]} of layer "
                                f"{item[0]!r}, which gives several: a Dendrite output ends a "
                                "branch of its own; add a layer (e.g. Identity) before that "
                                "output and save again")
    return [call_name(item[0], item[1]) if len(item) > 2 and isinstance(item[1], int)
            else item[0] for item in value]


def _sequential(config: dict) -> ModelRecord:
    items = list(config.get("layers") or [])
    layers: list[LayerRecord] = []
    if items and items[0].get("class_name") == "InputLayer":
        first = items.pop(0)
        layers.append(LayerRecord(first["config"]["name"], "InputLayer", first["config"]))
    else:
        shape = config.get("build_input_shape")
        if items and shape is None:
            shape = items[0].get("config", {}).get("batch_input_shape")
        if shape is None:
            raise ImportRefused("the Sequential model was saved before it was built: it has "
                                "no input shape; build it (or give it an Input) and save again")
        layers.append(LayerRecord("input_layer", "InputLayer", {"batch_shape": list(shape)}))
    for item in items:
        config_ = item.get("config") or {}
        layers.append(LayerRecord(config_.get("name", ""), item.get("class_name", ""), config_,
                                  [layers[-1].name], module=str(item.get("module") or ""),
                                  raw=item))
    return _flatten(ModelRecord(config.get("name", "sequential"), layers, [layers[0].name],
                                [layers[-1].name], sequential=True))

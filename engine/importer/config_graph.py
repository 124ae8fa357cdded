"""A Keras model config (Functional or Sequential, Keras 3 or Keras 2 node format) read
into plain layer records: name, class, config and the layers each one is called on.

A model nested inside the model (a Functional or Sequential called as a layer) is flattened:
its layers join the outer graph under prefixed names (`block.dense` for layer `dense` of the
nested model `block`), each keeping the path to the Keras layer that holds its weights.
A Keras op applied to tensors (`a + b`, `x * 0.5`) is a record whose `args` keep the
constants next to the tensors."""

from __future__ import annotations

from dataclasses import dataclass, field

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
        if len(nodes) > 1:
            raise ImportRefused(f"layer {name!r} is used {len(nodes)} times (a shared layer); "
                                "a Dendrite graph gives each layer one place, so shared "
                                "layers cannot be imported (docs/importing-models.md)")
        record = LayerRecord(name, item.get("class_name", ""), item.get("config") or {},
                             module=str(item.get("module") or ""))
        if nodes:
            _read_call(record, nodes[0])
        layers.append(record)
    found = ModelRecord(config.get("name", "model"), layers,
                        _endpoints(config.get("input_layers"), "inputs"),
                        _endpoints(config.get("output_layers"), "outputs"))
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
    for source, node_index, _ in histories:
        if node_index != 0:
            raise ImportRefused(f"layer {record.name!r} takes the output of call "
                                f"{node_index + 1} of layer {source!r} (a shared layer): a "
                                "Dendrite graph gives each layer one place, so shared layers "
                                "cannot be imported")
    record.sources = [h[0] for h in histories]
    record.source_indices = [int(h[2]) for h in histories]
    record.called_with_list = as_list


def _flatten(record: ModelRecord) -> ModelRecord:
    """Nested models' layers put in the model's graph under prefixed names; every source
    renamed to the flat layer that gives that tensor."""
    given: dict[tuple[str, int], str] = {}  # (layer, tensor index) -> flat layer giving it
    layers: list[LayerRecord] = []
    for r in record.layers:
        r.sources = [_resolve(given, r, s, i) for s, i in
                     zip(r.sources, r.source_indices or [0] * len(r.sources), strict=True)]
        r.source_indices = [0] * len(r.sources)
        if r.class_name not in MODEL_CLASSES or not isinstance(r.config.get("layers"), list):
            given[(r.name, 0)] = r.name
            layers.append(r)
            continue
        inner = read_model_config({"class_name": r.class_name, "config": r.config})
        if len(r.sources) != len(inner.inputs):
            raise ImportRefused(f"the nested model {r.name!r} takes {len(inner.inputs)} "
                                f"input(s) but is called on {len(r.sources)}")
        prefix = r.name + NESTED_SEPARATOR
        inner_names: dict[str, str] = dict(zip(inner.inputs, r.sources, strict=True))
        for layer in inner.layers:
            if layer.name in inner.inputs:
                continue
            inner_names[layer.name] = prefix + layer.name
            layer.sources = [inner_names[s] for s in layer.sources]
            layer.path = (r.name, *layer.path)
            layer.keras_name = layer.keras_name or layer.name
            layer.name = prefix + layer.name
            layers.append(layer)
        for index, name in enumerate(inner.outputs):
            given[(r.name, index)] = inner_names[name]
    names = [r.name for r in layers]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})
        raise ImportRefused(f"flattening the nested models gives two layers the name "
                            f"{twice[0]!r}; rename one and save again")
    record.layers = layers
    record.inputs = [given.get((n, 0), n) for n in record.inputs]
    record.outputs = [given.get((n, 0), n) for n in record.outputs]
    return record


def _resolve(given, r: LayerRecord, source: str, index: int) -> str:
    found = given.get((source, index))
    if found is None:
        raise ImportRefused(f"layer {r.name!r} takes output {index} of layer {source!r}: "
                            "layers with several outputs cannot be imported yet")
    return found


def _is_tensor(value) -> bool:
    return isinstance(value, dict) and value.get("class_name") == "__keras_tensor__"


def _endpoints(value, what: str = "inputs") -> list[str]:
    """[["a", 0, 0], ["b", 0, 0]] or a lone ["a", 0, 0] -> ["a", "b"]."""
    if not value:
        return []
    if isinstance(value, dict):
        raise ImportRefused(f"the model's {what} are a dict (keys "
                            f"{', '.join(repr(k) for k in value)}): a Dendrite model takes and "
                            f"gives a list, so a model called with a dict cannot be imported "
                            f"without changing how it is called; build it with a list of "
                            f"{what} and save again")
    if isinstance(value[0], str):
        return [value[0]]
    for item in value:
        if isinstance(item, list | tuple) and len(item) > 2 and tuple(item[1:3]) != (0, 0):
            raise ImportRefused(f"the model's {what} take output {item[2]} of call "
                                f"{item[1] + 1} of layer {item[0]!r}: shared layers and layers "
                                "with several outputs cannot be imported yet")
    if isinstance(value[0], str):
        return [value[0]]
    return [item[0] for item in value]


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
                                  [layers[-1].name], module=str(item.get("module") or "")))
    return _flatten(ModelRecord(config.get("name", "sequential"), layers, [layers[0].name],
                                [layers[-1].name], sequential=True))

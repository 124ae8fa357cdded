"""A Keras model config (Functional or Sequential, Keras 3 or Keras 2 node format) read
into plain layer records: name, class, config and the layers each one is called on."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.importer.safety import ImportRefused

MODEL_CLASSES = ("Functional", "Model", "Sequential")


@dataclass
class LayerRecord:
    name: str
    class_name: str
    config: dict
    sources: list[str] = field(default_factory=list)  # names of the layers it is called on
    called_with_list: bool = False


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
                                "layers cannot be imported yet")
        record = LayerRecord(name, item.get("class_name", ""), item.get("config") or {})
        if nodes:
            record.sources, record.called_with_list = _node_sources(nodes[0], name)
        layers.append(record)
    return ModelRecord(config.get("name", "model"), layers,
                       _endpoints(config.get("input_layers")),
                       _endpoints(config.get("output_layers")))


def _node_sources(node, layer_name: str) -> tuple[list[str], bool]:
    """Source layer names of one call, from either node format."""
    if isinstance(node, dict):  # Keras 3: {"args": [...], "kwargs": {...}}
        args = node.get("args") or []
        first = args[0] if args else None
        as_list = isinstance(first, list | tuple)
        tensors = list(first) if as_list else [a for a in args if _is_tensor(a)]
        histories = [t["config"]["keras_history"] for t in tensors if _is_tensor(t)]
    else:  # Keras 2: [[layer, node_index, tensor_index, kwargs], ...]
        histories = [entry[:3] for entry in node]
        as_list = len(histories) > 1
    for source, node_index, tensor_index in histories:
        if node_index != 0 or tensor_index != 0:
            raise ImportRefused(f"layer {layer_name!r} takes output {tensor_index} of call "
                                f"{node_index} of layer {source!r}: shared layers and layers "
                                "with several outputs cannot be imported yet")
    return [h[0] for h in histories], as_list


def _is_tensor(value) -> bool:
    return isinstance(value, dict) and value.get("class_name") == "__keras_tensor__"


def _endpoints(value) -> list[str]:
    """[["a", 0, 0], ["b", 0, 0]] or a lone ["a", 0, 0] -> ["a", "b"]."""
    if not value:
        return []
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
                                  [layers[-1].name]))
    return ModelRecord(config.get("name", "sequential"), layers, [layers[0].name],
                       [layers[-1].name], sequential=True)

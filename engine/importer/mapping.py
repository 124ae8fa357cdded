"""Which node each Keras layer becomes: a catalogue kind when that kind rebuilds the very
same layer (checked by building it and comparing configs), else a KerasLayer node that keeps
the class and config. Model outputs become Output nodes when representable."""

from __future__ import annotations

from engine.catalogue import KINDS, NodeKind, ShapeError
from engine.catalogue._keras_args import check_initializer, initializer_from_keras
from engine.catalogue.keras_layer import KERAS_LAYER, KERAS_OUTPUT

_BY_CLASS: dict[str, NodeKind] = {}
for _kind in KINDS.values():
    for _class in _kind.keras_classes:
        _BY_CLASS.setdefault(_class, _kind)

OUTPUT_CLASSES = ("Dense", "Identity", "Activation")


def _same_layer(layer, call) -> bool:
    """Whether `call` builds a layer whose config equals the loaded `layer`'s."""
    from engine.compiler import make_layer

    try:
        made = make_layer(call)
    except Exception:  # a kind that cannot take these values: keep the layer as it is
        return False
    return made.get_config() == layer.get_config()


def _from_keras(class_name: str, config: dict) -> tuple[NodeKind, dict | None] | None:
    """The kind and params of a layer's config; a Bidirectional wrapper is its inner
    recurrent kind with `bidirectional` on."""
    if class_name == "Bidirectional":
        inner = config.get("layer") if isinstance(config.get("layer"), dict) else {}
        kind = _BY_CLASS.get(inner.get("class_name", ""))
        if kind is None or kind.param("bidirectional") is None:
            return None
        params = kind.from_keras(inner.get("config") or {})
        if params is not None:
            params.update(bidirectional=True, merge_mode=config.get("merge_mode"))
        return kind, params
    kind = _BY_CLASS.get(class_name)
    if kind is None or kind.from_keras is None or kind.is_input:
        return None
    return kind, kind.from_keras(config)


def catalogue_node(layer, class_name: str, config: dict, name: str) -> tuple[str, dict] | None:
    """(kind type, params) of a catalogue kind that rebuilds this layer exactly, or None."""
    found = _from_keras(class_name, config)
    if found is None:
        return None
    kind, params = found
    if params is None or any(spec.check(params.get(spec.name, spec.default))
                             for spec in kind.params):
        return None
    if not _same_layer(layer, kind.layer(kind.resolved(params), name)):
        return None
    return kind.type, params


def output_node(layer, class_name: str, config: dict, name: str) -> dict | None:
    """Output params (without loss) when an Output node rebuilds this output layer exactly."""
    output = KINDS["Output"]
    if class_name == "Dense":
        params = {"units": config.get("units"), "activation": config.get("activation"),
                  "kernel_initializer": initializer_from_keras(config.get("kernel_initializer")),
                  "bias_initializer": initializer_from_keras(config.get("bias_initializer"))}
    elif class_name == "Activation":
        params = {"units": None, "activation": config.get("activation")}
    elif class_name == "Identity":
        params = {"units": None, "activation": "linear"}
    else:
        return None
    if not isinstance(params["activation"], str) or output.param("activation").check(
            params["activation"]):
        return None
    try:
        for key in ("kernel_initializer", "bias_initializer"):
            check_initializer(key, params.get(key, "zeros"))
    except ShapeError:  # an initializer a project file cannot name
        return None
    if not _same_layer(layer, output.layer(output.resolved(params), name)):
        return None
    return params


def keras_layer_params(layer, class_name: str, config: dict, input_shapes) -> dict:
    """Class, config, and what Keras computed: output shape and parameter counts."""
    import numpy as np

    return {
        "class_name": class_name,
        "config": _jsonable(config),
        "output_shape": _dims(layer.output.shape),
        "input_shapes": [list(s) for s in input_shapes],
        "trainable_params": int(sum(np.prod(w.shape) for w in layer.trainable_weights)),
        "non_trainable_params": int(sum(np.prod(w.shape) for w in layer.non_trainable_weights)),
    }


def generic_kind(is_output: bool) -> str:
    return (KERAS_OUTPUT if is_output else KERAS_LAYER).type


def _dims(shape) -> list:
    return [None if d is None else int(d) for d in tuple(shape)[1:]]


def _jsonable(value):
    """The config as plain JSON values (tuples become lists)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def kept_layers_note(graph) -> str | None:
    """How many layers stayed KerasLayer boxes, by class, for the import's notes."""
    from collections import Counter

    kept = Counter(node.params.get("class_name") for node in graph.nodes
                   if node.type in (KERAS_LAYER.type, KERAS_OUTPUT.type))
    if not kept:
        return None
    classes = ", ".join(f"{name} x{count}" for name, count in sorted(kept.items()))
    return (f"{sum(kept.values())} layer(s) kept as KerasLayer boxes (no catalogue kind): "
            f"{classes}")

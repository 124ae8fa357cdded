"""Layers that keras.applications defines for itself (not in `keras.layers`), read as the
catalogue kind that computes the same numbers with the same weights.

ConvNeXt's `LayerScale` multiplies each channel by a learned factor (`x * gamma`, gamma of
shape (C,)). On images that is exactly a 1x1 `DepthwiseConv2D` without bias: one product per
value, and a kernel of shape (1, 1, C, 1) holding gamma, trained the same way. Its class is
Keras's own code (module keras.src.applications.convnext), which Keras's safe mode loads;
nothing from the file runs."""

from __future__ import annotations

from engine.importer.safety import ImportRefused

LAYER_SCALE = ("LayerScale", "keras.src.applications.convnext")


def is_private_layer(item: dict) -> bool:
    """Whether a config entry is one of the keras.applications layers read here."""
    return (item.get("class_name"), item.get("module")) == LAYER_SCALE


def private_node(r, input_shape: list) -> tuple[str, dict] | None:
    """(kind, params) for a keras.applications layer, None for any other layer."""
    if (r.class_name, r.module) != LAYER_SCALE:
        return None
    if len(input_shape) != 3:
        raise ImportRefused(f"layer {r.name!r} is a ConvNeXt LayerScale on "
                            f"{len(input_shape)}-axis samples: only LayerScale on images "
                            "(height, width, channels) can be imported (as a 1x1 "
                            "DepthwiseConv2D)")
    from engine.catalogue import KINDS

    kind = KINDS["DepthwiseConv2D"]
    params = {**kind.defaults(), "kernel_size": [1, 1], "use_bias": False}
    value = r.config.get("init_values")
    start = {"class_name": "Constant", "config": {"value": float(value)}} if isinstance(
        value, int | float) and not isinstance(value, bool) else "ones"
    if kind.param("depthwise_initializer").check(start) is None:
        params["depthwise_initializer"] = start
    return kind.type, params

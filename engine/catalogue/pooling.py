"""Pooling layers: MaxPooling1D/2D, AveragePooling1D/2D, and the global poolings."""

from dataclasses import replace

from engine.catalogue import _rules
from engine.catalogue._keras_args import BOOL, ParamSpec, keras_kind, padding_param, sizes_param
from engine.catalogue.base import Inferred

GROUP = "Pooling"


def _pool_infer(dims: int, what: str):
    def infer(p, shapes):
        (shape,) = shapes
        strides = p["strides"] if p["strides"] is not None else p["pool_size"]
        out = _rules.window(shape, dims, what, p["pool_size"], strides, p["padding"],
                            name="pool")
        return Inferred(out + (shape[-1],))
    return infer


def _strides_when_not_pool_size(read):
    """Keras writes strides equal to the pool size when none are given: read them back as
    none given."""
    def from_keras(config):
        params = read(config)
        if params is not None and params.get("strides") == params.get("pool_size"):
            params["strides"] = None
        return params
    return from_keras


def _pool(type_name: str, dims: int, what: str):
    kind = keras_kind(
        type_name, GROUP, f"Keeps the {what} of each window: shrinks "
        f"{'the sequence' if dims == 1 else 'the image'}, keeping its channels.",
        (sizes_param("pool_size", dims, 2, "Size of the window along each axis.", key=True),
         sizes_param("strides", dims, 2, "Step of the window (empty: the pool size).",
                     nullable=True),
         padding_param()),
        _pool_infer(dims, type_name), positional=("pool_size",))
    return replace(kind, from_keras=_strides_when_not_pool_size(kind.from_keras))


def _global_infer(dims: int, what: str):
    def infer(p, shapes):
        (shape,) = shapes
        _rules.spatial_input(shape, dims, what)
        channels = shape[-1]
        return Inferred((1,) * dims + (channels,) if p["keepdims"] else (channels,))
    return infer


def _global(type_name: str, dims: int, what: str):
    return keras_kind(
        type_name, GROUP, f"The {what} of each channel over the whole "
        f"{'sequence' if dims == 1 else 'image'}: one value per channel (before the "
        "classifier, instead of Flatten).",
        (ParamSpec("keepdims", BOOL, False, "Keep the pooled axes (with size 1)."),),
        _global_infer(dims, type_name))


MAX_POOLING1D = _pool("MaxPooling1D", 1, "largest value")
MAX_POOLING2D = _pool("MaxPooling2D", 2, "largest value")
AVERAGE_POOLING1D = _pool("AveragePooling1D", 1, "mean")
AVERAGE_POOLING2D = _pool("AveragePooling2D", 2, "mean")
GLOBAL_AVERAGE_POOLING1D = _global("GlobalAveragePooling1D", 1, "mean")
GLOBAL_AVERAGE_POOLING2D = _global("GlobalAveragePooling2D", 2, "mean")
GLOBAL_MAX_POOLING1D = _global("GlobalMaxPooling1D", 1, "largest value")
GLOBAL_MAX_POOLING2D = _global("GlobalMaxPooling2D", 2, "largest value")

KINDS = (MAX_POOLING1D, MAX_POOLING2D, AVERAGE_POOLING1D, AVERAGE_POOLING2D,
         GLOBAL_AVERAGE_POOLING1D, GLOBAL_AVERAGE_POOLING2D, GLOBAL_MAX_POOLING1D,
         GLOBAL_MAX_POOLING2D)

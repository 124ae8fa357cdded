"""Reshaping layers: Reshape, Permute, RepeatVector, ZeroPadding2D, Cropping2D,
UpSampling2D, Resizing."""

from math import prod

from engine.catalogue import _rules
from engine.catalogue._keras_args import (
    BOOL,
    CHOICE,
    INT,
    INTERPOLATIONS,
    JSON,
    SHAPE,
    ParamSpec,
    keras_kind,
    sizes_param,
)
from engine.catalogue.base import Inferred, ShapeError

GROUP = "Reshaping"


def _reshape_infer(p, shapes):
    (shape,) = shapes
    target = tuple(p["target_shape"])
    if prod(target) != prod(shape):
        raise ShapeError(f"cannot reshape {_rules.show_shape(shape)} ({prod(shape):,} values) "
                         f"to {_rules.show_shape(target)} ({prod(target):,} values)",
                         "reshape")
    return Inferred(target)


RESHAPE = keras_kind(
    "Reshape", GROUP, "Gives each sample a new shape with the same number of values, e.g. "
    "784 values to 28x28x1 images.",
    (ParamSpec("target_shape", SHAPE, [1], "The new shape of one sample, without the batch "
               "axis.", key=True),),
    _reshape_infer, positional=("target_shape",))


def _permute_infer(p, shapes):
    (shape,) = shapes
    dims = tuple(p["dims"])
    if sorted(dims) != list(range(1, len(shape) + 1)):
        raise ShapeError(f"dims must order the axes 1 to {len(shape)} of "
                         f"{_rules.show_shape(shape)} (each once), got {list(dims)}", "permute")
    return Inferred(tuple(shape[d - 1] for d in dims))


PERMUTE = keras_kind(
    "Permute", GROUP, "Reorders the axes of each sample ([2, 1] swaps the first two).",
    (ParamSpec("dims", SHAPE, [2, 1], "The new order of the axes, counted from 1 (the batch "
               "axis stays first).", key=True),),
    _permute_infer, positional=("dims",))


def _repeat_infer(p, shapes):
    (shape,) = shapes
    if len(shape) != 1:
        raise ShapeError(f"RepeatVector takes vectors (None, features), got "
                         f"{_rules.show_shape(shape)}; add Flatten first", "input_rank")
    return Inferred((p["n"], shape[0]))


REPEAT_VECTOR = keras_kind(
    "RepeatVector", GROUP, "Repeats a vector n times into a sequence (None, n, features), as "
    "sequence-to-sequence decoders start.",
    (ParamSpec("n", INT, 2, "How many times to repeat.", minimum=1, maximum=1_000_000,
               key=True),),
    _repeat_infer, positional=("n",))


def _pairs(value, name: str) -> tuple[tuple[int, int], tuple[int, int]]:
    ok = (isinstance(value, list | tuple) and len(value) == 2 and all(
        isinstance(pair, list | tuple) and len(pair) == 2 and all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in pair)
        for pair in value))
    if not ok:
        raise ShapeError(f"{name}: expected [[top, bottom], [left, right]] of whole numbers "
                         f">= 0, got {str(value)[:60]}", "param")
    return (tuple(value[0]), tuple(value[1]))


def _padding_infer(p, shapes):
    (shape,) = shapes
    (height, width), channels = _rules.spatial_input(shape, 2, "ZeroPadding2D")
    (top, bottom), (left, right) = _pairs(p["padding"], "padding")
    return Inferred((_rules.grown(height, top + bottom), _rules.grown(width, left + right),
                     channels))


ZERO_PADDING2D = keras_kind(
    "ZeroPadding2D", GROUP, "Adds rows and columns of zeros around each image.",
    (ParamSpec("padding", JSON, [[1, 1], [1, 1]], "Rows and columns added: [[top, bottom], "
               "[left, right]].", key=True),),
    _padding_infer)


def _cropping_infer(p, shapes):
    (shape,) = shapes
    (height, width), channels = _rules.spatial_input(shape, 2, "Cropping2D")
    (top, bottom), (left, right) = _pairs(p["cropping"], "cropping")
    out = (_rules.grown(height, -top - bottom), _rules.grown(width, -left - right))
    if min((d for d in out if d is not None), default=1) < 1:
        raise ShapeError(f"cropping {p['cropping']} removes the whole of "
                         f"{_rules.show_shape(shape)}", "cropping")
    return Inferred(out + (channels,))


CROPPING2D = keras_kind(
    "Cropping2D", GROUP, "Cuts rows and columns off the edges of each image.",
    (ParamSpec("cropping", JSON, [[0, 0], [0, 0]], "Rows and columns cut: [[top, bottom], "
               "[left, right]].", key=True),),
    _cropping_infer)


def _upsampling_infer(p, shapes):
    (shape,) = shapes
    (height, width), channels = _rules.spatial_input(shape, 2, "UpSampling2D")
    rows, cols = _rules.tuple_param(p["size"], 2, "size")
    return Inferred((_rules.grown(height, 0, rows), _rules.grown(width, 0, cols), channels))


UPSAMPLING2D = keras_kind(
    "UpSampling2D", GROUP, "Enlarges each image by repeating (or interpolating) rows and "
    "columns.",
    (sizes_param("size", 2, 2, "Factor for the rows and for the columns.", key=True),
     ParamSpec("interpolation", CHOICE, "nearest", "How new pixels are made.",
               choices=("nearest", "bilinear", "bicubic", "lanczos3", "lanczos5", "area"))),
    _upsampling_infer)


def _resizing_infer(p, shapes):
    (shape,) = shapes
    _, channels = _rules.spatial_input(shape, 2, "Resizing")
    return Inferred((p["height"], p["width"], channels))


def _side(name: str) -> ParamSpec:
    return ParamSpec(name, INT, 224, f"Output {name} in pixels.", minimum=1, maximum=100_000,
                     key=True)


RESIZING = keras_kind(
    "Resizing", GROUP, "Resizes each image to a fixed height and width.",
    (_side("height"), _side("width"),
     ParamSpec("interpolation", CHOICE, "bilinear", "How new pixels are computed.",
               choices=INTERPOLATIONS),
     ParamSpec("crop_to_aspect_ratio", BOOL, False, "Crop first so that the image keeps its "
               "aspect ratio.")),
    _resizing_infer, positional=("height", "width"))

KINDS = (RESHAPE, PERMUTE, REPEAT_VECTOR, ZERO_PADDING2D, CROPPING2D, UPSAMPLING2D, RESIZING)

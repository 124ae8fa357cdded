"""Shape rules shared by several kinds, written once."""

from __future__ import annotations

from collections.abc import Sequence
from math import prod

from engine.catalogue.base import Inferred, Notice, Shape, ShapeError


def show_shape(shape: Shape | None) -> str:
    """A shape as Keras prints it, batch first: (None, 28, 28)."""
    if shape is None:
        return "?"
    return "(" + ", ".join(["None", *[str(d) for d in shape]]) + ")"


def dense(units: int, use_bias: bool, shapes: Sequence[Shape]) -> Inferred:
    (shape,) = shapes
    notices = ()
    if len(shape) > 1:
        notices = (Notice(
            f"gets a tensor of shape {show_shape(shape)}: Dense acts on the last axis only; "
            "insert Flatten before it to use every value", "dense_rank"),)
    features = shape[-1]
    weights = features * units + (units if use_bias else 0)
    return Inferred(tuple(shape[:-1]) + (units,), weights, 0, notices)


def same_shape(shapes: Sequence[Shape]) -> Inferred:
    return Inferred(tuple(shapes[0]))


def flatten(shapes: Sequence[Shape]) -> Inferred:
    (shape,) = shapes
    return Inferred((prod(shape),))


def axis_index(axis: int, rank: int) -> int:
    """Index into a shape without its batch axis, from a Keras axis that counts the batch."""
    full = axis if axis >= 0 else rank + 1 + axis
    if full == 0:
        raise ShapeError("cannot work along axis 0, the batch axis", "axis")
    if not 0 < full <= rank:
        raise ShapeError(f"axis {axis} does not exist in a tensor of rank {rank + 1}", "axis")
    return full - 1


def concatenate(axis: int, shapes: Sequence[Shape]) -> Inferred:
    first = shapes[0]
    for other in shapes[1:]:
        if len(other) != len(first):
            raise ShapeError(
                f"inputs have different ranks: {show_shape(first)} and {show_shape(other)}",
                "concat_shapes")
    idx = axis_index(axis, len(first))
    for other in shapes[1:]:
        for i, (a, b) in enumerate(zip(first, other, strict=True)):
            if i != idx and a != b:
                raise ShapeError(
                    f"inputs differ off the concatenation axis: {show_shape(first)} and "
                    f"{show_shape(other)} (axis {axis})", "concat_shapes")
    out = list(first)
    out[idx] = sum(s[idx] for s in shapes)
    return Inferred(tuple(out))


def elementwise(shapes: Sequence[Shape], what: str) -> Inferred:
    first = shapes[0]
    for other in shapes[1:]:
        if tuple(other) != tuple(first):
            raise ShapeError(
                f"{what} needs inputs of one shape, got {show_shape(first)} and "
                f"{show_shape(other)}", "merge_shapes")
    return Inferred(tuple(first))


def initializer_name(config) -> str | None:
    """'glorot_uniform' from a Keras initializer config, when it has no custom arguments."""
    if isinstance(config, str):
        return config
    if not isinstance(config, dict):
        return None
    inner = config.get("config") or {}
    if any(v is not None for k, v in inner.items() if k != "seed"):
        return None
    name = config.get("class_name", "")
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i and not name[i - 1].isupper():
            out.append("_")
        out.append(ch.lower())
    return "".join(out)

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
    if len(shape) == 2:
        notices = (Notice(
            f"gets a tensor of shape {show_shape(shape)}: Dense acts on the last axis only; "
            "insert Flatten before it to use every value", "dense_rank"),)
    elif len(shape) > 2:
        notices = (Notice(
            f"gets a tensor of shape {show_shape(shape)}: Dense acts on the last axis only "
            "(on images, on each pixel's channels alone); insert Flatten (or "
            "GlobalAveragePooling2D) before it to use every value", "dense_rank"),)
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
    out = list(first)
    for other in shapes[1:]:
        for i, (a, b) in enumerate(zip(first, other, strict=True)):
            if i != idx and a != b and None not in (a, b):
                raise ShapeError(
                    f"inputs differ off the concatenation axis: {show_shape(first)} and "
                    f"{show_shape(other)} (axis {axis})", "concat_shapes")
            if i != idx and out[i] is None:  # an axis of any length meets a known one
                out[i] = b
    along = [s[idx] for s in shapes]
    out[idx] = None if None in along else sum(along)
    return Inferred(tuple(out))


def grown(size: int | None, by: int, times: int = 1) -> int | None:
    """size * times + by, or None for an axis of any length."""
    return None if size is None else size * times + by


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


def broadcast(shapes: Sequence[Shape], what: str) -> Inferred:
    """Keras's merging broadcast: axes are matched from the last; a 1 stretches to the other
    size; ranks may differ."""
    out = list(shapes[0])
    for other in shapes[1:]:
        longer, shorter = (out, list(other)) if len(out) >= len(other) else (list(other), out)
        merged = list(longer)
        offset = len(longer) - len(shorter)
        for i, b in enumerate(shorter):
            a = longer[offset + i]
            if a != b and 1 not in (a, b):
                raise ShapeError(
                    f"{what} needs inputs of one shape (or sizes of 1 that stretch), got "
                    f"{show_shape(tuple(shapes[0]))} and {show_shape(tuple(other))}",
                    "merge_shapes")
            merged[offset + i] = max(a, b) if 1 in (a, b) else a
        out = merged
    return Inferred(tuple(out))


def conv_length(size: int, kernel: int, stride: int, padding: str, dilation: int = 1) -> int:
    """Output length of a convolution or pooling window along one axis, as Keras computes it."""
    if padding == "valid":
        return (size - dilation * (kernel - 1) - 1) // stride + 1
    return (size - 1) // stride + 1  # "same" and "causal"


def deconv_length(size: int, kernel: int, stride: int, padding: str, dilation: int = 1) -> int:
    """Output length of a transposed convolution along one axis (None: any length)."""
    if size is None:
        return None
    span = kernel + (kernel - 1) * (dilation - 1)
    if padding == "valid":
        return size * stride + max(span - stride, 0)
    return size * stride


def spatial_input(shape: Shape, dims: int, what: str) -> tuple[Shape, int]:
    """(spatial sizes, channels) of an input that should be `dims` spatial axes plus
    channels; a clear message otherwise."""
    want = {1: "sequences: (None, steps, features)", 2: "images: (None, height, width, "
            "channels)", 3: "volumes: (None, depth, height, width, channels)"}[dims]
    if len(shape) != dims + 1:
        hint = ""
        if dims == 2 and len(shape) == 1:
            hint = "; use Reshape to make images of it (e.g. [28, 28, 1])"
        elif dims == 2 and len(shape) == 2:
            hint = "; add a channels axis with Reshape (e.g. [28, 28, 1])"
        raise ShapeError(f"{what} takes {want}, got {show_shape(shape)}{hint}", "input_rank")
    return tuple(shape[:-1]), shape[-1]


def tuple_param(value, dims: int, name: str) -> tuple[int, ...]:
    """A per-axis parameter (kernel_size, strides...) checked for its number of values."""
    values = tuple(value)
    if len(values) != dims:
        raise ShapeError(f"{name} needs {dims} value{'s' if dims > 1 else ''} (one per axis), "
                         f"got {list(values)}", "param_rank")
    return values


def window(shape: Shape, dims: int, what: str, kernel, strides, padding: str,
           dilation=None, name: str = "kernel") -> Shape:
    """Spatial output sizes of a sliding window (convolution or pooling), refusing a window
    larger than its input with 'valid' padding."""
    sizes, _ = spatial_input(shape, dims, what)
    kernel = tuple_param(kernel, dims, f"{name}_size")
    strides = tuple_param(strides, dims, "strides")
    dilation = tuple_param(dilation or (1,) * dims, dims, "dilation_rate")
    if any(s > 1 for s in strides) and any(d > 1 for d in dilation):
        raise ShapeError("strides above 1 and dilation_rate above 1 cannot be combined "
                         "(Keras refuses it)", "conv_params")
    out = []
    for size, k, s, d in zip(sizes, kernel, strides, dilation, strict=True):
        if size is None:  # an axis of any length stays so (Keras computes it per batch)
            out.append(None)
            continue
        span = d * (k - 1) + 1
        if padding == "valid" and span > size:
            raise ShapeError(
                f"its {name} ({'x'.join(map(str, kernel))}"
                f"{', dilated' if d > 1 else ''}) is larger than its input "
                f"{show_shape(shape)}; use padding 'same' or a smaller {name}", "kernel_size")
        out.append(conv_length(size, k, s, padding, d))
    return tuple(out)


def dropout(noise_shape, shapes: Sequence[Shape]) -> Inferred:
    """Dropout keeps its input's shape; a noise shape must match it axis by axis."""
    (shape,) = shapes
    if noise_shape is None:
        return Inferred(tuple(shape))
    full = (None, *shape)
    ok = (isinstance(noise_shape, list | tuple) and len(noise_shape) == len(full) and all(
        n is None or (isinstance(n, int) and not isinstance(n, bool) and n in (1, d))
        for n, d in zip(noise_shape, full, strict=True)))
    if not ok:
        raise ShapeError(f"noise_shape {noise_shape} does not fit its input "
                         f"{show_shape(shape)}: give one entry per axis, batch first, each "
                         "null, 1 or that axis's size", "noise_shape")
    return Inferred(tuple(shape))

"""Hypothesis draws of parameters for every catalogue kind, given the shape of its first
input; merging kinds also choose their other inputs among the shapes drawn so far.
Used by the shape property test: a draw may not fit its input (the test then skips it)."""

from __future__ import annotations

from hypothesis import strategies as st

from engine.params import ACTIVATIONS

small = st.integers(1, 4)
bools = st.booleans()
activations = st.sampled_from(ACTIVATIONS)
paddings = st.sampled_from(("valid", "same"))
rates = st.floats(0.0, 0.9)
penalty = st.sampled_from((0.0, 0.0, 0.01))


def spatial(shape) -> int:
    return max(len(shape) - 1, 1)


def sizes(draw, n: int, low: int = 1, high: int = 3) -> list[int]:
    return draw(st.lists(st.integers(low, high), min_size=n, max_size=n))


def valid_axes(rank: int) -> list[int]:
    """Keras axes (batch counted) of the feature axes of a tensor of `rank` feature axes."""
    return [*range(1, rank + 1), *range(-rank, 0)]


def _window(draw, n: int, dilate: bool = True) -> dict:
    strides = sizes(draw, n, 1, 2)
    dilation = sizes(draw, n, 1, 2) if dilate and all(s == 1 for s in strides) else [1] * n
    return {"kernel_size": sizes(draw, n), "strides": strides, "dilation_rate": dilation,
            "padding": draw(paddings)}


def _conv(n: int):
    def params(draw, shape):
        groups = draw(st.sampled_from([g for g in (1, 2) if shape[-1] % g == 0]))
        return {**_window(draw, n), "filters": groups * draw(small), "groups": groups,
                "use_bias": draw(bools), "activation": draw(activations),
                "kernel_l2": draw(penalty)}, []
    return params


def _transpose(draw, shape):
    return {"filters": draw(small), "kernel_size": sizes(draw, 2), "strides": sizes(draw, 2, 1, 2),
            "padding": draw(paddings), "use_bias": draw(bools)}, []


def _separable(draw, shape):
    window = _window(draw, 2)
    return {**window, "filters": draw(small), "depth_multiplier": draw(st.integers(1, 2)),
            "use_bias": draw(bools)}, []


def _depthwise(draw, shape):
    return {**_window(draw, 2), "depth_multiplier": draw(st.integers(1, 2)),
            "use_bias": draw(bools)}, []


def _pool(n: int):
    def params(draw, shape):
        return {"pool_size": sizes(draw, n, 1, 3),
                "strides": draw(st.one_of(st.none(), st.just(sizes(draw, n, 1, 2)))),
                "padding": draw(paddings)}, []
    return params


def _global(draw, shape):
    return {"keepdims": draw(bools)}, []


def _reshape(draw, shape):
    total = 1
    for d in shape:
        total *= d
    split = draw(st.sampled_from([d for d in range(1, total + 1) if total % d == 0]))
    return {"target_shape": [split, total // split]}, []


def _permute(draw, shape):
    return {"dims": draw(st.permutations(list(range(1, len(shape) + 1))))}, []


def _padding(draw, shape):
    return {"padding": [sizes(draw, 2, 0, 2), sizes(draw, 2, 0, 2)]}, []


def _cropping(draw, shape):
    return {"cropping": [sizes(draw, 2, 0, 1), sizes(draw, 2, 0, 1)]}, []


def _recurrent(extra: dict):
    def params(draw, shape):
        out = {"units": draw(small), "return_sequences": draw(bools), "use_bias": draw(bools),
               "kernel_l1": draw(penalty), "bidirectional": draw(bools),
               "merge_mode": draw(st.sampled_from(("concat", "sum", "mul", "ave"))),
               "return_state": draw(bools)}
        out.update({k: draw(v) for k, v in extra.items()})
        return out, []
    return params


def _attention(draw, shape):
    return {"num_heads": draw(small), "key_dim": draw(small),
            "value_dim": draw(st.one_of(st.none(), small)), "use_bias": draw(bools),
            "output_shape": draw(st.one_of(st.none(), small)),
            "return_attention_scores": draw(bools)}, []


def _layernorm(draw, shape):
    return {"axis": draw(st.sampled_from(valid_axes(len(shape)))), "center": draw(bools),
            "scale": draw(bools)}, []


def _prelu(draw, shape):
    shared = draw(st.lists(st.integers(1, len(shape)), unique=True, max_size=len(shape)))
    return {"shared_axes": sorted(shared) or None}, []


def _normalization(draw, shape):
    axis = draw(st.sampled_from(valid_axes(len(shape))))
    if draw(bools):
        return {"axis": axis}, []
    size = shape[axis - 1] if axis > 0 else shape[axis]
    return {"axis": axis, "mean": [0.5] * size, "variance": [2.0] * size}, []


def _crop(draw, shape):
    return {"height": draw(small), "width": draw(small)}, []


def plain(**strategies):
    def params(draw, shape):
        return {k: draw(v) for k, v in strategies.items()}, []
    return params


PARAM_DRAWS = {
    "Dense": plain(units=small, use_bias=bools, activation=activations, kernel_l2=penalty),
    "Flatten": plain(),
    "Dropout": plain(rate=rates),
    "BatchNormalization": lambda draw, shape: (
        {"axis": draw(st.sampled_from(valid_axes(len(shape)))), "center": draw(bools),
         "scale": draw(bools)}, []),
    "Activation": plain(activation=activations),
    "Conv1D": _conv(1), "Conv2D": _conv(2), "Conv3D": _conv(3),
    "Conv2DTranspose": _transpose, "SeparableConv2D": _separable,
    "DepthwiseConv2D": _depthwise,
    "MaxPooling1D": _pool(1), "MaxPooling2D": _pool(2),
    "AveragePooling1D": _pool(1), "AveragePooling2D": _pool(2),
    "GlobalAveragePooling1D": _global, "GlobalAveragePooling2D": _global,
    "GlobalMaxPooling1D": _global, "GlobalMaxPooling2D": _global,
    "Reshape": _reshape, "Permute": _permute, "RepeatVector": plain(n=small),
    "ZeroPadding2D": _padding, "Cropping2D": _cropping,
    "UpSampling2D": lambda draw, shape: ({"size": sizes(draw, 2, 1, 2)}, []),
    "Resizing": lambda draw, shape: ({"height": draw(small), "width": draw(small),
                                      "interpolation": "bilinear"}, []),
    "Embedding": plain(input_dim=st.integers(1, 20), output_dim=small, mask_zero=bools),
    "SimpleRNN": _recurrent({}),
    "LSTM": _recurrent({"unit_forget_bias": bools}),
    "GRU": _recurrent({"reset_after": bools}),
    "LayerNormalization": _layernorm,
    "MultiHeadAttention": _attention,
    "ReLU": plain(max_value=st.one_of(st.none(), st.just(6.0)), negative_slope=st.just(0.0)),
    "LeakyReLU": plain(negative_slope=st.floats(0.0, 1.0)),
    "PReLU": _prelu,
    "ELU": plain(alpha=st.floats(0.1, 2.0)),
    "Softmax": lambda draw, shape: ({"axis": draw(st.sampled_from(valid_axes(len(shape))))},
                                    []),
    "Concatenate": lambda draw, shape: (
        {"axis": draw(st.sampled_from(valid_axes(len(shape))))}, []),
    "Add": plain(), "Multiply": plain(), "Subtract": plain(), "Average": plain(),
    "Maximum": plain(), "Minimum": plain(),
    "Dot": lambda draw, shape: ({"axes": draw(st.sampled_from(valid_axes(len(shape))))}, []),
    "Normalization": _normalization,
    "Rescaling": plain(scale=st.floats(-2.0, 2.0), offset=st.floats(-1.0, 1.0)),
    "CenterCrop": _crop,
    "RandomFlip": plain(mode=st.sampled_from(("horizontal", "vertical",
                                              "horizontal_and_vertical"))),
    "RandomRotation": plain(factor=st.floats(0.0, 0.5)),
    "RandomZoom": plain(height_factor=st.floats(-0.5, 0.5)),
    "RandomTranslation": plain(height_factor=st.floats(0.0, 0.5),
                               width_factor=st.floats(0.0, 0.5)),
    "SpatialDropout1D": plain(rate=rates), "SpatialDropout2D": plain(rate=rates),
    "GaussianNoise": plain(stddev=st.floats(0.0, 1.0)),
    "ActivityRegularization": plain(l1=penalty, l2=penalty),
}


def _same_shape(draw, source, shapes, params):
    same = sorted(n for n, s in shapes.items() if s == shapes[source])
    return draw(st.lists(st.sampled_from(same), min_size=1, max_size=2))


def _one_same_shape(draw, source, shapes, params):
    return _same_shape(draw, source, shapes, params)[:1]


def _concat_fits(draw, source, shapes, params):
    shape = shapes[source]
    axis = params["axis"]
    at = axis - 1 if axis > 0 else len(shape) + axis
    fits = sorted(n for n, s in shapes.items() if len(s) == len(shape) and all(
        a == b for i, (a, b) in enumerate(zip(s, shape, strict=True)) if i != at))
    return draw(st.lists(st.sampled_from(fits), min_size=1, max_size=2))


def _broadcast_fits(draw, source, shapes, params):
    """Inputs of the same shape, or of that shape with some axes of size 1 (the engine's
    broadcast rule is what is tested, so partners are taken from any drawn node)."""
    return draw(st.lists(st.sampled_from(sorted(shapes)), min_size=1, max_size=2))


def _attention_sources(draw, source, shapes, params):
    """A value (and maybe a key) of the query's rank; with the scores, of the query's steps
    too: Keras 3 declares the scores' shape with the query's steps for both axes."""
    query = shapes[source]
    fits = sorted(n for n, s in shapes.items() if len(s) == len(query) and (
        not params["return_attention_scores"] or s[:-1] == query[:-1]))
    value = draw(st.sampled_from(fits))
    keys = sorted(n for n in fits if shapes[n][:-1] == shapes[value][:-1])
    return [value, *draw(st.lists(st.sampled_from(keys), max_size=1))]


SOURCES = {
    "MultiHeadAttention": _attention_sources,
    "Add": _same_shape, "Concatenate": _concat_fits, "Multiply": _broadcast_fits,
    "Average": _same_shape, "Maximum": _broadcast_fits, "Minimum": _same_shape,
    "Subtract": _one_same_shape, "Dot": lambda draw, source, shapes, params: [
        draw(st.sampled_from(sorted(shapes)))],
}

# the rank (axes without the batch) a kind's first input must have; absent: any rank
_IMAGE_KINDS = ("Conv2D", "Conv2DTranspose", "SeparableConv2D", "DepthwiseConv2D",
                "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D",
                "GlobalMaxPooling2D", "ZeroPadding2D", "Cropping2D", "UpSampling2D",
                "Resizing", "CenterCrop", "RandomFlip", "RandomRotation", "RandomZoom",
                "RandomTranslation", "SpatialDropout2D")
_SEQUENCE_KINDS = ("Conv1D", "MaxPooling1D", "AveragePooling1D", "GlobalAveragePooling1D",
                   "GlobalMaxPooling1D", "SpatialDropout1D", "SimpleRNN", "LSTM", "GRU",
                   "MultiHeadAttention")
RANKS = {**{k: 3 for k in _IMAGE_KINDS}, **{k: 2 for k in _SEQUENCE_KINDS},
         "Conv3D": 4, "RepeatVector": 1, "Embedding": 1}

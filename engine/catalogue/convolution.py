"""Convolution layers: Conv1D, Conv2D, Conv3D, Conv2DTranspose, SeparableConv2D,
DepthwiseConv2D (channels last, as Keras's default)."""

from math import prod

from engine.catalogue import _rules
from engine.catalogue._keras_args import (
    BOOL,
    INT,
    PADDINGS,
    ParamSpec,
    initializer_param,
    keras_kind,
    padding_param,
    regularizer_params,
    sizes_param,
)
from engine.catalogue.base import Inferred, ShapeError
from engine.params import activation_param

GROUP = "Convolution"
_AXES = {1: "step", 2: "height and width", 3: "depth, height and width"}


def _filters(default: int = 32) -> ParamSpec:
    return ParamSpec("filters", INT, default, "Number of filters: the channels of the output.",
                     minimum=1, maximum=100_000, key=True)


def _window_params(dims: int, kernel: int = 3) -> tuple[ParamSpec, ...]:
    return (
        sizes_param("kernel_size", dims, kernel, f"Size of the window, along {_AXES[dims]}.",
                    key=True),
        sizes_param("strides", dims, 1, "Step of the window along each axis."),
    )


def _dilation(dims: int) -> ParamSpec:
    return sizes_param("dilation_rate", dims, 1, "Spacing between the kernel's taps (above 1: "
                       "a wider view with the same weights).")


def _bias_params(*initializers: tuple[str, str, str]) -> tuple[ParamSpec, ...]:
    return (activation_param(), ParamSpec("use_bias", BOOL, True, "Add a learned bias per "
                                          "output channel."),
            *(initializer_param(n, d, h) for n, d, h in initializers))


_KERNEL_INIT = ("kernel_initializer", "glorot_uniform", "How the kernel weights start.")
_BIAS_INIT = ("bias_initializer", "zeros", "How the biases start.")


def _conv_infer(dims: int, what: str):
    def infer(p, shapes):
        (shape,) = shapes
        out = _rules.window(shape, dims, what, p["kernel_size"], p["strides"], p["padding"],
                            p["dilation_rate"])
        channels, filters, groups = shape[-1], p["filters"], p["groups"]
        if channels % groups or filters % groups:
            raise ShapeError(f"groups ({groups}) must divide both the input channels "
                             f"({channels}) and the filters ({filters})", "conv_params")
        weights = prod(p["kernel_size"]) * (channels // groups) * filters
        return Inferred(out + (filters,), weights + (filters if p["use_bias"] else 0))
    return infer


def _conv(dims: int, help_text: str):
    type_name = f"Conv{dims}D"
    paddings = PADDINGS + ("causal",) if dims == 1 else PADDINGS
    return keras_kind(
        type_name, GROUP, help_text,
        (_filters(), *_window_params(dims), padding_param(paddings), _dilation(dims),
         ParamSpec("groups", INT, 1, "Split the channels into this many groups, each "
                   "convolved on its own (it must divide the input channels and filters).",
                   minimum=1, maximum=100_000),
         *_bias_params(_KERNEL_INIT, _BIAS_INIT), *regularizer_params()),
        _conv_infer(dims, type_name), positional=("filters", "kernel_size"),
        regularizers=("kernel",))


CONV1D = _conv(1, "Slides filters along a sequence: (steps, features) to (steps', filters).")
CONV2D = _conv(2, "Slides filters over an image: (height, width, channels) to "
               "(height', width', filters).")
CONV3D = _conv(3, "Slides filters through a volume (depth, height, width, channels).")


def _transpose_infer(p, shapes):
    (shape,) = shapes
    sizes, channels = _rules.spatial_input(shape, 2, "Conv2DTranspose")
    kernel = _rules.tuple_param(p["kernel_size"], 2, "kernel_size")
    strides = _rules.tuple_param(p["strides"], 2, "strides")
    dilation = _rules.tuple_param(p["dilation_rate"], 2, "dilation_rate")
    out = tuple(_rules.deconv_length(n, k, s, p["padding"], d)
                for n, k, s, d in zip(sizes, kernel, strides, dilation, strict=True))
    filters = p["filters"]
    weights = prod(kernel) * channels * filters + (filters if p["use_bias"] else 0)
    return Inferred(out + (filters,), weights)


CONV2D_TRANSPOSE = keras_kind(
    "Conv2DTranspose", GROUP, "The reverse of a convolution: grows an image (strides 2 "
    "doubles height and width), as decoders and generators do.",
    (_filters(), *_window_params(2), padding_param(), _dilation(2),
     *_bias_params(_KERNEL_INIT, _BIAS_INIT), *regularizer_params()),
    _transpose_infer, positional=("filters", "kernel_size"), regularizers=("kernel",))


def _depthwise_figures(p, shape, what):
    out = _rules.window(shape, 2, what, p["kernel_size"], p["strides"], p["padding"],
                        p["dilation_rate"])
    channels = shape[-1]
    return out, channels, prod(p["kernel_size"]) * channels * p["depth_multiplier"]


def _separable_infer(p, shapes):
    out, channels, depthwise = _depthwise_figures(p, shapes[0], "SeparableConv2D")
    filters = p["filters"]
    pointwise = channels * p["depth_multiplier"] * filters
    return Inferred(out + (filters,),
                    depthwise + pointwise + (filters if p["use_bias"] else 0))


def _depth_multiplier() -> ParamSpec:
    return ParamSpec("depth_multiplier", INT, 1, "Filters per input channel in the "
                     "depthwise step.", minimum=1, maximum=10_000)


SEPARABLE_CONV2D = keras_kind(
    "SeparableConv2D", GROUP, "A depthwise convolution (each channel alone) then a 1x1 "
    "convolution across channels: far fewer weights than Conv2D (Xception).",
    (_filters(), *_window_params(2), padding_param(), _dilation(2), _depth_multiplier(),
     *_bias_params(("depthwise_initializer", "glorot_uniform", "How the depthwise weights "
                    "start."), ("pointwise_initializer", "glorot_uniform", "How the 1x1 "
                                "weights start."), _BIAS_INIT)),
    _separable_infer, positional=("filters", "kernel_size"))


def _depthwise_infer(p, shapes):
    out, channels, depthwise = _depthwise_figures(p, shapes[0], "DepthwiseConv2D")
    outputs = channels * p["depth_multiplier"]
    return Inferred(out + (outputs,), depthwise + (outputs if p["use_bias"] else 0))


DEPTHWISE_CONV2D = keras_kind(
    "DepthwiseConv2D", GROUP, "Convolves each input channel with its own filter "
    "(MobileNet, EfficientNet); the channels stay apart.",
    (*_window_params(2), padding_param(), _depth_multiplier(), _dilation(2),
     *_bias_params(("depthwise_initializer", "glorot_uniform", "How the depthwise weights "
                    "start."), _BIAS_INIT)),
    _depthwise_infer, positional=("kernel_size",))

KINDS = (CONV1D, CONV2D, CONV3D, CONV2D_TRANSPOSE, SEPARABLE_CONV2D, DEPTHWISE_CONV2D)

"""Activation layers that Keras models (and its applications) use as layers of their own:
ReLU with a ceiling (MobileNet's ReLU6), LeakyReLU, PReLU, ELU, Softmax."""

from engine.catalogue import _rules
from engine.catalogue._keras_args import (
    FLOAT,
    INT,
    SHAPE,
    ParamSpec,
    initializer_param,
    keras_kind,
)
from engine.catalogue.base import Inferred, ShapeError

GROUP = "Activation layers"


def _same(p, shapes):
    return _rules.same_shape(shapes)


RELU = keras_kind(
    "ReLU", GROUP, "max(x, 0), optionally capped (max_value 6 is MobileNet's ReLU6) and with "
    "a slope below the threshold.",
    (ParamSpec("max_value", FLOAT, None, "Largest output (empty: no cap).", minimum=0.0,
               maximum=1e9, nullable=True, key=True),
     ParamSpec("negative_slope", FLOAT, 0.0, "Slope below the threshold.", minimum=0.0,
               maximum=1e6),
     ParamSpec("threshold", FLOAT, 0.0, "Values below it count as negative.", minimum=-1e9,
               maximum=1e9)),
    _same)

LEAKY_RELU = keras_kind(
    "LeakyReLU", GROUP, "Like ReLU, but negative values keep a small slope, so no neuron "
    "goes silent for good.",
    (ParamSpec("negative_slope", FLOAT, 0.3, "Slope for negative values.", minimum=0.0,
               maximum=1e6, key=True),),
    _same)


def _prelu_infer(p, shapes):
    (shape,) = shapes
    shared = p["shared_axes"] or ()
    for axis in shared:
        if not 1 <= axis <= len(shape):
            raise ShapeError(f"shared_axes: axis {axis} does not exist in "
                             f"{_rules.show_shape(shape)} (count from 1)", "axis")
    alphas = 1
    for i, size in enumerate(shape, start=1):
        alphas *= 1 if i in shared else size
    return Inferred(tuple(shape), alphas)


PRELU = keras_kind(
    "PReLU", GROUP, "A leaky ReLU whose negative slope is learned, one per value (or shared "
    "along the axes you name).",
    (initializer_param("alpha_initializer", "zeros", "How the slopes start."),
     ParamSpec("shared_axes", SHAPE, None, "Axes along which one slope is shared (e.g. [1, 2]"
               " for the height and width of images), counted from 1.", nullable=True)),
    _prelu_infer)

ELU = keras_kind(
    "ELU", GROUP, "Exponential linear unit: x for x > 0, alpha * (exp(x) - 1) below.",
    (ParamSpec("alpha", FLOAT, 1.0, "Scale of the negative part.", minimum=0.0, maximum=1e6,
               key=True),),
    _same)


def _softmax_infer(p, shapes):
    (shape,) = shapes
    _rules.axis_index(p["axis"], len(shape))
    return Inferred(tuple(shape))


SOFTMAX = keras_kind(
    "Softmax", GROUP, "Turns values into probabilities that sum to 1 along an axis.",
    (ParamSpec("axis", INT, -1, "The axis normalised (-1: the last).", minimum=-8,
               maximum=8),),
    _softmax_infer)

KINDS = (RELU, LEAKY_RELU, PRELU, ELU, SOFTMAX)

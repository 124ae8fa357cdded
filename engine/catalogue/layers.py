"""Layers with one input: Dense, Flatten, Dropout, BatchNormalization, Activation."""

from engine.catalogue import _rules
from engine.catalogue._keras_args import regularizer, regularizer_from_keras, regularizer_params
from engine.catalogue.base import Inferred, LayerCall, NodeKind, ShapeError
from engine.params import (
    BOOL,
    CHOICE,
    FLOAT,
    INITIALIZERS,
    INT,
    JSON,
    ParamSpec,
    activation_param,
)


def _dense_layer(params, name):
    kwargs = {"activation": params["activation"], "use_bias": params["use_bias"],
              "kernel_initializer": params["kernel_initializer"],
              "bias_initializer": params["bias_initializer"]}
    penalty = regularizer(params["kernel_l1"], params["kernel_l2"])
    if penalty is not None:
        kwargs["kernel_regularizer"] = penalty
    return LayerCall("Dense", (params["units"],), {**kwargs, "name": name})


def _dense_from_keras(config):
    kernel = _rules.initializer_name(config.get("kernel_initializer"))
    bias = _rules.initializer_name(config.get("bias_initializer"))
    plain = all(config.get(k) is None for k in (
        "bias_regularizer", "activity_regularizer",
        "kernel_constraint", "bias_constraint", "lora_rank"))
    penalty = regularizer_from_keras(config.get("kernel_regularizer"))
    activation = config.get("activation", "linear")
    if not (plain and penalty and kernel in INITIALIZERS and bias in INITIALIZERS
            and isinstance(activation, str)):
        return None
    return {"units": config["units"], "activation": activation,
            "use_bias": config.get("use_bias", True), "kernel_initializer": kernel,
            "bias_initializer": bias, "kernel_l1": penalty[0], "kernel_l2": penalty[1]}


DENSE_PARAMS = (
    ParamSpec("units", INT, 32, "Number of neurons: the size of the layer's output.",
              minimum=1, maximum=1_000_000, key=True),
    activation_param(),
    ParamSpec("use_bias", BOOL, True, "Add a learned bias to each neuron."),
    ParamSpec("kernel_initializer", CHOICE, "glorot_uniform",
              "How the weights start (He for ReLU, Glorot for tanh and sigmoid).",
              choices=INITIALIZERS),
    ParamSpec("bias_initializer", CHOICE, "zeros", "How the biases start.",
              choices=INITIALIZERS),
    *regularizer_params(),
)
DENSE_DEFAULTS = {"activation": "linear", "use_bias": True,
                  "kernel_initializer": "glorot_uniform", "bias_initializer": "zeros"}

DENSE = NodeKind(
    type="Dense",
    group="Layers",
    help="Fully connected layer: every input feeds every neuron.",
    params=DENSE_PARAMS,
    infer=lambda p, s: _rules.dense(p["units"], p["use_bias"], s),
    layer=_dense_layer,
    keras_defaults=DENSE_DEFAULTS,
    keras_classes=("Dense",),
    from_keras=_dense_from_keras,
    # the seed's hidden layers: 30 ReLU neurons (its California and Wide & Deep examples)
    starting_params={"units": 30, "activation": "relu"},
)

FLATTEN = NodeKind(
    type="Flatten",
    group="Layers",
    help="Flattens each sample into one long vector, e.g. 28x28 pixels into 784 values.",
    params=(),
    infer=lambda p, s: _rules.flatten(s),
    layer=lambda p, name: LayerCall("Flatten", (), {"name": name}),
    keras_classes=("Flatten",),
    from_keras=lambda c: {} if c.get("data_format") in (None, "channels_last") else None,
)

def _dropout_layer(params, name):
    kwargs = {"name": name}
    if params["noise_shape"] is not None:
        kwargs["noise_shape"] = params["noise_shape"]
    return LayerCall("Dropout", (params["rate"],), kwargs)


def _dropout_from_keras(config):
    noise = config.get("noise_shape")
    if config.get("seed") is not None:
        return None
    return {"rate": float(config["rate"]),
            "noise_shape": None if noise is None else list(noise)}


DROPOUT = NodeKind(
    type="Dropout",
    group="Layers",
    help="Sets a random fraction of its inputs to zero while training, against overfitting.",
    params=(ParamSpec("rate", FLOAT, 0.2, "Fraction of inputs dropped while training.",
                      minimum=0.0, maximum=1.0, max_exclusive=True, key=True),
            ParamSpec("noise_shape", JSON, None, "Shape of the drop mask, batch axis first "
                      "(null keeps that axis's size; 1 drops along a whole axis at once, e.g. "
                      "[null, 1, 1, 1]); empty: every value on its own.", nullable=True)),
    infer=lambda p, s: _rules.dropout(p["noise_shape"], s),
    layer=_dropout_layer,
    keras_classes=("Dropout",),
    from_keras=_dropout_from_keras,
)


def _batchnorm_infer(params, shapes):
    (shape,) = shapes
    idx = _rules.axis_index(params["axis"], len(shape))
    channels = shape[idx]
    trainable = channels * (int(params["center"]) + int(params["scale"]))
    return Inferred(tuple(shape), trainable, 2 * channels)


def _batchnorm_layer(params, name):
    return LayerCall("BatchNormalization", (), {
        "axis": params["axis"], "momentum": params["momentum"], "epsilon": params["epsilon"],
        "center": params["center"], "scale": params["scale"], "name": name})


def _batchnorm_from_keras(config):
    axis = config.get("axis", -1)
    if isinstance(axis, list):
        if len(axis) != 1:
            return None
        axis = axis[0]
    if config.get("renorm") or config.get("synchronized"):
        return None
    return {"axis": axis, "momentum": config.get("momentum", 0.99),
            "epsilon": config.get("epsilon", 1e-3), "center": config.get("center", True),
            "scale": config.get("scale", True)}


BATCH_NORMALIZATION = NodeKind(
    type="BatchNormalization",
    group="Layers",
    help="Normalises its inputs per feature with batch statistics, then rescales and shifts.",
    params=(
        ParamSpec("axis", INT, -1, "The feature axis (counted with the batch axis as 0).",
                  minimum=-8, maximum=8),
        ParamSpec("momentum", FLOAT, 0.99, "Momentum of the moving mean and variance.",
                  minimum=0.0, maximum=1.0),
        ParamSpec("epsilon", FLOAT, 0.001, "Small number added to the variance.",
                  minimum=0.0, maximum=1.0),
        ParamSpec("center", BOOL, True, "Learn an offset (beta)."),
        ParamSpec("scale", BOOL, True, "Learn a scale (gamma)."),
    ),
    infer=_batchnorm_infer,
    layer=_batchnorm_layer,
    keras_defaults={"axis": -1, "momentum": 0.99, "epsilon": 0.001, "center": True,
                    "scale": True},
    keras_classes=("BatchNormalization",),
    from_keras=_batchnorm_from_keras,
)


def _activation_infer(params, shapes):
    if params["activation"] == "softmax" and not shapes[0]:
        raise ShapeError("softmax needs at least one feature")
    return _rules.same_shape(shapes)


ACTIVATION = NodeKind(
    type="Activation",
    group="Layers",
    help="Applies an activation function to every value of its input.",
    params=(activation_param("relu"),),
    infer=_activation_infer,
    layer=lambda p, name: LayerCall("Activation", (p["activation"],), {"name": name}),
    keras_classes=("Activation",),
    from_keras=lambda c: ({"activation": c["activation"]}
                          if isinstance(c.get("activation"), str) else None),
)

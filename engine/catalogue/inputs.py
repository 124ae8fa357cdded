"""The model's inputs."""

from engine.catalogue.base import Inferred, LayerCall, NodeKind
from engine.params import CHOICE, DTYPES, FREE_AXES, SHAPE, ParamSpec


def _infer(params, shapes):
    return Inferred(tuple(params["shape"]))


def _layer(params, name):
    return LayerCall("Input", (), {"shape": tuple(params["shape"]), "dtype": params["dtype"],
                                   "name": name})


def _from_keras(config):
    shape = config.get("batch_shape") or config.get("batch_input_shape")
    if not shape or len(shape) < 2:
        return None
    return {"shape": list(shape[1:]), "dtype": config.get("dtype", "float32")}


INPUT = NodeKind(
    type="Input",
    group="Inputs",
    help="A model input: the shape of one sample, without the batch dimension.",
    params=(
        ParamSpec("shape", SHAPE, None, "Shape of one sample, e.g. [8] or [28, 28]; null for "
                  "an axis of any length, e.g. [null] for texts of any number of words; leave "
                  "empty to take the shape of the data bound to it.", nullable=True, key=True,
                  extra={FREE_AXES: True}),
        ParamSpec("dtype", CHOICE, "float32", "Type of the values fed in.", choices=DTYPES),
    ),
    infer=_infer,
    layer=_layer,
    min_inputs=0,
    max_inputs=0,
    keras_defaults={"dtype": "float32"},
    keras_classes=("InputLayer",),
    from_keras=_from_keras,
)

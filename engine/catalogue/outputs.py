"""A model output: its layer (optional), its loss, loss weight and metrics."""

from engine.catalogue import _rules
from engine.catalogue._keras_args import check_initializer, initializer_param
from engine.catalogue.base import LayerCall, NodeKind, ShapeError
from engine.catalogue.layers import DENSE_DEFAULTS
from engine.losses import FROM_LOGITS_HELP, from_logits_problem
from engine.params import (
    BOOL,
    CHOICE,
    FLOAT,
    INT,
    LOSSES,
    METRICS,
    STR_LIST,
    ParamSpec,
    activation_param,
)


def _infer(params, shapes):
    for name in ("kernel_initializer", "bias_initializer"):
        check_initializer(name, params[name])
    if params["units"] is None:
        inferred = _rules.same_shape(shapes)
    else:
        inferred = _rules.dense(params["units"], True, shapes)
    problem = from_logits_problem(params)
    if problem:
        raise ShapeError(problem, "from_logits")
    return inferred


def _layer(params, name):
    if params["units"] is not None:
        return LayerCall("Dense", (params["units"],), {
            "activation": params["activation"],
            "kernel_initializer": params["kernel_initializer"],
            "bias_initializer": params["bias_initializer"], "name": name})
    if params["activation"] != "linear":
        return LayerCall("Activation", (params["activation"],), {"name": name})
    # a named pass-through, so the model output and its history keys carry this name
    return LayerCall("Identity", (), {"name": name})


OUTPUT = NodeKind(
    type="Output",
    group="Outputs",
    help="A model output: with units it is the output Dense layer; it names the loss, its "
         "weight and the metrics.",
    params=(
        ParamSpec("units", INT, None, "Neurons of the output layer (10 for ten classes, 1 for "
                  "a value); empty: no layer, the input itself is the output.",
                  minimum=1, maximum=1_000_000, nullable=True, key=True),
        activation_param(),
        ParamSpec("loss", CHOICE, None, "What training minimises for this output.",
                  choices=LOSSES, nullable=True, key=True),
        ParamSpec("loss_weight", FLOAT, 1.0, "Weight of this output's loss in the total loss.",
                  minimum=0.0, maximum=1e6),
        ParamSpec("metrics", STR_LIST, [], "Figures reported for this output while training.",
                  choices=METRICS),
        ParamSpec("from_logits", BOOL, False, FROM_LOGITS_HELP),
        initializer_param("kernel_initializer", "glorot_uniform", "How the output layer's "
                          "weights start (with units)."),
        initializer_param("bias_initializer", "zeros", "How its biases start."),
    ),
    infer=_infer,
    layer=_layer,
    has_output=False,
    keras_defaults=DENSE_DEFAULTS,
    # the seed's outputs are layers: one value until the user says how many classes
    starting_params={"units": 1},
)

"""Keras layers the catalogue has no kind for, kept as imported: the class name and the
layer's config (JSON), plus the output shape and parameter counts Keras computed at import,
so validation and the summary can show them without TensorFlow.

`KERAS_LAYER` is a hidden layer; `KERAS_OUTPUT` is such a layer that is also a model
output (it carries the output's loss, loss weight and metrics, like `Output`)."""

from __future__ import annotations

import re

from engine.catalogue.base import Inferred, LayerCall, NodeKind, Notice, ShapeError
from engine.params import CHOICE, FLOAT, INT, JSON, LOSSES, METRICS, STR_LIST, ParamSpec
from engine.safe_config import CODE_LAYERS, find_code, is_safe_layer_class

GROUP = "Imported"
_CLASS_NAME = re.compile(r"^[A-Z][A-Za-z0-9_]*$")

LAYER_PARAMS = (
    ParamSpec("class_name", JSON, "", "The Keras layer class (keras.layers.<class_name>).",
              key=True),
    ParamSpec("config", JSON, {}, "The layer's Keras config (get_config), as JSON; "
              "edit with care: Keras checks it when the model is built."),
    ParamSpec("output_shape", JSON, None, "Output shape computed by Keras at import "
              "(batch left out).", nullable=True),
    ParamSpec("input_shapes", JSON, None, "Input shapes seen at import.", nullable=True),
    ParamSpec("trainable_params", INT, 0, "Trainable parameters counted by Keras at import.",
              minimum=0),
    ParamSpec("non_trainable_params", INT, 0, "Non-trainable parameters counted by Keras at "
              "import.", minimum=0),
)

OUTPUT_PARAMS = (
    ParamSpec("loss", CHOICE, None, "What training minimises for this output.",
              choices=LOSSES, nullable=True),
    ParamSpec("loss_weight", FLOAT, 1.0, "Weight of this output's loss in the total loss.",
              minimum=0.0, maximum=1e6),
    ParamSpec("metrics", STR_LIST, [], "Figures reported for this output while training.",
              choices=METRICS),
)


def _infer(params, shapes):
    class_name = params.get("class_name")
    if not isinstance(class_name, str) or not _CLASS_NAME.match(class_name):
        raise ShapeError(f"class_name {class_name!r} is not a Keras layer class name",
                         "keras_layer_class")
    if class_name in CODE_LAYERS or class_name.endswith("Lambda"):
        raise ShapeError(f"a {class_name} layer holds or loads code; Dendrite never builds "
                         "one from a project", "keras_layer_class")
    if not is_safe_layer_class(class_name):
        raise ShapeError(f"{class_name} is not a Keras layer Dendrite may build (only Keras's "
                         "own layers; a custom class holds code)", "keras_layer_class")
    if not isinstance(params.get("config"), dict):
        raise ShapeError("config must be a JSON object (the layer's get_config())",
                         "keras_layer_config")
    code = find_code(params["config"])
    if code:
        raise ShapeError(f"{code}; Dendrite never runs code from a project",
                         "keras_layer_config")
    shape = params.get("output_shape")
    if not isinstance(shape, list) or not all(isinstance(d, int) or d is None
                                              for d in shape):
        raise ShapeError(f"the output shape of this {params.get('class_name') or 'Keras'} "
                         "layer is not known: import the model again", "keras_layer_shape")
    notices = ()
    seen = params.get("input_shapes")
    now = [list(s) for s in shapes]
    if seen is not None and seen != now:
        notices = (Notice(f"its inputs changed shape since import ({seen} then, {now} now): "
                          "the shape and parameters shown are those at import; Keras checks "
                          "the layer when the model is built", "keras_layer_inputs"),)
    return Inferred(tuple(shape), int(params.get("trainable_params") or 0),
                    int(params.get("non_trainable_params") or 0), notices)


def layer_kwargs(config: dict, name: str) -> dict:
    """The config as constructor keyword arguments: the layer's name is the node's, and a
    plain dtype policy becomes its name (Keras writes it back the same)."""
    kwargs = dict(config or {})
    kwargs["name"] = name
    dtype = kwargs.get("dtype")
    if (isinstance(dtype, dict) and dtype.get("class_name") == "DTypePolicy"
            and isinstance(dtype.get("config"), dict)):
        kwargs["dtype"] = dtype["config"].get("name", "float32")
    return kwargs


def _layer(params, name):
    return LayerCall(str(params.get("class_name") or ""), (),
                     layer_kwargs(params.get("config"), name))


KERAS_LAYER = NodeKind(
    type="KerasLayer",
    group=GROUP,
    help="A Keras layer kept as imported: its class and config (editable as JSON).",
    params=LAYER_PARAMS,
    infer=_infer,
    layer=_layer,
    min_inputs=1,
    max_inputs=None,
    default_name="keras_layer",
)

KERAS_OUTPUT = NodeKind(
    type="KerasOutput",
    group=GROUP,
    help="A model output that is a Keras layer kept as imported; it names the loss, its "
         "weight and the metrics.",
    params=LAYER_PARAMS + OUTPUT_PARAMS,
    infer=_infer,
    layer=_layer,
    min_inputs=1,
    max_inputs=None,
    has_output=False,
    default_name="keras_output",
)

"""Recurrent and sequence layers: Embedding, SimpleRNN, LSTM, GRU, LayerNormalization."""

from dataclasses import replace

from engine.catalogue import _rules
from engine.catalogue._keras_args import (
    BOOL,
    CHOICE,
    FLOAT,
    INT,
    JSON,
    WRAPPER,
    ParamSpec,
    initializer_param,
    keras_kind,
    regularizer_params,
)
from engine.catalogue.base import Inferred, LayerCall, NodeKind, ShapeError
from engine.params import ACTIVATIONS

GROUP = "Recurrent and sequence"


def _embedding_infer(p, shapes):
    (shape,) = shapes
    return Inferred(tuple(shape) + (p["output_dim"],), p["input_dim"] * p["output_dim"])


EMBEDDING = keras_kind(
    "Embedding", GROUP, "Turns whole numbers (word or category ids, from 0 to input_dim - 1) "
    "into learned vectors: (steps,) to (steps, output_dim).",
    (ParamSpec("input_dim", INT, 1000, "How many different ids there are (the vocabulary "
               "size).", minimum=1, maximum=100_000_000, key=True),
     ParamSpec("output_dim", INT, 32, "Length of each id's vector.", minimum=1,
               maximum=100_000, key=True),
     initializer_param("embeddings_initializer", "random_uniform", "How the vectors start."),
     ParamSpec("mask_zero", BOOL, False, "Treat id 0 as padding that later layers skip.")),
    _embedding_infer, positional=("input_dim", "output_dim"))


def _sequence(shape, what: str) -> int:
    if len(shape) != 2:
        hint = ""
        if len(shape) == 1:
            hint = ("; a vector is not a sequence: add Embedding (for ids) or Reshape to "
                    "(steps, features)")
        raise ShapeError(f"{what} takes sequences (None, steps, features), got "
                         f"{_rules.show_shape(shape)}{hint}", "input_rank")
    return shape[-1]


def _recurrent_infer(gates: int, what: str):
    def infer(p, shapes):
        (shape,) = shapes
        features = _sequence(shape, what)
        units = p["units"]
        biases = gates * units * (2 if p.get("reset_after") else 1)
        weights = gates * units * (features + units) + (biases if p["use_bias"] else 0)
        if p["bidirectional"]:  # a second layer reads the sequence backwards
            weights *= 2
            units *= 2 if p["merge_mode"] == "concat" else 1
        out = (shape[0], units) if p["return_sequences"] else (units,)
        states = tuple((p["units"],) for _ in _state_names(gates, p))
        return Inferred(out, weights, more_shapes=states)
    return infer


def _state_names(gates: int, values: dict) -> tuple[str, ...]:
    """The states a recurrent layer returns with return_state: an LSTM's h and c, the others'
    one state; with bidirectional, each direction's."""
    if not values.get("return_state"):
        return ()
    names = ("state_h", "state_c") if gates == 4 else ("state",)
    if values.get("bidirectional"):
        return tuple(f"{way}_{n}" for way in ("forward", "backward") for n in names)
    return names


def _outputs(gates: int):
    return lambda values: ("output", *_state_names(gates, values))


WRAPPER_PARAMS = (
    ParamSpec("bidirectional", BOOL, False, "Read the sequence both ways (Keras's "
              "Bidirectional wrapper) and join the two outputs.", key=True,
              extra={"role": WRAPPER}),
    ParamSpec("merge_mode", CHOICE, "concat", "How the two directions' outputs are joined "
              "(concat doubles the units).", choices=("concat", "sum", "mul", "ave"),
              extra={"role": WRAPPER}),
)


def _bidirectional(kind: NodeKind, gates: int) -> NodeKind:
    """The kind with its wrapper parameters: bidirectional wraps the layer in
    keras.layers.Bidirectional, whose inner layer takes the node's name (Keras names the two
    directions forward_<name> and backward_<name>)."""
    plain_layer = kind.layer

    def layer(values, name):
        call = plain_layer(values, name)
        if not values["bidirectional"]:
            return call
        kwargs = {k: v for k, v in call.kwargs.items()
                  if k == "name" or kind.keras_defaults.get(k, object()) != v}
        return LayerCall("Bidirectional", (LayerCall(call.class_name, call.args, kwargs),),
                         {"merge_mode": values["merge_mode"], "name": name})
    return replace(kind, layer=layer, output_ports=_outputs(gates))


def _recurrent_params(gated: bool) -> tuple[ParamSpec, ...]:
    specs = [
        ParamSpec("units", INT, 32, "Size of the state, and of the output at each step.",
                  minimum=1, maximum=100_000, key=True),
        ParamSpec("activation", CHOICE, "tanh", "Function applied to the new state.",
                  choices=ACTIVATIONS),
    ]
    if gated:
        specs.append(ParamSpec("recurrent_activation", CHOICE, "sigmoid", "Function of the "
                               "gates.", choices=ACTIVATIONS))
    specs += [
        ParamSpec("use_bias", BOOL, True, "Add learned biases."),
        ParamSpec("return_sequences", BOOL, False, "Output every step (None, steps, units), "
                  "to feed another recurrent layer; off: only the last step.", key=True),
        ParamSpec("return_state", BOOL, False, "Also give the last state as outputs of its "
                  "own (an LSTM's h and c), e.g. to start a decoder or feed a Dense."),
        ParamSpec("go_backwards", BOOL, False, "Read the sequence from its end."),
        ParamSpec("dropout", FLOAT, 0.0, "Fraction of the inputs dropped while training.",
                  minimum=0.0, maximum=1.0, max_exclusive=True),
        ParamSpec("recurrent_dropout", FLOAT, 0.0, "Fraction of the state dropped while "
                  "training.", minimum=0.0, maximum=1.0, max_exclusive=True),
        initializer_param("kernel_initializer", "glorot_uniform", "How the input weights "
                          "start."),
        initializer_param("recurrent_initializer", "orthogonal", "How the state weights "
                          "start."),
        initializer_param("bias_initializer", "zeros", "How the biases start."),
        *regularizer_params(),
        *WRAPPER_PARAMS,
    ]
    return tuple(specs)


SIMPLE_RNN = _bidirectional(keras_kind(
    "SimpleRNN", GROUP, "The plainest recurrent layer: its state is a Dense of the input and "
    "the previous state.", _recurrent_params(False), _recurrent_infer(1, "SimpleRNN"),
    positional=("units",), regularizers=("kernel",)), 1)

LSTM = _bidirectional(keras_kind(
    "LSTM", GROUP, "Long short-term memory: a recurrent layer with gates that keeps "
    "information over long sequences.",
    (*_recurrent_params(True),
     ParamSpec("unit_forget_bias", BOOL, True, "Start the forget gate's bias at 1.")),
    _recurrent_infer(4, "LSTM"), positional=("units",), regularizers=("kernel",)), 4)

GRU = _bidirectional(keras_kind(
    "GRU", GROUP, "Gated recurrent unit: a lighter LSTM with two gates.",
    (*_recurrent_params(True),
     ParamSpec("reset_after", BOOL, True, "Apply the reset gate after the matrix product "
               "(Keras's and cuDNN's default; two bias vectors).")),
    _recurrent_infer(3, "GRU"), positional=("units",), regularizers=("kernel",)), 3)


def _axes(value, rank: int) -> list[int]:
    values = value if isinstance(value, list | tuple) else [value]
    if not values or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        raise ShapeError(f"axis: expected a whole number or a list of them, got {value}",
                         "param")
    return [_rules.axis_index(v, rank) for v in values]


def _layernorm_infer(p, shapes):
    (shape,) = shapes
    size = 1
    for i in _axes(p["axis"], len(shape)):
        size *= shape[i]
    return Inferred(tuple(shape), size * (int(p["center"]) + int(p["scale"])))


LAYER_NORMALIZATION = keras_kind(
    "LayerNormalization", GROUP, "Normalises each sample over its features (not over the "
    "batch), then rescales and shifts: transformers and ConvNeXt use it.",
    (ParamSpec("axis", JSON, -1, "The axis (or list of axes) normalised over, counted with "
               "the batch axis as 0."),
     ParamSpec("epsilon", FLOAT, 0.001, "Small number added to the variance.", minimum=0.0,
               maximum=1.0),
     ParamSpec("center", BOOL, True, "Learn an offset (beta)."),
     ParamSpec("scale", BOOL, True, "Learn a scale (gamma).")),
    _layernorm_infer)

KINDS = (EMBEDDING, SIMPLE_RNN, LSTM, GRU, LAYER_NORMALIZATION)

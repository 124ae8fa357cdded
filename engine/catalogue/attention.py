"""MultiHeadAttention: three named inputs (query, value and an optional key) and, when asked,
the attention scores as a second output."""

from dataclasses import replace

from engine.catalogue import _rules
from engine.catalogue._keras_args import (
    BOOL,
    FLOAT,
    INT,
    ParamSpec,
    initializer_param,
    keras_kind,
)
from engine.catalogue.base import CALL_ROLE, Inferred, Notice, ShapeError

GROUP = "Recurrent and sequence"
PORTS = ("query", "value", "key")


def _attention_infer(p, shapes):
    query, value = tuple(shapes[0]), tuple(shapes[1])
    key = tuple(shapes[2]) if len(shapes) > 2 else value
    for name, shape in (("query", query), ("value", value), ("key", key)):
        if len(shape) < 2:
            raise ShapeError(f"the {name} must be a sequence (None, steps, features), got "
                             f"{_rules.show_shape(shape)}; add Embedding or Reshape before it",
                             "input_rank")
    if not len(query) == len(value) == len(key):
        raise ShapeError("query, value and key must have the same rank, got "
                         f"{_rules.show_shape(query)}, {_rules.show_shape(value)} and "
                         f"{_rules.show_shape(key)}", "input_rank")
    if key[:-1] != value[:-1]:
        raise ShapeError(f"key and value must have the same steps: key "
                         f"{_rules.show_shape(key)}, value {_rules.show_shape(value)}",
                         "merge_shapes")
    heads, key_dim = p["num_heads"], p["key_dim"]
    value_dim = p["value_dim"] or key_dim
    out = p["output_shape"] or query[-1]
    bias = int(p["use_bias"])
    weights = (query[-1] * heads * key_dim + bias * heads * key_dim
               + key[-1] * heads * key_dim + bias * heads * key_dim
               + value[-1] * heads * value_dim + bias * heads * value_dim
               + heads * value_dim * out + bias * out)
    more = ()
    if p["return_attention_scores"]:
        axes = _attention_axes(p["attention_axes"])
        if axes is not None and axes != list(range(1, len(query))):
            raise ShapeError("the attention scores are given for the default attention axes "
                             "only; clear attention_axes or return_attention_scores", "param")
        more = ((heads, *query[:-1], *value[:-1]),)
    notices = ()
    if more and query[:-1] != value[:-1]:
        notices = (Notice("Keras 3 declares the scores' shape as if the value had the "
                          f"query's steps ({_rules.show_shape(query[:-1])}); a layer after "
                          "the scores may be built for the wrong size", "attention_scores"),)
    return Inferred((*query[:-1], out), weights, notices=notices, more_shapes=more)


def _attention_axes(value):
    if value is None:
        return None
    values = value if isinstance(value, list | tuple) else [value]
    if not values or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 1
                             for v in values):
        raise ShapeError(f"attention_axes: expected axes counted from 1 (the batch axis is "
                         f"0), got {value}", "param")
    return list(values)


def _from_keras(config: dict) -> dict | None:
    """The parameters of a saved MultiHeadAttention, or None (stays a KerasLayer box) for
    settings the kind does not offer (a gate, a sliding window, a constraint...)."""
    if config.get("use_gate") or config.get("sliding_window") is not None:
        return None
    if any(config.get(f"{k}_{w}") is not None for k in ("kernel", "bias", "activity")
           for w in ("regularizer", "constraint") if f"{k}_{w}" != "activity_constraint"):
        return None
    out = config.get("output_shape")
    if isinstance(out, list | tuple):
        if len(out) != 1:
            return None
        out = out[0]
    axes = config.get("attention_axes")
    if isinstance(axes, list | tuple):
        if len(axes) != 1:
            return None
        axes = axes[0]
    return {"num_heads": config.get("num_heads"), "key_dim": config.get("key_dim"),
            "value_dim": (None if config.get("value_dim") == config.get("key_dim")
                          else config.get("value_dim")), "dropout": float(config.get("dropout", 0.0)),
            "use_bias": config.get("use_bias", True), "output_shape": out,
            "attention_axes": axes,
            "kernel_initializer": _initializer(config.get("kernel_initializer")),
            "bias_initializer": _initializer(config.get("bias_initializer"))}


def _initializer(value):
    from engine.catalogue._keras_args import initializer_from_keras
    return initializer_from_keras(value) if value is not None else "glorot_uniform"


_PARAMS = (
    ParamSpec("num_heads", INT, 2, "How many attention heads look at the sequence in "
              "parallel.", minimum=1, maximum=1024, key=True),
    ParamSpec("key_dim", INT, 16, "Size of each head's query and key vectors.", minimum=1,
              maximum=100_000, key=True),
    ParamSpec("value_dim", INT, None, "Size of each head's value vectors (empty: key_dim).",
              minimum=1, maximum=100_000, nullable=True),
    ParamSpec("dropout", FLOAT, 0.0, "Fraction of the attention weights dropped while "
              "training.", minimum=0.0, maximum=1.0, max_exclusive=True),
    ParamSpec("use_bias", BOOL, True, "Add learned biases to the projections."),
    ParamSpec("output_shape", INT, None, "Features of the output at each step (empty: those "
              "of the query).", minimum=1, maximum=100_000, nullable=True),
    ParamSpec("attention_axes", INT, None, "The axis attention runs over, counted with the "
              "batch axis as 0 (empty: every axis but the batch and the features).",
              minimum=1, maximum=16, nullable=True),
    initializer_param("kernel_initializer", "glorot_uniform", "How the projections' weights "
                      "start."),
    initializer_param("bias_initializer", "zeros", "How the biases start."),
    ParamSpec("use_causal_mask", BOOL, False, "Let each query step attend only to the "
              "steps up to it (a decoder that must not see the future).",
              extra={"role": CALL_ROLE}),
    ParamSpec("return_attention_scores", BOOL, False, "Also give the attention weights "
              "(heads, query steps, value steps) as a second output, to look at what each "
              "step attends to.", extra={"role": CALL_ROLE}),
)


def _checked(p, shapes):
    axes = _attention_axes(p["attention_axes"])
    if axes is not None and max(axes) > len(shapes[0]) - 1:
        raise ShapeError(f"attention_axes: the query {_rules.show_shape(tuple(shapes[0]))} "
                         f"has no axis {max(axes)} to attend over", "param")
    return _attention_infer(p, shapes)


MULTI_HEAD_ATTENTION = replace(
    keras_kind("MultiHeadAttention", GROUP, "Attention as in transformers: each query step "
               "takes a learned mix of the value steps, weighted by how well its query "
               "matches their keys (key: the value when left unconnected). Query and value "
               "from one tensor: self-attention.", _PARAMS, _checked,
               positional=("num_heads", "key_dim"), min_inputs=2, max_inputs=3,
               from_keras=_from_keras),
    input_ports=PORTS,
    output_ports=lambda v: ("output", "scores") if v.get("return_attention_scores")
    else ("output",),
)

KINDS = (MULTI_HEAD_ATTENTION,)

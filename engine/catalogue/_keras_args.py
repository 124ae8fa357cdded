"""Kinds whose parameters are the Keras layer's own constructor arguments, by the same names.

`keras_kind` writes the three things such a kind needs from its parameter list alone: the
`LayerCall` (positional arguments first, the rest as keywords), the Keras defaults left out
of generated code, and `from_keras`, which reads an imported layer's config back into
parameters. Initializers are a name ("glorot_uniform") or, as imported, a Keras initializer
config with its settings; kernel regularizers are two numbers (`kernel_l1`, `kernel_l2`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from engine.catalogue import _rules
from engine.catalogue.base import CALL_ROLE, LayerCall, NodeKind, ShapeError
from engine.params import BOOL, CHOICE, FLOAT, INITIALIZERS, INT, JSON, SHAPE, ParamSpec

# Keras initializer classes a project file may name (data only: built by keras.initializers)
INITIALIZER_CLASSES = (
    "Constant", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "Identity",
    "LecunNormal", "LecunUniform", "Ones", "Orthogonal", "RandomNormal", "RandomUniform",
    "TruncatedNormal", "VarianceScaling", "Zeros")
INITIALIZER = "initializer"  # ParamSpec.extra["role"] of an initializer parameter
WRAPPER = "wrapper"  # ParamSpec.extra["role"] of a parameter the kind's own layer() reads
PADDINGS = ("valid", "same")
INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "lanczos3", "lanczos5", "area")
FILL_MODES = ("reflect", "wrap", "constant", "nearest")


def initializer_param(name: str, default: str, help_text: str) -> ParamSpec:
    return ParamSpec(name, JSON, default, help_text + " A name (" + ", ".join(INITIALIZERS[:4])
                     + "...) or a Keras initializer config.", extra={"role": INITIALIZER})


def regularizer_params(prefix: str = "kernel") -> tuple[ParamSpec, ParamSpec]:
    return (ParamSpec(f"{prefix}_l1", FLOAT, 0.0, f"L1 penalty on the {prefix} weights "
                      "(0: none).", minimum=0.0, maximum=1e3),
            ParamSpec(f"{prefix}_l2", FLOAT, 0.0, f"L2 penalty on the {prefix} weights "
                      "(0: none).", minimum=0.0, maximum=1e3))


def padding_param(choices: tuple[str, ...] = PADDINGS) -> ParamSpec:
    return ParamSpec("padding", CHOICE, "valid", "'valid': no padding, the output shrinks; "
                     "'same': zeros around the input so that stride 1 keeps its size.",
                     choices=choices, key=True)


def sizes_param(name: str, dims: int, default: int, help_text: str, key=False,
                nullable=False) -> ParamSpec:
    value = None if nullable else [default] * dims
    return ParamSpec(name, SHAPE, value, help_text, nullable=nullable, key=key)


def check_initializer(name: str, value) -> None:
    """Refuses an initializer that is neither a known name nor a plain Keras config."""
    if isinstance(value, str) and value in INITIALIZERS:
        return
    if isinstance(value, dict) and set(value) <= {"class_name", "config"} \
            and value.get("class_name") in INITIALIZER_CLASSES \
            and isinstance(value.get("config", {}), dict) \
            and all(isinstance(v, int | float | str | bool) or v is None
                    for v in value.get("config", {}).values()):
        return
    raise ShapeError(f"{name}: expected one of {', '.join(INITIALIZERS)}, or "
                     '{"class_name": <a Keras initializer>, "config": {...}}, got '
                     f"{str(value)[:60]}", "param")


# the arguments Keras gives an initializer named by a string (None-valued ones left out)
_NAMED_ARGUMENTS = {"RandomUniform": {"minval": -0.05, "maxval": 0.05},
                    "RandomNormal": {"mean": 0.0, "stddev": 0.05},
                    "TruncatedNormal": {"mean": 0.0, "stddev": 0.05},
                    "Orthogonal": {"gain": 1.0}}


def initializer_from_keras(value):
    """A name when the initializer is what that name builds, else its class and settings."""
    if not isinstance(value, dict):
        return value
    class_name = value.get("class_name")
    settings = {k: _plain(v) for k, v in (value.get("config") or {}).items() if v is not None}
    if settings == _NAMED_ARGUMENTS.get(class_name, {}):
        name = _rules.initializer_name({"class_name": class_name, "config": {}})
        if name in INITIALIZERS:
            return name
    return {"class_name": class_name, "config": settings}


def regularizer(l1: float, l2: float):
    if not l1 and not l2:
        return None
    if l1 and l2:
        return {"class_name": "L1L2", "config": {"l1": l1, "l2": l2}}
    return {"class_name": "L1", "config": {"l1": l1}} if l1 else \
        {"class_name": "L2", "config": {"l2": l2}}


def regularizer_from_keras(value) -> tuple[float, float] | None:
    if value is None:
        return 0.0, 0.0
    if not isinstance(value, dict) or value.get("class_name") not in ("L1", "L2", "L1L2"):
        return None
    config = value.get("config") or {}
    return float(config.get("l1", 0.0)), float(config.get("l2", 0.0))


def _plain(value):
    """Config values as JSON data: tuples become lists, recursively."""
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def keras_kind(type: str, group: str, help: str, params: Sequence[ParamSpec],
               infer: Callable, *, positional: tuple[str, ...] = (),
               regularizers: tuple[str, ...] = (), class_name: str = "",
               min_inputs: int = 1, max_inputs: int | None = 1,
               default_name: str = "", from_keras: Callable | None = None) -> NodeKind:
    """A kind whose parameters (but the regularizer pairs) are Keras arguments of one name."""
    params = tuple(params)
    penalties = {f"{p}_{n}" for p in regularizers for n in ("l1", "l2")}
    direct = [s for s in params
              if s.name not in penalties and s.extra.get("role") not in (WRAPPER, CALL_ROLE)]
    initializers = [s for s in direct if s.extra.get("role") == INITIALIZER]
    keras_class = class_name or type

    def checked_infer(values, shapes):
        for spec in initializers:
            check_initializer(spec.name, values[spec.name])
        return infer(values, shapes)

    def layer(values, name):
        args = tuple(values[p] for p in positional)
        kwargs = {s.name: values[s.name] for s in direct if s.name not in positional}
        for prefix in regularizers:
            kwargs[f"{prefix}_regularizer"] = regularizer(values[f"{prefix}_l1"],
                                                           values[f"{prefix}_l2"])
        kwargs["name"] = name
        return LayerCall(keras_class, args, kwargs)

    def same_names(config):
        out = {}
        for spec in direct:
            if spec.name not in config:
                continue
            value = config[spec.name]
            if spec in initializers:
                value = initializer_from_keras(value)
                try:
                    check_initializer(spec.name, value)
                except ShapeError:  # an initializer a project file cannot name
                    return None
            elif spec.type == FLOAT and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            out[spec.name] = _plain(value)
        for prefix in regularizers:
            pair = regularizer_from_keras(config.get(f"{prefix}_regularizer"))
            if pair is None:
                return None
            out[f"{prefix}_l1"], out[f"{prefix}_l2"] = pair
        return out

    defaults = {s.name: s.normalise(s.default) for s in direct if s.name not in positional}
    defaults.update({f"{p}_regularizer": None for p in regularizers})
    return NodeKind(type=type, group=group, help=help, params=params, infer=checked_infer,
                    layer=layer, min_inputs=min_inputs, max_inputs=max_inputs,
                    keras_defaults=defaults, keras_classes=(keras_class,),
                    from_keras=from_keras or same_names, default_name=default_name)


__all__ = ["BOOL", "CHOICE", "WRAPPER", "FILL_MODES", "FLOAT", "INT", "INTERPOLATIONS", "JSON",
           "PADDINGS", "SHAPE", "ParamSpec", "regularizer", "regularizer_from_keras", "check_initializer", "initializer_from_keras",
           "initializer_param",
           "keras_kind", "padding_param", "regularizer_params", "sizes_param"]

"""Parameter declarations of node kinds: type, default, range or choices, help text.

`ParamSpec.check(value)` returns None for a good value, or what was expected in plain words,
so the loader, validation and the inspector all speak the same sentences.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

INT = "int"
FLOAT = "float"
BOOL = "bool"
CHOICE = "choice"
SHAPE = "shape"
STR_LIST = "str_list"
JSON = "json"
FREE_AXES = "free_axes"  # ParamSpec.extra key: a SHAPE whose entries may be null (any length)


def show_value(value: Any) -> str:
    """A value as the user wrote it in the file, cut short when long."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    except RecursionError:
        text = "a list or object nested too deeply" if isinstance(value, list | dict) \
            else "a value nested too deeply"
    return text if len(text) <= 60 else text[:57] + "..."


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


@dataclass(frozen=True)
class ParamSpec:
    name: str
    type: str
    default: Any
    help: str
    minimum: float | None = None
    maximum: float | None = None
    max_exclusive: bool = False
    choices: tuple = ()
    nullable: bool = False
    key: bool = False  # shown on the node's label on the canvas
    label: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def title(self) -> str:
        return self.label or self.name.replace("_", " ")

    def expected(self) -> str:
        if self.type == INT:
            text = "an integer" + self._range_text()
        elif self.type == FLOAT:
            text = "a number" + self._range_text()
        elif self.type == BOOL:
            text = "true or false"
        elif self.type == CHOICE:
            text = "one of " + ", ".join(json.dumps(c) for c in self.choices)
        elif self.type == SHAPE:
            text = "a list of positive integers, such as [28, 28]"
            if self.extra.get(FREE_AXES):
                text += " (null for an axis of any length)"
        elif self.type == STR_LIST:
            text = "a list of names"
            if self.choices:
                text += " from " + ", ".join(json.dumps(c) for c in self.choices)
        else:
            text = "a JSON value"
        if self.nullable:
            text += ", or null"
        return text

    def _range_text(self) -> str:
        lo, hi = self.minimum, self.maximum
        fmt = (lambda v: str(int(v))) if self.type == INT else (lambda v: f"{v:g}")
        if lo is not None and hi is not None:
            top = "below" if self.max_exclusive else "up to"
            return f" from {fmt(lo)} {top} {fmt(hi)}"
        if lo is not None:
            return f" >= {fmt(lo)}"
        if hi is not None:
            return f" {'<' if self.max_exclusive else '<='} {fmt(hi)}"
        return ""

    def check(self, value: Any) -> str | None:
        """None when `value` is acceptable, else 'expected ..., got ...'."""
        if value is None:
            return None if self.nullable else self._bad(value)
        ok = True
        if self.type == INT:
            ok = _is_int(value) and self._in_range(value)
        elif self.type == FLOAT:
            ok = _is_number(value) and self._in_range(value)
        elif self.type == BOOL:
            ok = isinstance(value, bool)
        elif self.type == CHOICE:
            ok = isinstance(value, str) and value in self.choices
        elif self.type == SHAPE:
            free = self.extra.get(FREE_AXES, False)  # an Input's axis of any length: null
            ok = (isinstance(value, list | tuple) and 0 < len(value) <= 8
                  and all((_is_int(v) and 0 < v <= 10**9) or (free and v is None)
                          for v in value))
        elif self.type == STR_LIST:
            ok = isinstance(value, list | tuple) and all(
                isinstance(v, str) and (not self.choices or v in self.choices) for v in value)
        return None if ok else self._bad(value)

    def _in_range(self, value: float) -> bool:
        if self.minimum is not None and value < self.minimum:
            return False
        if self.maximum is not None:
            if self.max_exclusive and value >= self.maximum:
                return False
            if not self.max_exclusive and value > self.maximum:
                return False
        return True

    def _bad(self, value: Any) -> str:
        return f"expected {self.expected()}, got {show_value(value)}"

    def normalise(self, value: Any) -> Any:
        """The value in the form Keras takes (lists of a shape become tuples)."""
        # a value of the wrong type (read from a damaged file) is left as it is: validation
        # reports it, and nothing that only displays it may fail on it
        if self.type == SHAPE and isinstance(value, list | tuple) and all(
                _is_int(v) or (v is None and self.extra.get(FREE_AXES)) for v in value):
            return tuple(value)
        if self.type == FLOAT and _is_number(value):
            return float(value)
        return value


ACTIVATIONS = ("linear", "relu", "sigmoid", "tanh", "softmax", "softplus", "elu", "selu",
               "gelu", "swish", "leaky_relu", "softsign", "exponential", "hard_sigmoid",
               "silu", "hard_silu")
INITIALIZERS = ("glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform",
                "lecun_normal", "random_uniform", "random_normal", "truncated_normal", "zeros",
                "ones", "orthogonal")
LOSSES = ("mse", "mae", "huber", "binary_crossentropy", "categorical_crossentropy",
          "sparse_categorical_crossentropy")
METRICS = ("accuracy", "binary_accuracy", "categorical_accuracy",
           "sparse_categorical_accuracy", "mse", "mae", "rmse", "mape", "auc", "precision",
           "recall")
DTYPES = ("float32", "float64", "float16", "int32", "int64")


def activation_param(default: str = "linear", key: bool = True) -> ParamSpec:
    return ParamSpec("activation", CHOICE, default,
                     "Function applied to the layer's output (linear means none).",
                     choices=ACTIVATIONS, key=key)

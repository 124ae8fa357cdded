"""What a node kind declares. Every kind is one `NodeKind` value in this package.

A kind says which ports it has, its parameters, how its output shape and parameter count
follow from its inputs (without TensorFlow), and which Keras layer it is: one
`LayerCall` (class name, positional and keyword arguments) from which the compiler builds
the layer and the code generator writes it, so the two can never disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.params import ParamSpec

Shape = tuple[int, ...]
# ParamSpec.extra["role"] of a parameter that is an argument of the layer's call, not of its
# constructor (MultiHeadAttention's return_attention_scores)
CALL_ROLE = "call"

# the palette's groups, in its order; each kind names its group
GROUPS = ("Inputs", "Layers", "Convolution", "Pooling", "Reshaping", "Recurrent and sequence",
          "Activation layers", "Merging", "Preprocessing", "Regularisation", "Outputs")


class ShapeError(Exception):
    """The node cannot take the shapes it is given; the message says why, in plain words."""

    def __init__(self, message: str, code: str = "shape"):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Notice:
    """A warning from a shape rule, with a code the editor can attach a fix to."""

    message: str
    code: str


@dataclass(frozen=True)
class Inferred:
    shape: Shape  # of output port 0
    trainable: int = 0
    non_trainable: int = 0
    notices: tuple[Notice, ...] = ()
    more_shapes: tuple[Shape, ...] = ()  # of output ports 1, 2... (an LSTM's states)

    @property
    def params(self) -> int:
        return self.trainable + self.non_trainable

    def port_shape(self, port: int) -> Shape | None:
        if port == 0:
            return self.shape
        return self.more_shapes[port - 1] if 0 < port <= len(self.more_shapes) else None


@dataclass(frozen=True)
class LayerCall:
    """A Keras layer as `keras.layers.<class_name>(*args, **kwargs)`;
    class_name "Input" means the `keras.Input(...)` function."""

    class_name: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)


@dataclass(frozen=True)
class NodeKind:
    type: str
    group: str
    help: str
    params: tuple[ParamSpec, ...]
    infer: Callable[[dict, Sequence[Shape]], Inferred]
    layer: Callable[[dict, str], LayerCall]
    min_inputs: int = 1
    max_inputs: int | None = 1  # None: as many as the user wires (merging layers)
    has_output: bool = True
    # keyword arguments equal to these are left out of generated code, for readability
    keras_defaults: dict = field(default_factory=dict)
    # Keras class names read back into this kind on import, and how their config maps
    keras_classes: tuple[str, ...] = ()
    from_keras: Callable[[dict], dict] | None = None
    default_name: str = ""
    # what a node the user places starts with, beyond the defaults a file may leave out (the
    # seed's usual choices): written into the new node, so its file states them
    starting_params: dict = field(default_factory=dict)
    # names of the input slots, shown on the card ("query", "value", "key"); a kind with
    # named slots is called with its inputs as positional arguments, slot order
    input_ports: tuple[str, ...] = ()
    # names of the outputs for given (resolved) parameters; None: one unnamed output
    output_ports: Callable[[dict], tuple[str, ...]] | None = None

    def port_names(self, params: dict) -> tuple[str, ...]:
        """The outputs of a node with these (file) parameters; one when they are bad."""
        if not self.has_output:
            return ()
        if self.output_ports is None:
            return ("output",)
        try:
            return self.output_ports(self.resolved(params))
        except (TypeError, ValueError, KeyError, ShapeError):  # validation reports it
            return ("output",)

    def call_params(self) -> tuple[ParamSpec, ...]:
        return tuple(p for p in self.params if p.extra.get("role") == CALL_ROLE)

    def port_count(self, params: dict) -> int:
        return len(self.port_names(params))

    def call_arguments(self, inputs: list, values: dict | None = None) -> tuple[list, dict]:
        """How the layer is called on its inputs (tensors, or their names in generated
        code), in slot order: one input alone, a merging kind's list, named slots as
        positional arguments; `values` (resolved parameters) give call keywords."""
        kwargs = {spec.name: values[spec.name] for spec in self.call_params()
                  if values and values[spec.name] != spec.default}
        if self.input_ports:
            return list(inputs), kwargs
        if self.takes_list(len(inputs)):
            return [list(inputs)], kwargs
        return [inputs[0]], kwargs

    def takes_list(self, n_inputs: int) -> bool:
        """Whether the layer is called on a list: a merging kind's inputs, or an imported
        layer wired to several."""
        return not self.input_ports and (n_inputs > 1 or (self.variadic and self.min_inputs > 1))

    @property
    def is_input(self) -> bool:
        return self.min_inputs == 0 and self.max_inputs == 0

    @property
    def is_output(self) -> bool:
        return not self.has_output

    @property
    def variadic(self) -> bool:
        return self.max_inputs is None

    @property
    def base_name(self) -> str:
        """Stem of the names given to new nodes of this kind (Keras style: dense, dense_1)."""
        if self.default_name:
            return self.default_name
        # Keras's own rule: Conv2DTranspose -> conv2d_transpose, ReLU -> re_lu
        name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", self.type)
        return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()

    def param(self, name: str) -> ParamSpec | None:
        for spec in self.params:
            if spec.name == name:
                return spec
        return None

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def resolved(self, params: dict) -> dict[str, Any]:
        """The node's parameters with defaults filled in and values in Keras's form."""
        out = {}
        for spec in self.params:
            value = params.get(spec.name, spec.default)
            if isinstance(value, dict) and "search" in value:  # a search: what it trains
                from engine.search.space import trained_value
                value = trained_value(spec, value)
            out[spec.name] = spec.normalise(value)
        return out

    def label(self, params: dict) -> str:
        """The key parameters as the canvas shows them: "300 · relu"."""
        values = self.resolved(params)
        parts = []
        for spec in self.params:
            if not spec.key:
                continue
            value = values[spec.name]
            raw = params.get(spec.name)
            if isinstance(raw, dict) and "search" in raw:  # a search shows its range or list
                from engine.search.space import show_search
                parts.append(show_search(raw))
                continue
            if value is None or value is False:
                continue
            if value is True:  # a switch that is on shows its name: "return_sequences"
                parts.append(spec.name)
            elif spec.type == "shape" and isinstance(value, tuple):
                parts.append("x".join(str(v) for v in value))
            elif isinstance(value, list | tuple):
                parts.append(", ".join(str(v) for v in value))
            else:
                parts.append(str(value))
        repeat = params.get("repeat")
        if isinstance(repeat, dict) and "search" in repeat:  # searched: "x1-5" layers
            from engine.search.space import show_search
            parts.append("x" + show_search(repeat))
        return " · ".join(p for p in parts if p)

    def accepts_inputs(self, count: int) -> bool:
        return count >= self.min_inputs and (self.max_inputs is None or count <= self.max_inputs)

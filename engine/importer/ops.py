"""Keras ops applied to tensors inside a functional model (`a + b`, `x * 0.5`, MobileNetV3's
`x + 3.0`, `keras.ops.relu(x)`) read as nodes that compute the very same numbers:

- an op between two tensors of one shape becomes the merging kind of that op (`Add`,
  `Subtract`, `Multiply`, `Maximum`, `Minimum`);
- an op between a float tensor and a number becomes a `Rescaling` node (x * scale + offset):
  `x + c` is scale 1, offset c; `x - c` offset -c; `c - x` scale -1, offset c; `x * c`
  scale c; `x / c` scale 1/c when c is a power of two (then the product is exact);
- an activation op (`relu`, `sigmoid`, ...) becomes an `Activation` node (`relu6` a `ReLU`
  capped at 6).

Each of these is exact in IEEE arithmetic (x * 1 and x + 0 change no value), so an exported
model predicts bit for bit as the original. Any other op is refused with its name and why."""

from __future__ import annotations

import math

from engine.importer.config_graph import TENSOR, LayerRecord
from engine.importer.safety import ImportRefused

BINARY = {"Add": "Add", "Subtract": "Subtract", "Multiply": "Multiply",
          "Maximum": "Maximum", "Minimum": "Minimum"}
ACTIVATIONS = {"Relu": "relu", "Sigmoid": "sigmoid", "Tanh": "tanh", "Softplus": "softplus",
               "Softsign": "softsign", "Silu": "silu", "Swish": "silu", "Selu": "selu",
               "HardSigmoid": "hard_sigmoid", "HardSilu": "hard_silu", "Exp": "exponential"}
DIVIDE = ("Divide", "TrueDivide")
# op classes some of whose calls have a node (op_node says which)
KNOWN_OPS = frozenset({*BINARY, *ACTIVATIONS, *DIVIDE, "Relu6", "Elu"})
OP_MODULES = ("keras.src.ops.", "keras.ops")


def is_op_item(item: dict) -> bool:
    """Whether a layer entry of a model config is a Keras op (`a + b`, `keras.ops.relu`)."""
    module = item.get("module")
    return isinstance(module, str) and module.startswith(OP_MODULES)


def unknown_op(name, class_name, module) -> str:
    return (f"layer {name!r} is the Keras op {class_name} ({module}): Dendrite has no node "
            "that computes it exactly; build the model with a Keras layer in its place and "
            "save it again")


def op_node(r: LayerRecord, shapes: list, dtypes: list) -> tuple[str, dict]:
    """(kind type, params) of the node computing this op, or ImportRefused saying why not.
    `shapes` and `dtypes` are those of its tensor arguments, in order."""
    op = r.class_name
    where = f"layer {r.name!r} is the Keras op {op} ({r.module})"
    tensors = [a for a in r.args if a[0] == TENSOR]
    constants = [a[1] for a in r.args if a[0] != TENSOR]
    if r.called_with_list or len(tensors) != len(r.sources) or any(
            v is not None for v in r.kwargs.values()):
        raise ImportRefused(f"{where}, called with arguments Dendrite has no node for")
    if any(d not in ("float32", None) for d in dtypes):
        raise ImportRefused(f"{where} on {', '.join(map(str, dtypes))} values: only ops on "
                            "float32 tensors can be imported")
    if len(tensors) == 2 and not constants and op in BINARY:
        if list(shapes[0]) != list(shapes[1]):
            raise ImportRefused(f"{where} between shapes {_show(shapes[0])} and "
                                f"{_show(shapes[1])}: only ops between tensors of one shape "
                                "can be imported (as a merging node)")
        return BINARY[op], {}
    if len(tensors) == 1 and not constants:
        if op in ACTIVATIONS:
            return "Activation", {"activation": ACTIVATIONS[op]}
        if op == "Relu6":
            return "ReLU", {"max_value": 6.0}
        if op == "Elu" and r.kwargs.get("alpha", 1.0) == 1.0:
            return "Activation", {"activation": "elu"}
    if len(tensors) == 1 and len(constants) == 1:
        constant = constants[0]
        tensor_first = r.args[0][0] == TENSOR
        if not isinstance(constant, int | float) or isinstance(constant, bool) or not (
                math.isfinite(constant)):
            raise ImportRefused(f"{where} with the constant {constant!r}: only a single "
                                "finite number can be imported")
        scale_offset = _rescaling(op, float(constant), tensor_first)
        if scale_offset is None:
            raise ImportRefused(f"{where} with the constant {constant!r}: "
                                + _why_not(op, tensor_first))
        scale, offset = scale_offset
        return "Rescaling", {"scale": scale, "offset": offset}
    raise ImportRefused(unknown_op(r.name, op, r.module))


def _rescaling(op: str, c: float, tensor_first: bool) -> tuple[float, float] | None:
    if op == "Add":
        return 1.0, c
    if op == "Subtract":
        return (1.0, -c) if tensor_first else (-1.0, c)
    if op == "Multiply":
        return c, 0.0
    if op in DIVIDE and tensor_first and c != 0.0 and math.frexp(abs(c))[0] == 0.5:
        return 1.0 / c, 0.0
    return None


def _why_not(op: str, tensor_first: bool) -> str:
    if op in DIVIDE and tensor_first:
        return ("dividing by a number other than a power of two cannot be rebuilt exactly "
                "(x / c differs from x * (1 / c) in the last bit); write x * (1 / c) and "
                "save again")
    if op in DIVIDE:
        return "a number divided by a tensor has no Dendrite node"
    return "this op with a number has no Dendrite node"


def _show(shape) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"

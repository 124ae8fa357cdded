"""Layers that merge several inputs."""

from engine.catalogue import _rules
from engine.catalogue.base import Inferred, LayerCall, NodeKind, ShapeError
from engine.params import BOOL, INT, JSON, ParamSpec

CONCATENATE = NodeKind(
    type="Concatenate",
    group="Merging",
    help="Joins its inputs side by side along an axis; slot 0 comes first.",
    params=(ParamSpec("axis", INT, -1, "Axis to join along (-1 is the last; 0 would be the "
                      "batch axis).", minimum=-8, maximum=8),),
    infer=lambda p, s: _rules.concatenate(p["axis"], s),
    layer=lambda p, name: LayerCall("Concatenate", (), {"axis": p["axis"], "name": name}),
    min_inputs=2,
    max_inputs=None,
    keras_defaults={"axis": -1},
    keras_classes=("Concatenate",),
    from_keras=lambda c: {"axis": c.get("axis", -1)},
)

ADD = NodeKind(
    type="Add",
    group="Merging",
    help="Adds its inputs value by value; they must have one shape (residual connections).",
    params=(),
    infer=lambda p, s: _rules.elementwise(s, "Add"),
    layer=lambda p, name: LayerCall("Add", (), {"name": name}),
    min_inputs=2,
    max_inputs=None,
    keras_classes=("Add",),
    from_keras=lambda c: {},
)


def _elementwise(type_name: str, help_text: str, min_inputs: int = 2,
                 max_inputs: int | None = None) -> NodeKind:
    return NodeKind(
        type=type_name,
        group="Merging",
        help=help_text,
        params=(),
        infer=lambda p, s: _rules.broadcast(s, type_name),
        layer=lambda p, name: LayerCall(type_name, (), {"name": name}),
        min_inputs=min_inputs,
        max_inputs=max_inputs,
        keras_classes=(type_name,),
        from_keras=lambda c: {},
    )


MULTIPLY = _elementwise("Multiply", "Multiplies its inputs value by value (gates, attention "
                        "weights; a size of 1 stretches, as in squeeze-and-excitation).")
SUBTRACT = _elementwise("Subtract", "Slot 0 minus slot 1, value by value.", 2, 2)
AVERAGE = _elementwise("Average", "The mean of its inputs, value by value.")
MAXIMUM = _elementwise("Maximum", "The largest of its inputs, value by value.")
MINIMUM = _elementwise("Minimum", "The smallest of its inputs, value by value.")


def _dot_infer(params, shapes):
    first, second = (tuple(s) for s in shapes)
    axes = params["axes"]
    axes = list(axes) if isinstance(axes, list | tuple) else [axes, axes]
    if len(axes) != 2 or not all(isinstance(a, int) and not isinstance(a, bool)
                                 for a in axes):
        raise ShapeError(f"axes: expected a whole number or two of them, got {params['axes']}",
                         "param")
    a = _rules.axis_index(axes[0], len(first))
    b = _rules.axis_index(axes[1], len(second))
    if first[a] != second[b]:
        raise ShapeError(f"Dot multiplies along axes of one size: {_rules.show_shape(first)} "
                         f"axis {axes[0]} has {first[a]}, {_rules.show_shape(second)} axis "
                         f"{axes[1]} has {second[b]}", "merge_shapes")
    out = first[:a] + first[a + 1:] + second[:b] + second[b + 1:]
    return Inferred(out or (1,))


DOT = NodeKind(
    type="Dot",
    group="Merging",
    help="Dot product of two inputs along an axis (per sample): similarity scores.",
    params=(ParamSpec("axes", JSON, 1, "The axis multiplied along (counted with the batch "
                      "axis as 0), or [axis of slot 0, axis of slot 1].", key=True),
            ParamSpec("normalize", BOOL, False, "Normalise both first: the cosine "
                      "similarity.")),
    infer=_dot_infer,
    layer=lambda p, name: LayerCall("Dot", (p["axes"],), {"normalize": p["normalize"],
                                                         "name": name}),
    min_inputs=2,
    max_inputs=2,
    keras_defaults={"normalize": False},
    keras_classes=("Dot",),
    from_keras=lambda c: {"axes": list(c["axes"]) if isinstance(c.get("axes"), list | tuple)
                          else c.get("axes", 1), "normalize": c.get("normalize", False)},
)

KINDS = (CONCATENATE, ADD, MULTIPLY, SUBTRACT, AVERAGE, MAXIMUM, MINIMUM, DOT)

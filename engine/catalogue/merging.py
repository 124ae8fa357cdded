"""Layers that merge several inputs."""

from engine.catalogue import _rules
from engine.catalogue.base import LayerCall, NodeKind
from engine.params import INT, ParamSpec

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

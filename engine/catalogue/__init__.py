"""The node catalogue: every kind of node the editor offers, in one registry.

Adding a kind means one `NodeKind` value in a module of this package, listed in `KINDS`,
plus its tests; palette, inspector, validation, compiler, code generation and the file
format read everything from here.
"""

from engine.catalogue import (
    activations,
    attention,
    convolution,
    merging,
    pooling,
    preprocessing,
    recurrent,
    regularisation,
    reshaping,
)
from engine.catalogue._rules import show_shape
from engine.catalogue.base import (
    GROUPS,
    Inferred,
    LayerCall,
    NodeKind,
    Notice,
    Shape,
    ShapeError,
)
from engine.catalogue.inputs import INPUT
from engine.catalogue.keras_layer import KERAS_LAYER, KERAS_OUTPUT
from engine.catalogue.layers import ACTIVATION, BATCH_NORMALIZATION, DENSE, DROPOUT, FLATTEN
from engine.catalogue.outputs import OUTPUT

KINDS: dict[str, NodeKind] = {k.type: k for k in (
    INPUT, DENSE, FLATTEN, DROPOUT, BATCH_NORMALIZATION, ACTIVATION, *convolution.KINDS,
    *pooling.KINDS, *reshaping.KINDS, *recurrent.KINDS, *attention.KINDS, *activations.KINDS, *merging.KINDS,
    *preprocessing.KINDS, *regularisation.KINDS, OUTPUT, KERAS_LAYER, KERAS_OUTPUT)}


def get_kind(type_name: str) -> NodeKind | None:
    return KINDS.get(type_name)


def kinds_by_group() -> dict[str, list[NodeKind]]:
    groups: dict[str, list[NodeKind]] = {g: [] for g in GROUPS}
    for kind in KINDS.values():
        groups.setdefault(kind.group, []).append(kind)
    return groups


__all__ = ["GROUPS", "KINDS", "Inferred", "LayerCall", "NodeKind", "Notice", "Shape",
           "ShapeError", "get_kind", "kinds_by_group", "show_shape"]

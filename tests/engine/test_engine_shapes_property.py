"""Property: for random valid graphs drawn from the whole catalogue, the engine's output shape
and parameter counts of every layer equal those of the compiled Keras model."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.catalogue import KINDS
from engine.compiler import build_and_compile
from engine.graph import Graph
from engine.keras_setup import keras as _keras
from engine.params import ACTIVATIONS
from engine.validation import analyse
from tests.engine.helpers import engine_figures, keras_figures

# Building a Keras model takes about 0.1-0.3 s here, so this test draws fewer examples than the
# ci profile's 200: 40 (about 10 s); the thorough profile draws 400.
EXAMPLES = 40 if settings.default.max_examples <= 200 else 400
CATALOGUE = ("Input", "Dense", "Flatten", "Dropout", "BatchNormalization", "Activation",
             "Concatenate", "Add", "Output")
LOSSES = ("mse", "mae", "huber")
dims = st.integers(1, 5)


def valid_axes(rank: int) -> list[int]:
    """Keras axes (batch counted) of the feature axes of a tensor of `rank` feature axes."""
    return [*range(1, rank + 1), *range(-rank, 0)]


@st.composite
def valid_graphs(draw) -> Graph:
    graph = Graph()
    shapes: dict[str, tuple[int, ...]] = {}  # every node that has an output, with its shape
    for _ in range(draw(st.integers(1, 3))):
        shape = tuple(draw(st.lists(dims, min_size=1, max_size=3)))
        node = graph.add_node("Input", {"shape": list(shape)})
        shapes[node.id] = shape

    def wire(kind: str, params: dict, sources: list[str], shape: tuple[int, ...]) -> None:
        node = graph.add_node(kind, params)
        for port, source in enumerate(sources):
            graph.connect(source, node.id, port)
        if kind != "Output":
            shapes[node.id] = shape

    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(CATALOGUE[1:-1]))
        source = draw(st.sampled_from(sorted(shapes)))
        shape = shapes[source]
        if kind == "Dense":
            units = draw(dims)
            wire(kind, {"units": units, "use_bias": draw(st.booleans()),
                        "activation": draw(st.sampled_from(ACTIVATIONS))},
                 [source], shape[:-1] + (units,))
        elif kind == "Flatten":
            wire(kind, {}, [source], (math.prod(shape),))
        elif kind == "Dropout":
            wire(kind, {"rate": draw(st.floats(0.0, 0.9))}, [source], shape)
        elif kind == "BatchNormalization":
            wire(kind, {"axis": draw(st.sampled_from(valid_axes(len(shape)))),
                        "center": draw(st.booleans()), "scale": draw(st.booleans())},
                 [source], shape)
        elif kind == "Activation":
            wire(kind, {"activation": draw(st.sampled_from(ACTIVATIONS))}, [source], shape)
        elif kind == "Add":
            same = sorted(n for n, s in shapes.items() if s == shape)
            others = draw(st.lists(st.sampled_from(same), min_size=1, max_size=2))
            wire(kind, {}, [source, *others], shape)
        elif kind == "Concatenate":
            axis = draw(st.sampled_from(valid_axes(len(shape))))
            at = axis - 1 if axis > 0 else len(shape) + axis
            fits = sorted(n for n, s in shapes.items() if len(s) == len(shape) and all(
                a == b for i, (a, b) in enumerate(zip(s, shape, strict=True)) if i != at))
            others = draw(st.lists(st.sampled_from(fits), min_size=1, max_size=2))
            joined = list(shape)
            joined[at] = sum(shapes[n][at] for n in [source, *others])
            wire(kind, {"axis": axis}, [source, *others], tuple(joined))

    # every node that feeds nothing gets an Output, so each one is part of the model
    sinks = [n for n in shapes if not graph.outputs_of(n)]
    for source in sinks:
        units = draw(st.one_of(st.none(), dims))
        shape = shapes[source] if units is None else shapes[source][:-1] + (units,)
        wire("Output", {"units": units, "activation": draw(st.sampled_from(ACTIVATIONS)),
                        "loss": draw(st.sampled_from(LOSSES))}, [source], shape)
    return graph


def test_the_strategy_covers_the_whole_catalogue():
    assert set(CATALOGUE) == {k.type for k in KINDS.values() if k.group != "Imported"}


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(valid_graphs())
def test_engine_shapes_and_params_equal_keras_layer_by_layer(graph):
    analysis = analyse(graph)
    assert analysis.ok, [p.describe() for p in analysis.errors]
    assert len(analysis.model_nodes) == len(graph.nodes)
    keras = _keras()
    keras.backend.clear_session()
    model = build_and_compile(graph, {"optimizer": {"name": "adam"}})
    assert engine_figures(graph, analysis) == keras_figures(model)
    trainable, frozen = analysis.totals()
    assert trainable + frozen == model.count_params()
    assert len(model.inputs) == sum(1 for n in graph.nodes if n.type == "Input")
    assert len(model.outputs) == sum(1 for n in graph.nodes if n.type == "Output")

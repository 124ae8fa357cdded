"""Property: for random valid graphs drawn from the whole catalogue, the engine's output shape
and parameter counts of every layer equal those of the compiled Keras model."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.catalogue import KINDS, ShapeError
from engine.compiler import build_and_compile
from engine.graph import Graph
from engine.keras_setup import keras as _keras
from engine.params import ACTIVATIONS
from engine.validation import analyse
from tests.engine.helpers import engine_figures, keras_figures
from tests.engine.kind_params import PARAM_DRAWS, RANKS, SOURCES

# Building a Keras model of a dozen layers takes about 1 s here, so this test draws fewer
# examples than the ci profile's 200: 5 per palette group, each trying every kind of its group
# (about 1-2 minutes in all on 2 busy cores); the thorough profile draws 50 per group.
EXAMPLES = 5 if settings.default.max_examples <= 200 else 50
LOSSES = ("mse", "mae", "huber")
dims = st.integers(1, 5)
vectors = st.lists(dims, min_size=1, max_size=1)
sequences = st.lists(st.integers(2, 6), min_size=2, max_size=2)
images = st.lists(st.integers(3, 8), min_size=3, max_size=3)
volumes = st.lists(st.integers(3, 5), min_size=4, max_size=4)
GROUPS = sorted({KINDS[k].group for k in PARAM_DRAWS})


@st.composite
def valid_graphs(draw, group: str | None = None) -> Graph:
    """A graph on a vector, a sequence, an image (and maybe a volume) input that tries every
    kind of `group` (in a drawn order) and a few kinds of any group."""
    graph = Graph()
    # every output (node id, port) drawn so far, with its shape: an LSTM's states are ports 1, 2
    shapes: dict[tuple[str, int], tuple[int, ...]] = {}
    inputs = [vectors, sequences, images, *([volumes] if draw(st.booleans()) else [])]
    for strategy in inputs:
        shape = tuple(draw(strategy))
        node = graph.add_node("Input", {"shape": list(shape)})
        shapes[(node.id, 0)] = shape

    own = [k for k in sorted(PARAM_DRAWS) if group is None or KINDS[k].group == group]
    kinds = draw(st.permutations(own)) + draw(
        st.lists(st.sampled_from(sorted(PARAM_DRAWS)), max_size=3))
    for kind_name in kinds:
        kind = KINDS[kind_name]
        fitting = sorted(n for n, s in shapes.items()
                         if RANKS.get(kind_name) in (None, len(s)))
        if not fitting:
            continue
        source = draw(st.sampled_from(fitting))
        params, others = PARAM_DRAWS[kind_name](draw, shapes[source])
        if SOURCES.get(kind_name):
            others = SOURCES[kind_name](draw, source, shapes, params)
        sources = [source, *others]
        try:
            inferred = kind.infer(kind.resolved(params), [shapes[s] for s in sources])
        except ShapeError:
            continue  # not a valid place for this kind: draw the next one
        node = graph.add_node(kind_name, params)
        for port, (s, s_port) in enumerate(sources):
            graph.connect(s, node.id, port, source_port=s_port)
        for port, shape in enumerate((inferred.shape, *inferred.more_shapes)):
            shapes[(node.id, port)] = shape

    # every output that feeds nothing gets an Output, so each one is part of the model
    fed = {(e.source, e.source_port) for e in graph.edges}
    for source, port in [key for key in shapes if key not in fed]:
        node = graph.add_node("Output", {
            "units": draw(st.one_of(st.none(), dims)),
            "activation": draw(st.sampled_from(ACTIVATIONS)),
            "loss": draw(st.sampled_from(LOSSES))})
        graph.connect(source, node.id, source_port=port)
    return graph


def test_the_strategy_covers_the_whole_catalogue():
    drawn = set(PARAM_DRAWS) | {"Input", "Output"}
    assert drawn == {k.type for k in KINDS.values() if k.group != "Imported"}


def test_the_examples_reach_every_kind():
    """As many graphs as the property test draws (without building them) hold every kind."""
    seen: set[str] = set()
    for group in GROUPS:
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(valid_graphs(group))
        def collect(graph):
            seen.update(node.type for node in graph.nodes)

        collect()
    assert set(PARAM_DRAWS) - seen == set()


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.filter_too_much])
@given(data=st.data())
@pytest.mark.parametrize("group", GROUPS)
def test_engine_shapes_and_params_equal_keras_layer_by_layer(group, data):
    graph = data.draw(valid_graphs(group))
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

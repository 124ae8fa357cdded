"""Every example project: the engine's figures equal the compiled Keras model's, layer by layer."""

from pathlib import Path

import pytest

from engine.compiler import build_and_compile
from engine.keras_setup import keras as _keras
from engine.project_io import load_project
from engine.summary import format_summary, summarise
from engine.validation import analyse
from tests.engine.helpers import engine_figures, keras_figures

PROJECTS = Path(__file__).resolve().parents[2] / "projects"
EXAMPLES = sorted(PROJECTS.glob("*.dendrite"))


def test_the_examples_are_there():
    names = {p.stem for p in EXAMPLES}
    assert {"fashion_mnist", "california_housing", "wide_and_deep", "wide_and_deep_two_inputs",
            "wide_and_deep_aux_output", "xor", "digits"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_figures_equal_the_compiled_keras_model(path):
    project = load_project(path)
    analysis = analyse(project.graph)
    assert analysis.ok, [p.describe() for p in analysis.errors]
    _keras().backend.clear_session()
    model = build_and_compile(project.graph, project.training)
    assert model.compiled

    assert engine_figures(project.graph, analysis) == keras_figures(model)
    trainable, frozen = analysis.totals()
    assert trainable + frozen == model.count_params()
    outputs = [project.graph.node(n).name for n in analysis.model_nodes
               if project.graph.node(n).kind.is_output]
    assert list(model.output_names) == outputs
    text = format_summary(summarise(project.graph, analysis), project.name)
    assert f"Total params: {model.count_params():,}" in text


def test_fashion_mnist_summary_has_the_seed_figures():
    project = load_project(PROJECTS / "fashion_mnist.dendrite")
    analysis = analyse(project.graph)
    params = [analysis.inferred[n].params for n in analysis.model_nodes
              if project.graph.node(n).type in ("Dense", "Output")]
    assert params == [235_500, 90_300, 3_010]
    assert sum(analysis.totals()) == 328_810


@pytest.mark.parametrize("file, layers, total", [
    ("fashion_mnist_300_100.dendrite", [235_500, 30_100, 1_010], 266_610),
    ("wide_and_deep.dendrite", [270, 930, 39], 1_239),
    ("wide_and_deep_aux_output.dendrite", [210, 930, 36, 31], 1_207),
])
def test_the_seeds_other_exact_figures(file, layers, total):
    project = load_project(PROJECTS / file)
    analysis = analyse(project.graph)
    params = [analysis.inferred[n].params for n in analysis.model_nodes
              if project.graph.node(n).type in ("Dense", "Output")]
    assert params == layers
    assert sum(analysis.totals()) == total

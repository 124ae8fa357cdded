"""An Input axis of any length (null in its shape, as `keras.Input(shape=(None,))` for texts of
any number of words): layers that work on any length take it, the others say so plainly."""

import numpy as np
import pytest

from engine.compiler import build_model
from engine.graph import Graph
from engine.project import Project
from engine.project_io import dumps, parse_project
from engine.validation import analyse
from tests.engine.helpers import chain


def _text_graph() -> Graph:
    return chain(("Embedding", {"input_dim": 50, "output_dim": 4}), ("LSTM", {"units": 3}),
                 ("Output", {"units": 2, "activation": "softmax",
                             "loss": "sparse_categorical_crossentropy"}), shape=(None,))


def test_texts_of_any_length_go_through_embedding_and_lstm():
    graph = _text_graph()
    analysis = analyse(graph)
    assert analysis.ok, [p.describe() for p in analysis.errors]
    assert analysis.shape(graph.by_name("embedding").id) == (None, 4)
    model = build_model(graph)
    assert model.count_params() == sum(analysis.totals())
    short = model.predict(np.ones((2, 3)), verbose=0)
    long = model.predict(np.ones((2, 11)), verbose=0)
    assert short.shape == long.shape == (2, 2)
    again = parse_project(dumps(Project(graph=graph))).graph
    assert again.by_name("input").params["shape"] == [None]


def test_a_layer_that_needs_the_length_says_so():
    graph = chain(("Embedding", {"input_dim": 50, "output_dim": 4}), ("Flatten", {}),
                  ("Output", {"units": 1, "loss": "mse"}), shape=(None,))
    [problem] = [p for p in analyse(graph).errors if p.node_name == "flatten"]
    assert problem.code == "free_axis"
    assert "(None, None, 4) has an axis of any length" in problem.message


@pytest.mark.parametrize("shape", [[0], [None, "x"], [True]])
def test_other_shape_values_are_still_refused(shape):
    graph = chain(("Output", {"units": 1, "loss": "mse"}), shape=(4,))
    graph.set_param(graph.by_name("input").id, "shape", shape)
    assert any(p.code == "param" for p in analyse(graph).errors)


def test_only_an_inputs_shape_takes_null():
    graph = chain(("Conv1D", {"filters": 2, "kernel_size": [None]}),
                  ("Output", {"units": None, "loss": "mse"}), shape=(8, 1))
    assert any(p.code == "param" and "kernel_size" in p.message
               for p in analyse(graph).errors)


def test_convolutions_and_pooling_keep_an_axis_of_any_length_as_keras_does():
    graph = chain(("Embedding", {"input_dim": 50, "output_dim": 4}),
                  ("Conv1D", {"filters": 3, "kernel_size": [2]}),
                  ("MaxPooling1D", {"pool_size": [2]}),
                  ("GlobalMaxPooling1D", {}),
                  ("Output", {"units": 1, "loss": "mse"}), shape=(None,))
    analysis = analyse(graph)
    assert analysis.ok, [p.describe() for p in analysis.errors]
    assert analysis.shape(graph.by_name("conv1d").id) == (None, 3)
    model = build_model(graph)
    assert tuple(model.get_layer("max_pooling1d").output.shape) == (None, None, 3)
    assert model.count_params() == sum(analysis.totals())


def test_concatenation_padding_and_upsampling_keep_an_axis_of_any_length():
    from engine.keras_setup import keras as _keras
    from tests.engine.helpers import engine_figures, keras_figures

    graph = Graph()
    image = graph.add_node("Input", {"shape": [None, None, 3]}, "image")
    pad = graph.add_node("ZeroPadding2D", {"padding": [[1, 1], [2, 2]]}, "pad")
    crop = graph.add_node("Cropping2D", {"cropping": [[1, 0], [0, 1]]}, "crop")
    up = graph.add_node("UpSampling2D", {"size": [2, 2]}, "up")
    graph.connect(image.id, pad.id)
    graph.connect(pad.id, crop.id)
    graph.connect(crop.id, up.id)
    cat = graph.add_node("Concatenate", {"axis": 1}, "cat")
    graph.connect(up.id, cat.id, 0)
    graph.connect(image.id, cat.id, 1)
    pool = graph.add_node("GlobalAveragePooling2D", {}, "pool")
    graph.connect(cat.id, pool.id)
    out = graph.add_node("Output", {"units": 2, "loss": "mse"}, "out")
    graph.connect(pool.id, out.id)
    analysis = analyse(graph)
    assert analysis.ok, [p.describe() for p in analysis.errors]
    assert analysis.shape(cat.id) == (None, None, 3)
    _keras().backend.clear_session()
    assert engine_figures(graph, analysis) == keras_figures(build_model(graph))

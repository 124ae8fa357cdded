"""keras.applications models import as first-class nodes: no KerasLayer box, the engine's
parameter totals equal Keras's count_params(), and the export back to .keras has the same
config and predicts bit for bit what the original predicts. Built small and with
weights=None, so nothing is downloaded (benchmarks/bench_applications.py runs all eight at
full size)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from engine.export import export_model
from engine.importer import import_model
from engine.validation import analyse

pytestmark = pytest.mark.slow

SMALL_APPLICATIONS = {
    "MobileNetV2": {"alpha": 0.35},  # ReLU(6), DepthwiseConv2D, ZeroPadding2D
    # Rescaling, Normalization, Reshape, Multiply, Dropout with a noise shape, swish,
    # VarianceScaling initializers (also on the output layer)
    "EfficientNetB0": {},
}


def _config(model) -> dict:
    return json.loads(json.dumps(model.get_config(), default=list))


@pytest.mark.parametrize("name", sorted(SMALL_APPLICATIONS))
def test_an_application_imports_without_keras_layer_boxes_and_exports_bit_for_bit(
        name, tmp_path):
    from engine.keras_setup import keras as _keras

    keras = _keras()
    keras.backend.clear_session()
    original = getattr(keras.applications, name)(
        weights=None, input_shape=(32, 32, 3), classes=5, **SMALL_APPLICATIONS[name])
    # weights unlike any fresh initialisation, so a weight left behind shows
    original.set_weights([w + np.float32(0.001) * i
                          for i, w in enumerate(original.get_weights())])
    source = tmp_path / f"{name}.keras"
    original.save(source)

    result = import_model(source)
    graph = result.project.graph
    kept = sorted({n.params.get("class_name") for n in graph.nodes
                   if n.type in ("KerasLayer", "KerasOutput")})
    assert kept == []
    assert len(graph.nodes) == len(original.layers)
    analysis = analyse(graph)
    assert analysis.ok, [p.describe() for p in analysis.errors][:3]
    trainable, frozen = analysis.totals()
    assert trainable + frozen == original.count_params()

    back = tmp_path / f"{name}_back.keras"
    export_model(result.project, back, model=result.model)
    loaded = keras.models.load_model(back)
    assert _config(loaded) == _config(keras.models.load_model(source))
    images = np.random.default_rng(0).uniform(0, 255, (3, 32, 32, 3)).astype("float32")
    assert np.array_equal(loaded.predict(images, verbose=0),
                          original.predict(images, verbose=0))


def test_the_import_notes_name_the_layers_kept_as_keras_layer_boxes(tmp_path):
    from engine.keras_setup import keras as _keras

    keras = _keras()
    keras.backend.clear_session()
    model = keras.Sequential([keras.Input((6,), name="x"),
                              keras.layers.GaussianDropout(0.1, name="noise"),
                              keras.layers.Dense(2, name="y")])
    model.save(tmp_path / "m.keras")
    result = import_model(tmp_path / "m.keras")
    assert result.notes[-1] == ("1 layer(s) kept as KerasLayer boxes (no catalogue kind): "
                                "GaussianDropout x1")

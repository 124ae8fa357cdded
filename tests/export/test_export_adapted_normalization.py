"""An adapted Normalization layer keeps its mean and variance through Dendrite: imported,
rebuilt from the graph with the imported weights, the model predicts what the original
predicts (Keras applies a Normalization's weights only in `finalize_state`, which copying
weights does not call; without it the rebuilt model predicted 30.0 where the original
predicts about 6.26)."""

import numpy as np

from engine.compiler import build_model
from engine.export.weights import transfer_weights
from engine.importer import import_model
from engine.keras_setup import keras as load_keras


def test_an_adapted_normalization_predicts_as_the_original_after_import(tmp_path):
    keras = load_keras()
    normalization = keras.layers.Normalization(name="norm")
    normalization.adapt(np.array([[-4.0], [0.0], [4.0], [8.0]], dtype="float32"))
    inputs = keras.Input((1,), name="x")
    outputs = keras.layers.Dense(1, name="y", kernel_initializer="ones")(normalization(inputs))
    original = keras.Model(inputs, outputs)
    original.save(tmp_path / "adapted.keras")

    imported = import_model(tmp_path / "adapted.keras")
    rebuilt = build_model(imported.project.graph)
    assert transfer_weights(imported.model, rebuilt) == 2
    sample = np.array([[30.0], [-2.0]], dtype="float32")
    expected = original.predict(sample, verbose=0)
    assert np.allclose(expected[0, 0], (30.0 - 2.0) / np.sqrt(20.0), atol=1e-4)
    assert np.allclose(rebuilt.predict(sample, verbose=0), expected, atol=1e-6)

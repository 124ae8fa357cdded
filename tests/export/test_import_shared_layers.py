"""The keras-io functional guide's shared layer (one Embedding for two text inputs) imports
as one Embedding node and a node that calls it again, and exports back with the same config
and bit-identical predictions."""

import json

import numpy as np

from engine.export.model_files import export_model
from engine.importer import import_model
from engine.shared_layers import SHARES
from engine.validation import analyse


def _config(model) -> str:
    return json.dumps(model.get_config(), sort_keys=True, default=str)


def test_the_guides_shared_embedding_round_trips(tmp_path):
    from engine.keras_setup import keras as _keras

    keras = _keras()
    shared_embedding = keras.layers.Embedding(1000, 16, name="shared_embedding")
    a = keras.Input(shape=(5,), dtype="int32", name="text_a")
    b = keras.Input(shape=(7,), dtype="int32", name="text_b")
    joined = keras.layers.Concatenate(axis=1, name="cat")([shared_embedding(a),
                                                           shared_embedding(b)])
    pooled = keras.layers.GlobalAveragePooling1D(name="pool")(joined)
    model = keras.Model([a, b], keras.layers.Dense(1, name="out")(pooled))
    model.compile(loss="mse")
    model.save(tmp_path / "shared.keras")

    result = import_model(tmp_path / "shared.keras")
    graph = result.project.graph
    owner, call = graph.by_name("shared_embedding"), graph.by_name("shared_embedding_call_2")
    assert (owner.type, call.type) == ("Embedding", "Embedding")
    assert call.extra[SHARES] == owner.id and call.params == {}
    assert not [n for n in graph.nodes if n.type in ("KerasLayer", "KerasOutput")]
    analysis = analyse(graph)
    assert sum(analysis.totals()) == model.count_params()

    export_model(result.project, tmp_path / "back.keras", model=result.model)
    again = keras.models.load_model(tmp_path / "back.keras")
    assert _config(again) == _config(model)
    rng = np.random.default_rng(3)
    x = [rng.integers(0, 1000, (4, 5)), rng.integers(0, 1000, (4, 7))]
    assert np.array_equal(model.predict(x, verbose=0), again.predict(x, verbose=0))

"""A model whose layers give several outputs or take named inputs (MultiHeadAttention with a
causal mask, an LSTM's states feeding a layer) imports as catalogue nodes wired port to port,
and exports back predicting bit for bit; its generated code unpacks the states."""

import numpy as np

from engine.export.codegen import generate_code
from engine.export.model_files import export_model
from engine.importer import import_model


def _model(keras):
    q = keras.Input((5, 8), name="q")
    v = keras.Input((7, 6), name="v")
    att = keras.layers.MultiHeadAttention(2, 3, name="att")(q, v, use_causal_mask=True)
    _, h, c = keras.layers.LSTM(4, return_state=True, return_sequences=True, name="lstm")(att)
    joined = keras.layers.Concatenate(name="cat")([h, c])
    model = keras.Model([q, v], keras.layers.Dense(2, name="out")(joined))
    model.compile(loss="mse")
    return model


def test_attention_and_lstm_states_round_trip(tmp_path):
    from engine.keras_setup import keras as _keras

    keras = _keras()
    original = _model(keras)
    original.save(tmp_path / "m.keras")
    result = import_model(tmp_path / "m.keras")
    graph = result.project.graph
    kinds = {n.name: n.type for n in graph.nodes}
    assert kinds == {"q": "Input", "v": "Input", "att": "MultiHeadAttention", "lstm": "LSTM",
                     "cat": "Concatenate", "out": "Output"}
    assert graph.by_name("att").params["use_causal_mask"] is True
    ids = {n.id: n.name for n in graph.nodes}
    wires = sorted((ids[e.source], e.source_port, ids[e.target], e.target_port)
                   for e in graph.edges)
    assert ("lstm", 1, "cat", 0) in wires and ("lstm", 2, "cat", 1) in wires
    assert ("v", 0, "att", 1) in wires

    export_model(result.project, tmp_path / "back.keras", model=result.model, verify=False)
    again = keras.models.load_model(tmp_path / "back.keras")
    rng = np.random.default_rng(1)
    x = [rng.random((3, 5, 8), dtype=np.float32), rng.random((3, 7, 6), dtype=np.float32)]
    assert np.array_equal(original.predict(x, verbose=0), again.predict(x, verbose=0))

    code = generate_code(result.project)
    assert "lstm, lstm_state_h, lstm_state_c = layers.LSTM(" in code
    assert "(q, v, use_causal_mask=True)" in code
    compile(code, "generated.py", "exec")


def test_a_model_output_taken_from_a_state_is_refused_with_the_reason(tmp_path):
    import pytest

    from engine.importer.safety import ImportRefused
    from engine.keras_setup import keras as _keras

    keras = _keras()
    x = keras.Input((5, 3))
    _, h = keras.layers.GRU(4, return_state=True, name="gru")(x)
    keras.Model(x, h).save(tmp_path / "state_out.keras")
    with pytest.raises(ImportRefused, match="output 1 of layer 'gru'"):
        import_model(tmp_path / "state_out.keras")


def test_texts_of_any_length_import_and_predict_as_the_original(tmp_path):
    """The keras-io ticket model's inputs: `keras.Input(shape=(None,))`."""
    from engine.keras_setup import keras as _keras
    from engine.validation import analyse

    keras = _keras()
    title = keras.Input(shape=(None,), name="title")
    features = keras.layers.LSTM(8, name="lstm")(keras.layers.Embedding(100, 4, name="emb")(title))
    model = keras.Model(title, keras.layers.Dense(2, name="priority")(features))
    model.save(tmp_path / "ticket.keras")
    result = import_model(tmp_path / "ticket.keras")
    assert result.project.graph.by_name("title").params["shape"] == [None]
    assert analyse(result.project.graph).ok
    export_model(result.project, tmp_path / "back.keras", model=result.model, verify=False)
    again = keras.models.load_model(tmp_path / "back.keras")
    for length in (3, 12):
        words = np.random.default_rng(length).integers(0, 100, (2, length))
        assert np.array_equal(model.predict(words, verbose=0), again.predict(words, verbose=0))

"""The backprop walk-through says when it differs from a training step (Dropout runs in
inference mode there)."""

from types import SimpleNamespace

from engine.learn.backprop_text import inference_note


def _walk(*classes):
    return SimpleNamespace(nodes=[SimpleNamespace(layer_class=c) for c in classes])


def test_a_network_with_dropout_gets_the_note():
    note = inference_note(_walk("InputLayer", "Dense", "Dropout", "Dense"))
    assert "Dropout runs in inference mode" in note and "train_on_batch differs" in note
    assert inference_note(_walk("InputLayer", "Dense", "Dense")) == ""

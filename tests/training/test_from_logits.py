"""An Output with `from_logits`: the loss reads logits, the accuracy-like figures are those
of the probabilities, the Results tab shows probabilities, and validation says plainly when
the setting cannot be (issue 14, item 6)."""

import numpy as np
import pytest

from engine.training import RecordingListener, Trainer
from engine.validation import analyse
from tests.data.helpers import make_graph, prepared, table

SPLIT = {"test": 0.3, "seed": 1}
SETTINGS = {"optimizer": {"name": "adam", "learning_rate": 0.05}, "epochs": 2,
            "batch_size": 16, "seed": 3}


def _trainer(units, loss, metrics, classes, n=90):
    graph = make_graph([("input", [4])], [("output", units, "linear", loss)], hidden=6)
    out = graph.by_name("output").id
    graph.set_param(out, "from_logits", True)
    graph.set_param(out, "metrics", metrics)
    data = prepared(table(n=n, features=4, classes=classes), split=SPLIT)
    trainer = Trainer(graph, {}, SETTINGS, prepared=data)
    assert trainer.train(RecordingListener()).reason == "finished"
    return trainer


def test_softmax_logits_train_and_the_results_show_probabilities_that_sum_to_one():
    trainer = _trainer(3, "sparse_categorical_crossentropy", ["accuracy"], classes=3)
    test = trainer.prepared.splits["test"]
    n = len(test)
    out = trainer.predict(range(n), "test").outputs["output"]
    logits = trainer.model.predict(test.x, verbose=0)
    assert logits.min() < 0 or logits.max() > 1  # the model gives raw scores
    np.testing.assert_allclose(out.probabilities.sum(axis=1), 1.0, atol=1e-6)
    assert (out.probabilities >= 0).all()
    expected = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(out.probabilities, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(out.predicted, logits.argmax(axis=1))
    true = test.targets["target"]
    figures = trainer.evaluate("test")
    # the loss reads the logits as logits: cross-entropy of their softmax
    loss = -np.mean(np.log(expected[np.arange(n), true.astype(int)]))
    assert figures["loss"] == pytest.approx(loss, rel=1e-4)
    assert figures["accuracy"] == pytest.approx(np.mean(out.predicted == true))
    assert out.confusion_matrix().sum() == n


def test_sigmoid_logits_figures_equal_those_of_the_probabilities():
    import keras

    metrics = ["accuracy", "auc", "precision", "recall"]
    trainer = _trainer(1, "binary_crossentropy", metrics, classes=2)
    test = trainer.prepared.splits["test"]
    out = trainer.predict(range(len(test)), "test").outputs["output"]
    logits = trainer.model.predict(test.x, verbose=0)
    p = 1 / (1 + np.exp(-logits[:, 0].astype(np.float64)))
    np.testing.assert_allclose(out.probabilities[:, 1], p, rtol=1e-6)
    np.testing.assert_allclose(out.probabilities.sum(axis=1), 1.0)
    np.testing.assert_array_equal(out.predicted, (p >= 0.5).astype(int))
    true = test.targets["target"].astype("float32").reshape(-1, 1)
    figures = trainer.evaluate("test")
    on_probabilities = {"accuracy": keras.metrics.BinaryAccuracy(),
                        "auc": keras.metrics.AUC(), "precision": keras.metrics.Precision(),
                        "recall": keras.metrics.Recall()}
    for name, metric in on_probabilities.items():
        metric.update_state(true, p.reshape(-1, 1).astype("float32"))
        assert figures[name] == pytest.approx(float(metric.result()), abs=1e-6), name
    bce = -np.mean(true[:, 0] * np.log(p) + (1 - true[:, 0]) * np.log(1 - p))
    assert figures["loss"] == pytest.approx(bce, rel=1e-4)


def _problems(loss, activation="linear", metrics=(), units=3):
    graph = make_graph([("input", [4])], [("output", units, activation, loss)])
    out = graph.by_name("output").id
    graph.set_param(out, "from_logits", True)
    graph.set_param(out, "metrics", list(metrics))
    return [p.message for p in analyse(graph).errors if p.node_id == out]


def test_validation_says_when_from_logits_cannot_be():
    assert _problems("sparse_categorical_crossentropy", metrics=["accuracy"]) == []
    assert _problems("binary_crossentropy", metrics=["auc", "precision"], units=1) == []
    [message] = _problems("mse")
    assert "from_logits needs a cross-entropy loss" in message and "not mse" in message
    [message] = _problems("sparse_categorical_crossentropy", "softmax")
    assert "linear activation" in message and "softmax a second time" in message
    [message] = _problems("categorical_crossentropy", metrics=["accuracy", "auc"])
    assert "metric auc cannot be computed on the logits of several classes" in message


def test_the_usual_loss_fix_of_a_logits_output_is_a_crossentropy():
    from engine.fixes import fix_for
    from engine.validation import FIX_MISSING_LOSS, analyse
    from tests.engine.helpers import chain

    for units, loss in ((1, "binary_crossentropy"), (3, "sparse_categorical_crossentropy")):
        graph = chain(("Output", {"units": units, "from_logits": True}))
        [problem] = [p for p in analyse(graph).problems if p.code == FIX_MISSING_LOSS]
        [edit] = fix_for(graph, problem).edits
        assert (edit.key, edit.value) == ("loss", loss)

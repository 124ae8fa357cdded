"""The trainer: same result as a hand-written Keras script, NaN stops with its place, Stop
and Continue extend the history, evaluation and prediction, settings told."""

import numpy as np
import pytest

from engine.data import CLASSIFICATION, REGRESSION
from engine.training import RecordingListener, Trainer
from tests.data.helpers import make_graph, prepared, table
from tests.training.helpers import classifier_trainer


@pytest.mark.slow
def test_trainer_equals_a_hand_written_keras_script_with_the_same_seed():
    import keras

    trainer = classifier_trainer()
    done = trainer.train(RecordingListener())
    assert done.reason == "finished"
    data = trainer.prepared
    keras.utils.set_random_seed(7)
    inputs = keras.Input(shape=(4,), name="input")
    hidden = keras.layers.Dense(8, activation="relu", name="hidden")(inputs)
    output = keras.layers.Dense(3, activation="softmax", name="output")(hidden)
    model = keras.Model(inputs, output)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.05),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(data.splits["train"].x, data.splits["train"].targets["target"],
                        batch_size=8, epochs=3, verbose=0,
                        validation_data=(data.splits["validation"].x,
                                         data.splits["validation"].targets["target"]))
    for ours, theirs in zip(trainer.model.get_weights(), model.get_weights(), strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(trainer.history.values["loss"], history.history["loss"],
                               rtol=1e-5)
    again = classifier_trainer()
    again.train()
    assert again.history.values == trainer.history.values


def test_nan_loss_stops_with_epoch_batch_and_advice():
    graph = make_graph([("input", [4])], [("output", 1, "linear", "mse")])
    data = prepared(table(n=64, features=4, task=REGRESSION), split={"test": 0, "seed": 0,
                                                                     "validation": 0})
    data.splits["train"].targets["target"] *= 1e6
    trainer = Trainer(graph, {}, {"optimizer": {"name": "sgd", "learning_rate": 1e12},
                                  "epochs": 5, "batch_size": 4, "seed": 1}, prepared=data)
    events = RecordingListener()
    done = trainer.train(events)
    (error,) = events.of("error")
    assert done.reason == "diverged"
    assert error.epoch == 1 and error.batch >= 1
    assert f"epoch 1, batch {error.batch}" in error.message
    assert "lower" in error.message and "learning rate" in error.message
    assert len(trainer.history) == 0
    assert events.events[-1] is done


def test_stop_then_continue_extends_the_history():
    trainer = classifier_trainer({"epochs": 5})

    class StopAfterFirstEpoch(RecordingListener):
        def on_epoch(self, event):
            self.events.append(event)
            trainer.stop()

    first = StopAfterFirstEpoch()
    done = trainer.train(first)
    assert done.reason == "stopped"
    assert len(trainer.history) == 1
    assert [e.epoch for e in first.of("epoch")] == [1]
    more = RecordingListener()
    done = trainer.continue_training(more, epochs=2)
    assert done.reason == "finished"
    assert more.of("start")[0].initial_epoch == 1
    assert [e.epoch for e in more.of("epoch")] == [2, 3]
    assert len(trainer.history) == 3
    assert set(trainer.history.keys()) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert int(trainer.model.optimizer.iterations.numpy()) > 0


def test_batch_events_are_sparse_and_carry_progress():
    trainer = classifier_trainer({"epochs": 2}, n=400)
    trainer.report_interval = 0.0  # every batch, to look at the payload
    events = RecordingListener()
    trainer.train(events)
    batches = events.of("batch")
    assert batches[-1].batch == batches[-1].batches == 32  # 256 training samples / 8
    assert batches[-1].step == 64
    assert batches[-1].loss is not None and batches[-1].samples_per_second > 0
    slow = classifier_trainer({"epochs": 2}, n=400)
    sparse = RecordingListener()
    slow.train(sparse)
    assert len(sparse.of("batch")) < len(batches)


def test_evaluate_and_predict_give_probabilities_and_classes():
    trainer = classifier_trainer({"epochs": 1})
    trainer.train()
    figures = trainer.evaluate()
    assert set(figures) == {"loss", "accuracy"}
    result = trainer.predict([0, 2, 5])
    out = result.outputs["output"]
    assert out.probabilities.shape == (3, 3)
    np.testing.assert_allclose(out.probabilities.sum(axis=1), 1, rtol=1e-5)
    assert list(out.predicted) == list(out.probabilities.argmax(axis=1))
    assert out.predicted_names()[0] in ("c0", "c1", "c2")
    assert out.confusion_matrix().sum() == 3
    assert list(out.true) == list(trainer.prepared.splits["test"].targets["target"][[0, 2, 5]])


def test_binding_errors_are_reported_not_raised():
    graph = make_graph([("input", [4])], [("output", 1, "linear",
                                           "sparse_categorical_crossentropy")])
    trainer = Trainer(graph, {}, {"epochs": 1}, prepared=prepared(table(features=4)))
    events = RecordingListener()
    done = trainer.train(events)
    assert done.reason == "error"
    assert "Output output has 1 unit with sparse categorical cross-entropy, but the target " \
           "has 10 classes" in events.of("error")[0].message


def test_early_stopping_without_validation_is_told_and_checkpoint_written(tmp_path):
    checkpoint = tmp_path / "p.best.keras"
    trainer = classifier_trainer({"epochs": 1, "early_stopping": {"patience": 2},
                                  "checkpoint": {"save_best_only": True}},
                                 split={"test": 0.2, "validation": 0, "seed": 1})
    trainer.checkpoint_path = checkpoint
    events = RecordingListener()
    assert trainer.train(events).reason == "finished"
    notices = events.of("start")[0].notices
    assert any("no validation split" in n and "watches loss" in n for n in notices)
    assert checkpoint.exists()


def test_balanced_class_weights_favour_the_rare_class():
    from engine.training.fit_options import class_weights
    from engine.training.settings import read_settings

    trainer = classifier_trainer({"class_weight": "balanced"}, classes=2, n=80)
    trainer.prepared.splits["train"].targets["target"][:] = 0
    trainer.prepared.splits["train"].targets["target"][:4] = 1
    trainer.prepare()
    weights = class_weights(read_settings(trainer.training_spec), trainer.binding,
                            trainer.prepared)
    assert weights[1] > weights[0]
    named = class_weights(read_settings({"class_weight": {"c1": 3.0}}), trainer.binding,
                          trainer.prepared)
    assert named == {1: 3.0}


def test_classification_task_is_known():
    assert classifier_trainer().prepared.task == CLASSIFICATION

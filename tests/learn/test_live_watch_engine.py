"""The live frames a real training run sends (engine/learn/live_watch.py): the plane's
surface is the model's own prediction on the grid at that epoch, the hidden maps are the
sub-model's, the histograms are np.histogram of the weights and of the loss gradients."""

import numpy as np
import pytest

from engine.learn.live_watch import BINS, LiveFrame, LivePlane, LiveWatch
from engine.project_io import load_project
from engine.training import Trainer
from tests.conftest import PROJECTS
from tests.training.helpers import classifier_trainer

pytestmark = pytest.mark.slow


class _Recorder:
    """A Keras callback that, after the live one, keeps model.predict on the plane's grid and
    the weights at every epoch's end."""

    def __init__(self, keras, sent):
        self.sent = sent
        self.predicted, self.weights = {}, {}
        recorder = self

        class Callback(keras.callbacks.Callback):
            def on_epoch_end(self, epoch, logs=None):
                plane = next(e for e in recorder.sent if isinstance(e, LivePlane))
                recorder.predicted[epoch + 1] = self.model.predict(plane.grid(), verbose=0)
                recorder.weights[epoch + 1] = {
                    layer.name: np.concatenate([w.ravel() for w in layer.get_weights()])
                    for layer in self.model.layers if layer.trainable_weights}

        self.callback = Callback()


def _xor_trainer(epochs=4):
    project = load_project(PROJECTS / "xor.dendrite")
    project.training["epochs"] = epochs
    return Trainer.from_project(project)


@pytest.mark.parametrize("compile_after", [1e9, 0.0], ids=["eager", "compiled"])
def test_frames_show_the_models_predictions_on_the_grid_at_each_epoch(compile_after):
    from engine.keras_setup import keras

    sent = []
    watch = LiveWatch(sent.append, budget=1e9, plane_interval=0.0, grid=12,
                      compile_after=compile_after)
    trainer = _xor_trainer(epochs=4)
    recorder = _Recorder(keras(), sent)
    made = []
    trainer.callback_factories = [lambda *a: made.append(watch.factory(*a)) or made[-1],
                                  lambda *a: recorder.callback]
    done = trainer.train()
    assert made[0].math.compiled == (compile_after == 0.0)
    assert done.reason == "finished"
    plane = sent[0]
    assert isinstance(plane, LivePlane)
    assert plane.task == "classification" and plane.points.shape[1] == 2
    assert len(plane.points) == len(plane.targets) == len(trainer.prepared.splits["train"])
    frames = [e for e in sent if isinstance(e, LiveFrame)]
    assert [f.epoch for f in frames] == [1, 2, 3, 4]
    for frame in frames:
        expected = recorder.predicted[frame.epoch].reshape(12, 12, -1)
        np.testing.assert_allclose(frame.surface, expected, atol=1e-5)
        # hidden neuron maps: the hidden layer's output on the same grid
        hidden = trainer.model.get_layer("hidden")
        assert frame.maps["hidden"].shape == (12, 12, hidden.units)
        for name, histogram in frame.weight_histograms.items():
            counts, edges = np.histogram(recorder.weights[frame.epoch][name], bins=BINS)
            np.testing.assert_array_equal(histogram.counts, counts)
            np.testing.assert_allclose(histogram.edges, edges)
    # the surface changes while training and the last one is the trained model's
    assert not np.allclose(frames[0].surface, frames[-1].surface)
    final = trainer.model.predict(plane.grid(), verbose=0).reshape(12, 12, -1)
    np.testing.assert_allclose(frames[-1].surface, final, atol=1e-5)
    hidden_model = keras().Model(trainer.model.inputs,
                                 trainer.model.get_layer("hidden").output)
    np.testing.assert_allclose(frames[-1].maps["hidden"],
                               hidden_model.predict(plane.grid(), verbose=0).reshape(12, 12, -1),
                               atol=1e-5)


def test_gradient_histograms_are_the_loss_gradients_on_the_fixed_batch():
    import tensorflow as tf

    sent = []
    watch = LiveWatch(sent.append, budget=1e9)
    trainer = classifier_trainer(training={"epochs": 1})
    trainer.callback_factories = [watch.factory]
    trainer.train()
    frame = [e for e in sent if isinstance(e, LiveFrame)][-1]
    assert not any(isinstance(e, LivePlane) for e in sent)  # four features: no plane
    assert frame.surface is None and frame.maps == {}
    model = trainer.model
    x = trainer.binding.x(trainer.prepared, "train")["input"][:64]
    y = trainer.binding.y(trainer.prepared, "train")["output"][:64]
    with tf.GradientTape() as tape:
        loss = model.compute_loss(x=x, y=y, y_pred=model({"input": x}, training=True),
                                  training=True)
    layer = model.get_layer("hidden")
    grads = tape.gradient(loss, layer.trainable_weights)
    flat = np.concatenate([np.asarray(g).ravel() for g in grads])
    counts, edges = np.histogram(flat, bins=BINS)
    np.testing.assert_array_equal(frame.gradient_histograms["hidden"].counts, counts)
    np.testing.assert_allclose(frame.gradient_histograms["hidden"].edges, edges, rtol=1e-5)
    # the snapshot is the layer's weights, and activations are on the batch
    np.testing.assert_array_equal(frame.weights["hidden"].kernel, layer.kernel.numpy())
    np.testing.assert_array_equal(frame.weights["hidden"].bias, layer.bias.numpy())
    hidden_out = np.asarray(keras_sub(model, "hidden")({"input": x}))
    mean, low, high = frame.activations["hidden"]
    assert mean == pytest.approx(float(hidden_out.mean()), abs=1e-5)
    assert (low, high) == pytest.approx((hidden_out.min(), hidden_out.max()), abs=1e-5)


def keras_sub(model, name):
    from engine.keras_setup import keras

    return keras().Model(model.inputs, model.get_layer(name).output)


def test_frames_cost_little_and_the_last_epoch_always_gets_one():
    sent = []
    watch = LiveWatch(sent.append, budget=0.0, plane_interval=1e9, grid=8)
    trainer = _xor_trainer(epochs=5)
    trainer.callback_factories = [watch.factory]
    trainer.train()
    frames = [e for e in sent if isinstance(e, LiveFrame)]
    # with no budget: the first epoch and the last one, the last with its surface
    assert [f.epoch for f in frames] == [1, 5]
    assert frames[-1].surface is not None
    final = trainer.model.predict(sent[0].grid(), verbose=0).reshape(8, 8, -1)
    np.testing.assert_allclose(frames[-1].surface, final, atol=1e-5)


def test_a_failing_view_never_ends_the_training(monkeypatch):
    import engine.learn.live_watch as live_watch

    def broken(*_args, **_kwargs):
        raise RuntimeError("no grid today")

    monkeypatch.setattr(live_watch, "frame_of", broken)
    sent = []
    trainer = _xor_trainer(epochs=2)
    trainer.callback_factories = [LiveWatch(sent.append).factory]
    done = trainer.train()
    assert done.reason == "finished" and len(trainer.history) == 2
    problems = [e for e in sent if e.kind == "live_problem"]
    assert len(problems) == 1 and "no grid today" in problems[0].message


def test_a_logits_output_is_drawn_as_probabilities():
    """xor with its sigmoid output giving logits instead: the live surface is sigmoid of the
    model's outputs, so the boundary sits at 0.5 as for the sigmoid model."""
    project = load_project(PROJECTS / "xor.dendrite")
    project.training["epochs"] = 2
    output = next(n for n in project.graph.nodes if n.kind is not None and n.kind.is_output)
    project.graph.set_param(output.id, "activation", "linear")
    project.graph.set_param(output.id, "from_logits", True)
    sent = []
    watch = LiveWatch(sent.append, budget=1e9, plane_interval=0.0, grid=8)
    trainer = Trainer.from_project(project)
    trainer.callback_factories = [watch.factory]
    trainer.train()
    plane = sent[0]
    assert plane.logits == "sigmoid"
    last = [e for e in sent if isinstance(e, LiveFrame)][-1]
    logits = trainer.model.predict(plane.grid(), verbose=0).reshape(8, 8, -1)
    np.testing.assert_allclose(last.surface, 1 / (1 + np.exp(-logits)), atol=1e-5)

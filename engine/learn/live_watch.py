"""What a real training run shows while it trains, computed in the training thread.

    watch = LiveWatch(send)                  # send(event) is called in the training thread
    session.callback_factories.append(watch.factory)

At the start of every fit the factory returns a Keras callback that, at the end of an epoch,
sends a `LiveFrame` of plain numpy arrays: each layer's weights (a snapshot, for hover
cards), a histogram of each layer's weights and of its loss gradients on a fixed small batch
of training samples, each layer's output statistics on that batch and, when the model has one
input of exactly two numeric features, the model's outputs on a grid over the input plane
(the decision boundary or regression surface) with every hidden layer's outputs on it (the
neurons' heat maps). A `LivePlane` with the training points is sent first.

The callback keeps its own cost under `BUDGET` of the training time: an epoch that comes too
soon after the last frame is skipped (the first and last epochs always get one), and the plane
is recomputed at most every `PLANE_INTERVAL` seconds. When the epochs still to come will take
`COMPILE_AFTER` seconds or more, the math is compiled once (tf.function, a few hundred ms)
and a frame then costs about a millisecond plus the weights' copies and histograms, so short
epochs get their frames too. The GUI only paints what arrives.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from engine.keras_setup import keras as _keras

GRID = 40  # grid points along each axis of the plane
BINS = 30  # bars of a histogram
BATCH = 64  # training samples the gradients are computed on
BUDGET = 0.08  # share of the training time the live frames may take
PLANE_INTERVAL = 0.3  # seconds between two planes at least
MARGIN = 0.1  # of the data's range, around it
COMPILE_AFTER = 10.0  # seconds of training still to come that make compiling the math pay


@dataclass(frozen=True)
class Histogram:
    counts: np.ndarray  # (BINS,) int
    edges: np.ndarray  # (BINS + 1,) float

    @classmethod
    def of(cls, values: np.ndarray, bins: int = BINS) -> Histogram:
        counts, edges = np.histogram(np.asarray(values).ravel(), bins=bins)
        return cls(counts, edges)


@dataclass(frozen=True)
class LayerWeights:
    """One layer's weights as they are now: its arrays by Keras name (kernel, bias...)."""

    name: str
    layer_class: str
    arrays: dict[str, np.ndarray]
    activation: str | None = None

    @property
    def kernel(self) -> np.ndarray | None:
        return self.arrays.get("kernel")

    @property
    def bias(self) -> np.ndarray | None:
        return self.arrays.get("bias")

    def flat(self) -> np.ndarray:
        return np.concatenate([a.ravel() for a in self.arrays.values()]) if self.arrays \
            else np.zeros(0)


@dataclass(frozen=True)
class LivePlane:
    """The two-feature plane of a run: the training points (as the model sees them, after
    scaling) with their targets, and the grid's ranges."""

    points: np.ndarray  # (n, 2)
    targets: np.ndarray  # (n,) class numbers or values
    task: str  # "classification" or "regression"
    class_names: list[str] | None
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    size: int
    input_name: str
    output_name: str
    feature_names: tuple[str, str] = ("x1", "x2")
    kind: str = "live_plane"
    logits: str | None = None  # "sigmoid"/"softmax" when the output gives logits

    def grid(self) -> np.ndarray:
        from engine.learn.trace import plane_grid

        return plane_grid(self.x_range, self.y_range, self.size)


@dataclass(frozen=True)
class LiveFrame:
    epoch: int  # 1-based, counted over the session
    weights: dict[str, LayerWeights]
    weight_histograms: dict[str, Histogram]
    gradient_histograms: dict[str, Histogram]
    activations: dict[str, tuple[float, float, float]]  # layer -> (mean, min, max) on the batch
    surface: np.ndarray | None = None  # (size, size, units) the output on the plane's grid
    maps: dict[str, np.ndarray] = field(default_factory=dict)  # hidden layer -> (s, s, units)
    kind: str = "live_frame"


def plane_input(binding, prepared) -> tuple[str, np.ndarray] | None:
    """(input name, training values) when the model has one input of two numeric features."""
    x = binding.x(prepared, "train")
    if len(x) != 1:
        return None
    name, values = next(iter(x.items()))
    values = np.asarray(values)
    if values.ndim != 2 or values.shape[1] != 2 or not np.issubdtype(values.dtype, np.number):
        return None
    return name, values


def make_plane(model, prepared, binding, size: int = GRID) -> LivePlane | None:
    found = plane_input(binding, prepared)
    if found is None or len(found[1]) == 0:
        return None
    name, values = found
    low, high = values.min(axis=0), values.max(axis=0)
    margin = MARGIN * np.maximum(high - low, 1e-6)
    dataset = prepared.dataset
    targets = np.asarray(prepared.splits["train"].targets[dataset.main_key])
    features = tuple(prepared.feature_names[:2]) if len(prepared.feature_names) >= 2 \
        else ("x1", "x2")
    output = model.output_names[0]
    return LivePlane(values.astype("float32"), targets, prepared.task, prepared.class_names,
                     (float(low[0] - margin[0]), float(high[0] + margin[0])),
                     (float(low[1] - margin[1]), float(high[1] + margin[1])), size, name,
                     output, features, logits=_logits_of(model, output))


def _logits_of(model, output: str) -> str | None:
    """How the compiled loss turns this output's logits into probabilities, or None."""
    loss = model.loss.get(output) if isinstance(model.loss, dict) else model.loss
    if not getattr(loss, "from_logits", False):
        return None
    return "sigmoid" if "Binary" in type(loss).__name__ else "softmax"


def layer_weights(model) -> dict[str, LayerWeights]:
    """A snapshot (copies) of every layer's weights that has some."""
    found = {}
    for layer in model.layers:
        if not layer.weights:
            continue
        arrays = {}
        for variable in layer.weights:
            key = variable.name.split("/")[-1]
            while key in arrays:
                key += "'"
            arrays[key] = np.array(variable.numpy(), copy=True)
        activation = getattr(layer, "activation", None)
        found[layer.name] = LayerWeights(layer.name, type(layer).__name__, arrays,
                                         getattr(activation, "__name__", None))
    return found


class FixedBatch:
    """The first BATCH training samples the gradients and activations are computed on."""

    def __init__(self, prepared, binding, size: int = BATCH):
        x = binding.x(prepared, "train")
        y = binding.y(prepared, "train")
        self.x = {k: np.asarray(v[:size]) for k, v in x.items()}
        self.y = {k: np.asarray(v[:size]) for k, v in y.items()}


class FrameMath:
    """The numbers of a frame that need TensorFlow: the loss gradients of each layer on the
    fixed batch (the model's compiled loss, as `fit` computes it), every layer's outputs on
    the batch and on the plane's grid. Eager at first; `compile()` makes them tf.functions
    (a few hundred ms once, then about a millisecond a frame)."""

    def __init__(self, model, tracer, batch: FixedBatch | None, plane: LivePlane | None):
        self.model, self.tracer, self.batch, self.plane = model, tracer, batch, plane
        self.layers = [layer for layer in model.layers if layer.trainable_weights]
        self.variables = [v for layer in self.layers for v in layer.trainable_weights]
        self.grid = {plane.input_name: plane.grid()} if plane is not None else None
        self.compiled = False
        self._gradients = self._eager_gradients
        self._outputs = self.tracer.outputs

    def _eager_gradients(self):
        import tensorflow as tf

        x, y = self.batch.x, _single(self.batch.y)
        with tf.GradientTape() as tape:
            predicted = self.model(x, training=True)
            loss = self.model.compute_loss(x=_single(x), y=y, y_pred=predicted,
                                           training=True)
        return tape.gradient(loss, self.variables)

    def compile(self) -> None:
        import tensorflow as tf

        gradients = tf.function(self._eager_gradients)
        submodel = self.tracer.submodel
        outputs = tf.function(lambda x: submodel(x, training=False))
        self._gradients = gradients
        self._outputs = lambda x: [np.asarray(v) for v in outputs(x)]
        self.compiled = True

    def warm(self) -> None:
        """Traces the compiled functions once (the frames then run them at full speed)."""
        if self.batch is not None:
            self.gradients()
            self.batch_outputs()
        if self.plane is not None:
            self.grid_outputs()

    def gradients(self) -> dict[str, np.ndarray]:
        """Each layer's gradients, all its trainable weights flattened together."""
        grads = list(self._gradients())
        found, start = {}, 0
        for layer in self.layers:
            count = len(layer.trainable_weights)
            parts = [np.zeros(int(np.prod(v.shape))) if g is None else np.asarray(g).ravel()
                     for v, g in zip(layer.trainable_weights, grads[start:start + count],
                                     strict=True)]
            found[layer.name] = np.concatenate(parts)
            start += count
        return found

    def batch_outputs(self) -> list[np.ndarray]:
        return self._outputs(self.batch.x)

    def grid_outputs(self) -> dict[str, np.ndarray]:
        """Each layer's outputs on the grid, (size, size, units), the input left out."""
        size = self.plane.size
        return {layer.name: values.reshape(size, size, -1)
                for layer, values in zip(self.tracer.layers, self._outputs(self.grid),
                                         strict=True)
                if layer.name != self.plane.input_name}


def frame_of(math: FrameMath, epoch: int, with_plane: bool) -> LiveFrame:
    """Everything a frame shows, from the model as it is now."""
    model = math.model
    weights = layer_weights(model)
    trainable = {layer.name for layer in math.layers}
    weight_histograms = {name: Histogram.of(w.flat()) for name, w in weights.items()
                         if name in trainable}
    gradient_histograms, activations = {}, {}
    if math.batch is not None:
        gradient_histograms = {name: Histogram.of(g) for name, g in math.gradients().items()}
        for layer, values in zip(math.tracer.layers, math.batch_outputs(), strict=True):
            flat = np.asarray(values, dtype=float).ravel()
            if flat.size:
                activations[layer.name] = (float(flat.mean()), float(flat.min()),
                                           float(flat.max()))
    surface, maps = None, {}
    if with_plane and math.plane is not None:
        maps = math.grid_outputs()
        surface = maps.pop(math.plane.output_name, None)
        if surface is not None and math.plane.logits:  # drawn as probabilities
            from engine.losses import logits_to_probabilities

            surface = logits_to_probabilities(
                surface, sigmoid=math.plane.logits == "sigmoid").astype("float32")
    return LiveFrame(epoch, weights, weight_histograms, gradient_histograms, activations,
                     surface, maps)


class LiveWatch:
    """Makes, for every fit, the callback that sends frames (see the module's text)."""

    def __init__(self, send, *, budget: float = BUDGET, plane_interval: float = PLANE_INTERVAL,
                 grid: int = GRID, compile_after: float = COMPILE_AFTER):
        self.send = send
        self.compile_after = compile_after
        self.budget = budget
        self.plane_interval = plane_interval
        self.grid = grid
        self.enabled = True

    def factory(self, model, prepared, binding):
        if not self.enabled or model is None or prepared is None or binding is None:
            return None
        try:
            return _callback_class()(self, model, prepared, binding)
        except Exception as exc:  # a view must never stop a real training from starting
            self.send(LiveProblem(f"The live views are off for this run: "
                                  f"{type(exc).__name__}: {exc}"))
            return None


def _single(values: dict):
    return next(iter(values.values())) if len(values) == 1 else values


_CLASS = None


def _callback_class():
    global _CLASS
    if _CLASS is None:
        _CLASS = _make_callback_class(_keras())
    return _CLASS


def _make_callback_class(keras):
    class LiveCallback(keras.callbacks.Callback):
        """Sends LivePlane once, then a LiveFrame at the end of the epochs it can afford."""

        def __init__(self, watch: LiveWatch, model, prepared, binding):
            super().__init__()
            from engine.learn.trace import Tracer

            self.watch = watch
            plane = make_plane(model, prepared, binding, watch.grid)
            batch = FixedBatch(prepared, binding) if prepared.splits.get("train") else None
            self.math = FrameMath(model, Tracer(model), batch, plane)
            self.plane = plane
            self.spent = 0.0  # seconds the frames took (compiling left out)
            self.compile_seconds = 0.0
            self.began = time.monotonic()
            self.last_plane = -np.inf
            self.first_epoch = None
            self.last_epoch = 0
            self.sent_epoch = 0
            self.plane_epoch = 0
            self.failed = False

        def on_train_begin(self, logs=None):
            self.began = time.monotonic()
            if self.plane is not None:
                self.watch.send(self.plane)

        def on_epoch_begin(self, epoch, logs=None):
            if self.first_epoch is None:
                self.first_epoch = epoch

        def on_epoch_end(self, epoch, logs=None):
            self.last_epoch = epoch + 1
            elapsed = time.monotonic() - self.began
            total = (self.params or {}).get("epochs")
            self._maybe_compile(elapsed, total)
            first = self.sent_epoch == 0
            last = self.last_epoch == total
            if first or last or self.spent <= self.watch.budget * max(elapsed - self.spent, 0):
                self._send(self.last_epoch, final=last)

        def on_train_end(self, logs=None):
            behind = self.plane is not None and self.plane_epoch != self.last_epoch
            if self.last_epoch and (self.sent_epoch != self.last_epoch or behind):
                self._send(self.last_epoch, final=True)

        def _maybe_compile(self, elapsed: float, total) -> None:
            """Compiles the frame's math when the epochs still to come take long enough
            for compiling to be a small share of them."""
            if self.math.compiled or self.failed or not total or self.first_epoch is None:
                return
            done = self.last_epoch - self.first_epoch
            left = total - self.last_epoch
            if done <= 0 or left <= 0 or elapsed / done * left < self.watch.compile_after:
                return
            start = time.monotonic()
            try:
                self.math.compile()
                self.math.warm()
            except Exception:  # the eager math still works
                self.math = FrameMath(self.math.model, self.math.tracer, self.math.batch,
                                      self.math.plane)
                self.math.compiled = True
            self.compile_seconds = time.monotonic() - start

        def _send(self, epoch: int, final: bool = False) -> None:
            if self.failed:
                return
            start = time.monotonic()
            with_plane = self.plane is not None and (
                final or start - self.last_plane >= self.watch.plane_interval)
            try:
                frame = frame_of(self.math, epoch, with_plane)
            except Exception as exc:  # a view must never end a real training
                self.failed = True
                self.watch.send(LiveProblem(f"The live views stopped: {type(exc).__name__}: "
                                            f"{exc}"))
                return
            if with_plane:
                self.last_plane = start
                self.plane_epoch = epoch
            self.sent_epoch = epoch
            self.watch.send(frame)
            self.spent += time.monotonic() - start

    return LiveCallback


@dataclass(frozen=True)
class LiveProblem:
    message: str
    kind: str = "live_problem"

"""The trainer: builds the project's model, fits it on the bound data in the calling thread
(a GUI runs it in a worker thread), reports to a listener, stops between batches when
asked, continues from where it stopped, evaluates and predicts.

    trainer = Trainer.from_project(project)
    binding = trainer.prepare()            # loads the data, checks the binding
    done = trainer.train(listener)         # a fresh model; returns the DoneEvent
    trainer.continue_training(listener, epochs=5)   # same weights and optimizer state
    trainer.evaluate()                     # {"loss": ..., "output_accuracy": ...} on test
    trainer.predict([0, 1, 2])             # Predictions with probabilities and classes

With `training.distribution` "mirrored" the model is built and compiled in TensorFlow's
MirroredStrategy scope (`trainer.strategy`); the batch size is the global batch, split over
the replicas. "multi_host" is refused here: it runs only from an exported script.

`stop()` may be called from any thread. Keras keeps per-thread state, so build, train,
evaluate and predict from one worker thread when possible, and never predict while training.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

import numpy as np

from engine.compiler import build_and_compile
from engine.data.binding import Binding, bind
from engine.data.errors import DataError
from engine.data.image_faults import naming_broken_images
from engine.data.prepare import PreparedData, prepare_data
from engine.distribution import DevicePlan, plan, strategy_scope
from engine.errors import DendriteError
from engine.graph import Graph
from engine.keras_setup import keras as _keras
from engine.model_io import INPUTS, OUTPUTS, by_name, feed, feed_stream
from engine.training.events import DoneEvent, ErrorEvent, StartEvent, notify
from engine.training.fit_options import class_weights, keras_callbacks
from engine.training.history import History
from engine.training.progress import REPORT_INTERVAL, make_progress_callback
from engine.training.results import Predictions, make_predictions
from engine.training.settings import SettingsError, TrainingSettings, read_settings
from engine.training.signature import graph_signature
from engine.training.state import apply_state

CHECKPOINT_SUFFIX = ".best.keras"


class BindingFailed(DataError):
    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("the data does not fit the graph:\n"
                         + "\n".join(p.message for p in self.problems))


class TrainerBusy(DendriteError):
    pass


class Trainer:
    def __init__(self, graph: Graph, data_spec: dict | None = None,
                 training_spec: dict | None = None, *, base_dir: str | Path | None = None,
                 checkpoint_path: str | Path | None = None,
                 prepared: PreparedData | None = None):
        self.graph = graph.copy()
        self.data_spec = data_spec or {}
        from engine.search.space import plain_settings  # a searched setting: its low/first

        self.training_spec = plain_settings(training_spec or {})
        self.base_dir = Path(base_dir) if base_dir is not None else None
        self.checkpoint_path = Path(checkpoint_path) if checkpoint_path else None
        self.prepared = prepared
        self.binding: Binding | None = None
        self.model = None
        self.history = History()
        self.signature = graph_signature(self.graph)
        self.report_interval = REPORT_INTERVAL
        self._stop = threading.Event()
        self._busy = threading.Lock()
        self._pending_state = None  # a loaded sidecar, applied when the model is first needed
        self.stale_state = None  # a sidecar of an older graph: kept until the next run
        self.device_plan: DevicePlan | None = None  # what the current model was built on
        self.strategy = None  # tf.distribute.MirroredStrategy for "mirrored", else None
        # Observers of a fit (live views, histograms): each is called as
        # factory(model, prepared, binding) when a fit starts and returns a Keras callback or None.
        self.callback_factories: list = []

    @classmethod
    def from_project(cls, project, prepared: PreparedData | None = None) -> Trainer:
        base = project.path.parent if project.path else None
        checkpoint = (project.path.with_name(project.path.stem + CHECKPOINT_SUFFIX)
                      if project.path else None)
        return cls(project.graph, project.data, project.training, base_dir=base,
                   checkpoint_path=checkpoint, prepared=prepared)

    # ---- data -----------------------------------------------------------------------------
    def prepare(self) -> Binding:
        """Loads and splits the data (once) and checks the binding; raises DataError when
        the data cannot be loaded. Binding problems are in the returned `Binding.problems`."""
        if self.prepared is None:
            self.prepared = prepare_data(self.data_spec, self.base_dir)
        self.binding = bind(self.graph, self.data_spec, self.prepared)
        return self.binding

    # ---- state ----------------------------------------------------------------------------
    @property
    def is_running(self) -> bool:
        return self._busy.locked()

    @property
    def is_trained(self) -> bool:
        return self.model is not None or self._pending_state is not None

    def fits(self, graph: Graph) -> bool:
        """Whether this trainer's weights still fit `graph` (False once the graph changed)."""
        return graph_signature(graph) == self.signature

    def stop(self) -> None:
        """Asks training to stop at the next batch boundary; safe from any thread."""
        self._stop.set()
        model = self.model
        if model is not None and self.is_running:
            model.stop_training = True

    # ---- training -------------------------------------------------------------------------
    def train(self, listener=None, epochs: int | None = None) -> DoneEvent:
        """Trains a fresh model (new weights, empty history) for `epochs` (default: the
        project's). Never raises for training problems: they arrive as an error event and
        the returned DoneEvent says why it ended."""
        return self._run(listener, epochs, fresh=True)

    def continue_training(self, listener=None, epochs: int | None = None) -> DoneEvent:
        """Trains `epochs` more from the current weights and optimizer state, extending the
        history (as calling `fit()` again does). Without a model yet it starts fresh."""
        return self._run(listener, epochs, fresh=False)

    def _run(self, listener, epochs, fresh) -> DoneEvent:
        if not self._busy.acquire(blocking=False):
            raise TrainerBusy("training is already running")
        self._stop.clear()
        try:
            return self._fit(listener, epochs, fresh)
        except Exception as exc:  # reported, never raised: the app keeps running
            epoch = len(self.history)
            message = _describe(exc)
            notify(listener, ErrorEvent(message))
            done = DoneEvent("error", 0, epoch, message)
            notify(listener, done)
            return done
        finally:
            self._busy.release()

    def _fit(self, listener, epochs, fresh) -> DoneEvent:
        settings = read_settings(self.training_spec)
        if settings.distribution == "multi_host":
            raise SettingsError(plan("multi_host").explanation)
        if self.binding is None:
            self.prepare()
        if not self.binding.ok:
            raise BindingFailed(self.binding.errors)
        if fresh or not self._ensure_model():
            self._new_model(settings)
        data, binding, model = self.prepared, self.binding, self.model
        initial = len(self.history)
        total = initial + (epochs if epochs is not None else settings.epochs)
        if data.is_streamed:  # an image folder: batches decoded from disk as they are needed
            x, y, batch_size, validation = _streams(binding, data, settings)
            x, validation = self._stream(x), self._stream(validation)
        else:
            x, y = self._x(binding.x(data, "train")), self._y(binding.y(data, "train"))
            batch_size, validation = settings.batch_size, None
            if "validation" in data.splits:
                validation = (self._x(binding.x(data, "validation")),
                              self._y(binding.y(data, "validation")))
        notices: list[str] = []
        built_for = self.device_plan.distribution if self.device_plan else "none"
        if built_for == "mirrored":
            notices.append(f"devices: {self.device_plan.explanation}")
        if built_for != settings.distribution:
            notices.append(f"devices: the model was built for {built_for}; the "
                           f"{settings.distribution} choice applies from the next Start")
        extra = keras_callbacks(settings, validation is not None, self.checkpoint_path, notices)
        weights = class_weights(settings, binding, data)
        samples = len(data.splits["train"])
        progress = make_progress_callback(listener, self.history, self._stop, samples,
                                          settings.batch_size, total,
                                          initial * _batches(samples, settings.batch_size),
                                          self.report_interval)
        observers = [cb for factory in self.callback_factories
                     if (cb := factory(model, data, binding)) is not None]
        notify(listener, StartEvent(initial, total, progress.batches, samples, tuple(notices)))
        if not self._stop.is_set():
            with naming_broken_images(data):  # a corrupt image: its file named
                model.fit(x, y, batch_size=batch_size, epochs=total,
                          shuffle=not data.is_streamed, initial_epoch=initial,
                          validation_data=validation, class_weight=weights,
                          callbacks=[progress, *extra, *observers], verbose=0)
        return self._finish(listener, progress, extra, len(self.history))

    def _finish(self, listener, progress, extra, epoch) -> DoneEvent:
        if progress.divergence is not None:
            message = progress.divergence.message()
            notify(listener, ErrorEvent(message, progress.divergence.epoch,
                                        progress.divergence.batch))
            done = DoneEvent("diverged", progress.epochs_run, epoch, message)
        elif self._stop.is_set():
            done = DoneEvent("stopped", progress.epochs_run, epoch,
                             f"stopped after epoch {epoch}" if epoch else "stopped")
        elif any(getattr(cb, "stopped_epoch", 0) for cb in extra):
            done = DoneEvent("early_stopping", progress.epochs_run, epoch,
                             f"early stopping ended training at epoch {epoch}")
        else:
            done = DoneEvent("finished", progress.epochs_run, epoch)
        notify(listener, done)
        return done

    def _new_model(self, settings: TrainingSettings) -> None:
        keras = _keras()
        if settings.seed is not None:
            keras.utils.set_random_seed(settings.seed)
        self.model = self._build(settings, self.binding.bound_shapes if self.binding else None)
        self.history = History()
        self._pending_state = None
        self.stale_state = None

    def _ensure_model(self) -> bool:
        """A model to continue: the current one, or one rebuilt from a loaded sidecar."""
        if self.model is not None:
            return True
        state = self._pending_state
        if state is None or not state.fits:
            return False
        bound = self.binding.bound_shapes if self.binding else state.bound_shapes
        self.model = self._build(read_settings(self.training_spec), bound,
                                 lambda model: apply_state(model, state))
        self.history = History(state.history.values)
        self._pending_state = None
        return True

    def _build(self, settings: TrainingSettings, bound_shapes, then=None):
        """Builds and compiles the model, in the MirroredStrategy's scope for "mirrored"
        (`then(model)` runs in that scope too, so restored optimizer state is mirrored)."""
        self.device_plan = None
        if settings.distribution != "none":
            self.device_plan = plan(settings.distribution, list(settings.devices or ()))
        scope, self.strategy = (strategy_scope(self.device_plan) if self.device_plan
                                else (contextlib.nullcontext(), None))
        with scope:
            model = build_and_compile(self.graph, self.training_spec, bound_shapes)
            if then is not None:
                then(model)
        return model

    def adopt_state(self, state) -> None:
        """Takes a loaded sidecar (`engine.training.state.load_state`): its history now, its
        weights when the model is next needed, if they fit this graph."""
        self.history = History(state.history.values)
        self._pending_state = state if state.fits else None
        self.stale_state = None if state.fits else state
        self.model = None

    # ---- results --------------------------------------------------------------------------
    def _ready(self) -> None:
        if self.is_running:
            raise TrainerBusy("wait for training to end (or stop it) before this")
        if self.binding is None:
            self.prepare()
        if self.model is None and not self._ensure_model():
            raise DataError("the model is not trained yet: start training first")

    def evaluate(self, split: str = "test") -> dict[str, float]:
        """Every loss and metric on a split (default the test split), as `evaluate` gives."""
        self._ready()
        if split not in self.prepared.splits:
            raise DataError(f"there is no {split} split (set its fraction above 0)")
        settings = read_settings(self.training_spec)
        if self.prepared.is_streamed:
            with naming_broken_images(self.prepared):
                found = self.model.evaluate(self._stream(self.binding.stream(
                                                self.prepared, split, settings.batch_size)),
                                            verbose=0, return_dict=True)
            return {k: float(v) for k, v in found.items()}
        found = self.model.evaluate(self._x(self.binding.x(self.prepared, split)),
                                    self._y(self.binding.y(self.prepared, split)),
                                    batch_size=settings.batch_size, verbose=0,
                                    return_dict=True)
        return {k: float(v) for k, v in found.items()}

    def predict(self, indices=None, split: str = "test") -> Predictions:
        """Predictions for chosen samples of a split (default its first 10): per output the
        predicted class and class probabilities, or the predicted value."""
        self._ready()
        if split not in self.prepared.splits:
            raise DataError(f"there is no {split} split (set its fraction above 0)")
        n = len(self.prepared.splits[split])
        index = np.arange(min(10, n)) if indices is None else np.asarray(indices, np.int64)
        if len(index) and (index.min() < 0 or index.max() >= n):
            raise DataError(f"sample numbers must be from 0 to {n - 1} in the {split} split")
        if self.prepared.is_streamed:  # only the asked images are read from disk
            x = self.binding.x(self.prepared, split, index)
        else:
            x = {k: v[index] for k, v in self.binding.x(self.prepared, split).items()}
        raw = by_name(self.graph, self.model.predict(self._x(x), verbose=0))
        return make_predictions(raw, self.binding, self.prepared, split, index, self.graph)

    # ---- x and y as the model takes them: a list, or a dict under its keys ----------------
    def _x(self, values: dict):
        return feed(self.graph, INPUTS, values)

    def _y(self, values: dict):
        return feed(self.graph, OUTPUTS, values)

    def _stream(self, dataset):
        return feed_stream(self.graph, dataset, [b.name for b in self.binding.inputs.values()],
                           [b.name for b in self.binding.outputs.values()])


def _streams(binding: Binding, data: PreparedData, settings: TrainingSettings):
    """(x, y, batch size, validation) for `fit` on a streamed split: tf.data datasets of
    batches (the training one reshuffled each epoch with the training seed)."""
    train = binding.stream(data, "train", settings.batch_size, shuffle=True,
                           seed=settings.seed)
    validation = (binding.stream(data, "validation", settings.batch_size)
                  if "validation" in data.splits else None)
    return train, None, None, validation


def _batches(samples: int, batch_size: int) -> int:
    return -(-samples // batch_size)


def _describe(exc: Exception) -> str:
    if isinstance(exc, DendriteError):
        return str(exc)
    return f"training failed: {type(exc).__name__}: {exc}"

"""The project's real Keras model and data, opened for looking inside (backprop, trace).

    opened = open_project_model(project)   # loads the data, builds the model
    opened.model, opened.x("train", 4), opened.y("train", 4), opened.trained

The model is compiled with the project's losses and plain SGD at the project's learning rate,
so one `train_on_batch` is exactly the update the backprop view shows. Saved weights beside
the project (its trained state) are used when they fit the graph; otherwise the weights are
the fresh ones of the project's seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.graph import Graph
from engine.keras_setup import keras as _keras
from engine.losses import default_learning_rate

SPLITS_IN_ORDER = ("test", "validation", "train")


@dataclass
class OpenedModel:
    graph: Graph
    model: object  # keras.Model
    learning_rate: float
    trained: bool
    binding: object | None = None  # engine.data.binding.Binding
    prepared: object | None = None  # engine.data.prepare.PreparedData

    def split_size(self, split: str) -> int:
        found = self.prepared.splits.get(split) if self.prepared else None
        return len(found) if found is not None else 0

    def x(self, split: str, indices) -> dict[str, np.ndarray]:
        """Inputs of chosen samples, keyed by the model's input names."""
        return {k: v[indices] for k, v in self.binding.x(self.prepared, split).items()}

    def y(self, split: str, indices) -> dict[str, np.ndarray]:
        """Targets of chosen samples, keyed by the model's output names."""
        return {k: v[indices] for k, v in self.binding.y(self.prepared, split).items()}

    def first_split(self) -> str:
        """The test split when there is one (a sample the model never trained on)."""
        return next(s for s in SPLITS_IN_ORDER if self.split_size(s))


def sgd_training(training: dict | None, learning_rate: float | None = None) -> dict:
    """The project's training section with plain SGD at its learning rate (or the given one)."""
    training = dict(training or {})
    optimizer = dict(training.get("optimizer") or {})
    rate = learning_rate if learning_rate is not None else optimizer.get("learning_rate")
    rate = float(rate) if rate is not None else default_learning_rate("sgd")
    training["optimizer"] = {"name": "sgd", "learning_rate": rate}
    return training


def build_sgd_model(graph: Graph, training: dict | None, bound_shapes=None,
                    learning_rate: float | None = None):
    """(model, learning rate): the graph's model with fresh weights of the project's seed,
    compiled with plain SGD."""
    from engine.compiler import build_and_compile

    keras = _keras()
    sgd = sgd_training(training, learning_rate)
    seed = (training or {}).get("seed")
    keras.utils.set_random_seed(int(seed) if isinstance(seed, int) else 42)
    model = build_and_compile(graph, sgd, bound_shapes)
    return model, sgd["optimizer"]["learning_rate"]


def open_project_model(project, learning_rate: float | None = None) -> OpenedModel:
    """Loads the project's data and builds its model (raises DataError or
    InvalidGraphError with the reason)."""
    from engine.training.state import OK, apply_state, load_state
    from engine.training.trainer import BindingFailed, Trainer

    trainer = Trainer.from_project(project)
    binding = trainer.prepare()
    if not binding.ok:
        raise BindingFailed(binding.errors)
    model, rate = build_sgd_model(project.graph, project.training, binding.bound_shapes,
                                  learning_rate)
    loaded = load_state(project) if project.path else None
    trained = bool(loaded and loaded.status == OK)
    if trained:
        apply_state(model, loaded.state)
    return OpenedModel(project.graph, model, rate, trained, binding, trainer.prepared)


def single(values: dict):
    """A lone input or target as a bare array, as Keras takes it."""
    return next(iter(values.values())) if len(values) == 1 else values

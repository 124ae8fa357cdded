"""Keras's own callbacks and class weights from the training settings."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from engine.data.binding import Binding
from engine.data.prepare import PreparedData
from engine.keras_setup import keras as _keras
from engine.sections import TRAINING
from engine.training.checkpoint import checkpoint_callback
from engine.training.settings import SettingsError, TrainingSettings


def monitored(name: str, has_validation: bool, notices: list[str], what: str) -> str:
    """The monitored figure; without a validation split, val_x falls back to x (told)."""
    if name.startswith("val_") and not has_validation:
        notices.append(f"{what} watches {name}, but there is no validation split: it "
                       f"watches {name[4:]} instead")
        return name[4:]
    return name


def keras_callbacks(settings: TrainingSettings, has_validation: bool,
                    checkpoint_path: Path | None, notices: list[str]) -> list:
    keras = _keras()
    found = []
    if settings.early_stopping:
        early = settings.early_stopping
        found.append(keras.callbacks.EarlyStopping(
            monitor=monitored(early["monitor"], has_validation, notices, "early stopping"),
            patience=early["patience"],
            restore_best_weights=early["restore_best_weights"]))
    if settings.checkpoint:
        if checkpoint_path is None:
            notices.append("the best-model checkpoint is not written: save the project first "
                           "(the file goes beside it)")
        else:
            found.append(checkpoint_callback(
                checkpoint_path,
                monitored(settings.checkpoint["monitor"], has_validation, notices,
                          "the checkpoint"),
                settings.checkpoint["save_best_only"]))
    if TRAINING.value(settings.raw, "tensorboard"):
        from engine.runs.tensorboard import project_path_of, tensorboard_callback

        board = tensorboard_callback(project_path_of(checkpoint_path), notices)
        found += [board] if board is not None else []
    return found


def class_weights(settings: TrainingSettings, binding: Binding,
                  data: PreparedData) -> dict[int, float] | None:
    """Keras's `class_weight` argument: None, "balanced" (scikit-learn's rule on the
    training split) or the project's {class: weight}, class given by number or name."""
    spec = settings.class_weight
    if spec is None:
        return None
    if len(binding.outputs) != 1:
        raise SettingsError("training.class_weight: class weights work for a model with one "
                            "output only; clear them for this model")
    out = next(iter(binding.outputs.values()))
    target = data.dataset.target(out.target)
    if target is None or not target.is_classification:
        raise SettingsError("training.class_weight: the target is not a class label; clear "
                            "the class weights")
    y = data.splits["train"].targets[out.target].astype(np.int64)
    if spec == "balanced":
        from sklearn.utils.class_weight import compute_class_weight

        present = np.unique(y)
        values = compute_class_weight("balanced", classes=present, y=y)
        return {int(c): float(w) for c, w in zip(present, values, strict=True)}
    weights = {}
    names = {name: i for i, name in enumerate(target.class_names or [])}
    for key, value in spec.items():
        index = names.get(str(key))
        if index is None:
            try:
                index = int(key)
            except (TypeError, ValueError):
                index = -1
        if not 0 <= index < target.n_classes:
            raise SettingsError(f"training.class_weight: there is no class {key!r} (classes: "
                                f"{', '.join(target.class_names or [])})")
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise SettingsError(f"training.class_weight.{key}: expected a weight >= 0, got "
                                f"{value!r}")
        weights[index] = float(value)
    return weights

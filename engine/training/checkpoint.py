"""The best-model checkpoint beside the project, written like every other file the app
writes (engine.export.save_model, through engine.atomic_file): a crash or a full disk in the
middle of a save leaves the previous checkpoint whole and no temporary behind."""

from __future__ import annotations

import math
from pathlib import Path

from engine.keras_setup import keras as _keras

_HIGHER_IS_BETTER = ("acc", "auc", "precision", "recall", "f1")


def higher_is_better(monitor: str) -> bool:
    """Keras's own "auto" rule: accuracy-like figures grow, losses and errors shrink."""
    name = monitor.removeprefix("val_")
    return any(word in name for word in _HIGHER_IS_BETTER)


def checkpoint_callback(path: Path, monitor: str, save_best_only: bool):
    """A Keras callback that saves the model to `path` after each epoch (only when
    `monitor` improved, with `save_best_only`)."""
    keras = _keras()
    from engine.export.model_files import save_model

    class AtomicCheckpoint(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.best: float | None = None
            self.grows = higher_is_better(monitor)

        def on_epoch_end(self, epoch, logs=None):
            value = (logs or {}).get(monitor)
            if save_best_only:
                if value is None or not math.isfinite(float(value)):
                    return
                value = float(value)
                if self.best is not None and (value <= self.best if self.grows
                                              else value >= self.best):
                    return
            save_model(self.model, path)
            if save_best_only:
                self.best = value  # only once it is on disk

    return AtomicCheckpoint()

"""The project's `training` section read with its defaults, each bad value named."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.errors import DendriteError

DEFAULT_EPOCHS = 30
DEFAULT_BATCH_SIZE = 32


class SettingsError(DendriteError):
    pass


@dataclass
class TrainingSettings:
    epochs: int = DEFAULT_EPOCHS
    batch_size: int = DEFAULT_BATCH_SIZE
    seed: int | None = None
    early_stopping: dict | None = None  # {monitor, patience, restore_best_weights}
    checkpoint: dict | None = None  # {save_best_only, monitor}
    class_weight: str | dict | None = None
    raw: dict = field(default_factory=dict)  # the section as written (optimizer included)


def read_settings(spec: dict | None) -> TrainingSettings:
    spec = dict(spec or {})
    epochs = _int(spec.get("epochs", DEFAULT_EPOCHS), "epochs", 1)
    batch = _int(spec.get("batch_size", DEFAULT_BATCH_SIZE), "batch_size", 1)
    seed = spec.get("seed")
    if seed is not None:
        seed = _int(seed, "seed", 0)
    early = spec.get("early_stopping")
    if early is not None:
        if not isinstance(early, dict):
            raise SettingsError(f"training.early_stopping: expected null or an object, got "
                                f"{early!r}")
        early = {"monitor": str(early.get("monitor", "val_loss")),
                 "patience": _int(early.get("patience", 10), "early_stopping.patience", 0),
                 "restore_best_weights": bool(early.get("restore_best_weights", True))}
    checkpoint = spec.get("checkpoint")
    if checkpoint is not None:
        if not isinstance(checkpoint, dict):
            raise SettingsError(f"training.checkpoint: expected null or an object, got "
                                f"{checkpoint!r}")
        checkpoint = {"save_best_only": bool(checkpoint.get("save_best_only", True)),
                      "monitor": str(checkpoint.get("monitor", "val_loss"))}
    weights = spec.get("class_weight")
    if weights is not None and weights != "balanced" and not isinstance(weights, dict):
        raise SettingsError(f"training.class_weight: expected null, \"balanced\" or "
                            f"{{class: weight}}, got {weights!r}")
    return TrainingSettings(epochs, batch, seed, early, checkpoint, weights, spec)


def _int(value, name: str, minimum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise SettingsError(f"training.{name}: expected an integer of at least {minimum}, got "
                            f"{value!r}")
    return value

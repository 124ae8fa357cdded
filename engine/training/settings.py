"""The project's `training` section read with its defaults, each bad value named."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.distribution import CHOICES
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
    distribution: str = "none"  # one of engine.distribution.CHOICES
    devices: tuple[str, ...] | None = None  # mirrored over these devices (None: all local)
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
    distribution, devices = read_distribution(spec.get("distribution"))
    return TrainingSettings(epochs, batch, seed, early, checkpoint, weights, distribution,
                            devices, spec)


def read_distribution(value) -> tuple[str, tuple[str, ...] | None]:
    """`"none"`, `"mirrored"`, `"multi_host"`, or `{"strategy": "mirrored", "devices": [...]}`
    for chosen devices; returns (strategy, devices or None)."""
    expected = ", ".join(f'"{c}"' for c in CHOICES)
    if value is None:
        return "none", None
    if isinstance(value, str):
        if value not in CHOICES:
            raise SettingsError(f"training.distribution: expected one of {expected}, got "
                                f"{value!r}")
        return value, None
    if not isinstance(value, dict):
        raise SettingsError(f"training.distribution: expected one of {expected} or "
                            f'{{"strategy": "mirrored", "devices": [...]}}, got {value!r}')
    strategy, _ = read_distribution(value.get("strategy", "none"))
    devices = value.get("devices")
    if devices is None:
        return strategy, None
    if strategy != "mirrored":
        raise SettingsError(f"training.distribution.devices: only mirrored runs on chosen "
                            f"devices, not {strategy}")
    if (not isinstance(devices, list) or not devices
            or not all(isinstance(d, str) and d.strip() for d in devices)):
        raise SettingsError("training.distribution.devices: expected a list of device names "
                            f'such as ["/gpu:0", "/gpu:1"], got {devices!r}')
    return strategy, tuple(devices)


def _int(value, name: str, minimum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise SettingsError(f"training.{name}: expected an integer of at least {minimum}, got "
                            f"{value!r}")
    return value

"""The project's `training` section read with its declared defaults (engine.sections), each
bad value named with its path."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.distribution import CHOICES
from engine.errors import DendriteError
from engine.params import show_value
from engine.sections import TRAINING, SectionProblem


class SettingsError(DendriteError):
    pass


@dataclass
class TrainingSettings:
    epochs: int = TRAINING.default("epochs")
    batch_size: int = TRAINING.default("batch_size")
    seed: int | None = TRAINING.default("seed")
    early_stopping: dict | None = None  # {monitor, patience, restore_best_weights}
    checkpoint: dict | None = None  # {save_best_only, monitor}
    class_weight: str | dict | None = None
    distribution: str = "none"  # one of engine.distribution.CHOICES
    devices: tuple[str, ...] | None = None  # mirrored over these devices (None: all local)
    raw: dict = field(default_factory=dict)  # the section as written (optimizer included)


def settings_problems(spec) -> list[SectionProblem]:
    """Every bad value of the `training` section, each with its path (none: it reads); a
    search is checked as a search (its note is `engine.search.space.settings_searches`)."""
    from engine.search.space import plain_settings, settings_searches

    bad = [SectionProblem(where, message) for where, error, message
           in settings_searches(spec) if error]
    if bad:
        return bad
    spec = plain_settings(spec)
    found = TRAINING.problems(spec)
    if found or not isinstance(spec, dict):
        return found
    try:
        _class_weight(spec.get("class_weight"))
        read_distribution(spec.get("distribution"))
    except SettingsError as exc:
        where, _, message = str(exc).partition(": ")
        found.append(SectionProblem(where, message))
    return found


def read_settings(spec: dict | None) -> TrainingSettings:
    from engine.search.space import plain_settings  # a searched setting: its low/first

    spec = plain_settings(spec)
    problems = TRAINING.problems(spec)
    if problems:
        raise SettingsError(f"{problems[0].where}: {problems[0].message}")
    spec = dict(spec or {})

    def value(path):
        return TRAINING.value(spec, path)

    early = None
    if spec.get("early_stopping") is not None:
        early = {"monitor": value("early_stopping.monitor"),
                 "patience": value("early_stopping.patience"),
                 "restore_best_weights": value("early_stopping.restore_best_weights")}
    checkpoint = None
    if spec.get("checkpoint") is not None:
        checkpoint = {"save_best_only": value("checkpoint.save_best_only"),
                      "monitor": value("checkpoint.monitor")}
    weights = _class_weight(spec.get("class_weight"))
    distribution, devices = read_distribution(spec.get("distribution"))
    return TrainingSettings(value("epochs"), value("batch_size"), value("seed"), early,
                            checkpoint, weights, distribution, devices, spec)


def _class_weight(weights):
    if weights is not None and weights != "balanced" and not isinstance(weights, dict):
        raise SettingsError(f"training.class_weight: expected null, \"balanced\" or "
                            f"{{class: weight}}, got {show_value(weights)}")
    return weights


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

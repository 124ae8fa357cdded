"""The loss, loss weights, metrics and optimizer a model file was compiled with, read back
into the project's words where they are ones Dendrite offers (others are left unset and the
import notes say so)."""

from __future__ import annotations

from engine.losses import KERAS_LOSS, KERAS_METRIC, OPTIMIZERS
from engine.params import LOSSES, METRICS

_LOSS_NAMES = {**{v: k for k, v in KERAS_LOSS.items()}, **{k: k for k in LOSSES},
               "meansquarederror": "mse", "meanabsoluteerror": "mae", "huber": "huber",
               "binarycrossentropy": "binary_crossentropy",
               "categoricalcrossentropy": "categorical_crossentropy",
               "sparsecategoricalcrossentropy": "sparse_categorical_crossentropy"}
_METRIC_NAMES = {**{v: k for k, v in KERAS_METRIC.items()}, **{k: k for k in METRICS},
                 "meansquarederror": "mse", "meanabsoluteerror": "mae",
                 "rootmeansquarederror": "rmse", "meanabsolutepercentageerror": "mape",
                 "acc": "accuracy"}
_OPTIMIZER_NAMES = {v.lower(): k for k, v in OPTIMIZERS.items()}
# settings of a loss or metric object that change its numbers, with the value Dendrite's
# losses and metrics have; any other value is not dropped silently
_NEUTRAL = {"from_logits": False, "label_smoothing": 0.0, "delta": 1.0, "ignore_class": None,
            "axis": -1, "reduction": "sum_over_batch_size", "threshold": 0.5}


def _changed_settings(value) -> list[str]:
    """'from_logits=True'... for the settings of a saved loss/metric object that differ from
    what the project's loss or metric of that name computes."""
    inner = value.get("config") if isinstance(value, dict) else None
    if not isinstance(inner, dict):
        return []
    return [f"{key}={inner[key]!r}" for key, neutral in _NEUTRAL.items()
            if key in inner and inner[key] != neutral]


def _name(value) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        inner = value.get("config")
        if isinstance(inner, dict) and isinstance(inner.get("name"), str) and (
                value.get("class_name") in ("function", None)):
            return inner["name"]
        if isinstance(inner, str):
            return inner
        named = value.get("class_name")
        return named if isinstance(named, str) else None
    return None


def _lookup(value, table) -> str | None:
    name = _name(value)
    if name is None:
        return None
    return table.get(name) or table.get(name.lower().replace("_", ""))


def _per_output(value, outputs: list[str]) -> dict:
    if isinstance(value, dict) and not ("class_name" in value or "module" in value):
        return {k: value[k] for k in outputs if k in value}
    if isinstance(value, list | tuple) and len(value) == len(outputs) and len(outputs) > 1:
        return dict(zip(outputs, value, strict=True))
    if isinstance(value, list | tuple) and len(outputs) == 1 and value and all(
            isinstance(v, list | tuple) for v in value):
        return {outputs[0]: value[0]}
    return {name: value for name in outputs} if value is not None else {}


def read_compile_config(config: dict | None, outputs: list[str]) -> tuple[dict, dict | None,
                                                                          list[str]]:
    """({output: {loss, loss_weight, metrics}}, optimizer spec or None, notes)."""
    notes: list[str] = []
    found: dict[str, dict] = {name: {} for name in outputs}
    if not isinstance(config, dict):
        return found, None, notes
    for name, value in _per_output(config.get("loss"), outputs).items():
        loss = _lookup(value, _LOSS_NAMES)
        changed = _changed_settings(value)
        if loss is not None and changed:
            notes.append(f"output {name!r}: its loss {_name(value)!r} has "
                         f"{', '.join(changed)}, which Dendrite's {loss} does not compute; "
                         "the loss is left unset so that training never uses a different "
                         "one silently: choose one before training")
        elif loss is None:
            notes.append(f"output {name!r}: its loss {_name(value)!r} is not one Dendrite "
                         "offers; choose one before training")
        else:
            found[name]["loss"] = loss
    for name, value in _per_output(config.get("loss_weights"), outputs).items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            found[name]["loss_weight"] = float(value)
    metrics = config.get("metrics")
    if metrics is not None and not isinstance(metrics, dict) and len(outputs) == 1:
        metrics = {outputs[0]: metrics}
    for name, values in _per_output(metrics, outputs).items():
        picked = []
        for value in values if isinstance(values, list | tuple) else [values]:
            metric = _lookup(value, _METRIC_NAMES)
            changed = _changed_settings(value)
            if metric is not None and changed:
                notes.append(f"output {name!r}: its metric {_name(value)!r} has "
                             f"{', '.join(changed)}, which Dendrite's {metric} does not "
                             "compute; the metric is left out")
            elif metric is not None and metric not in picked:
                picked.append(metric)
        if picked:
            found[name]["metrics"] = picked
    return found, _optimizer(config.get("optimizer") or config.get("optimizer_config")), notes


def _optimizer(value) -> dict | None:
    if not isinstance(value, dict):
        return None
    name = _OPTIMIZER_NAMES.get(str(value.get("class_name", "")).lower())
    if name is None:
        return None
    inner = value.get("config")
    if not isinstance(inner, dict):
        inner = {}
    spec: dict = {"name": name}
    rate = inner.get("learning_rate", inner.get("lr"))
    if isinstance(rate, int | float) and not isinstance(rate, bool):
        spec["learning_rate"] = float(f"{rate:.7g}")  # float32 as saved, shortest form
    if name == "sgd":
        momentum = inner.get("momentum")
        if isinstance(momentum, int | float) and not isinstance(momentum, bool) and momentum:
            spec["momentum"] = float(momentum)
        if inner.get("nesterov"):
            spec["nesterov"] = True
    return spec

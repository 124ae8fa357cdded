"""The loss, loss weights, metrics and optimizer a model file was compiled with, read back
into the project's words where they are ones Dendrite offers (others are left unset and the
import notes say so). A cross-entropy loss with `from_logits=True` is kept: the output gets
`from_logits: true` (and its metrics that read logits are Dendrite's own for logits)."""

from __future__ import annotations

from engine.losses import (
    KERAS_LOSS,
    KERAS_METRIC,
    LOGITS_LOSSES,
    OPTIMIZERS,
    from_logits_problem,
    keras_metrics,
)
from engine.params import LOSSES, METRICS

_LOSS_NAMES = {**{v: k for k, v in KERAS_LOSS.items()}, **{k: k for k in LOSSES},
               "meansquarederror": "mse", "meanabsoluteerror": "mae", "huber": "huber",
               "binarycrossentropy": "binary_crossentropy",
               "categoricalcrossentropy": "categorical_crossentropy",
               "sparsecategoricalcrossentropy": "sparse_categorical_crossentropy"}
_METRIC_NAMES = {**{v: k for k, v in KERAS_METRIC.items()}, **{k: k for k in METRICS},
                 "meansquarederror": "mse", "meanabsoluteerror": "mae",
                 "rootmeansquarederror": "rmse", "meanabsolutepercentageerror": "mape",
                 "acc": "accuracy", "binaryaccuracy": "binary_accuracy",
                 "categoricalaccuracy": "categorical_accuracy",
                 "sparsecategoricalaccuracy": "sparse_categorical_accuracy"}
_ACCURACY_CLASSES = ("BinaryAccuracy", "CategoricalAccuracy", "SparseCategoricalAccuracy")
_OPTIMIZER_NAMES = {v.lower(): k for k, v in OPTIMIZERS.items()}
# settings of a loss or metric object that change its numbers, with the value Dendrite's
# losses and metrics have; any other value is not dropped silently
_NEUTRAL = {"from_logits": False, "label_smoothing": 0.0, "delta": 1.0, "ignore_class": None,
            "axis": -1, "reduction": "sum_over_batch_size", "threshold": 0.5,
            "thresholds": None, "top_k": None, "class_id": None, "curve": "ROC",
            "multi_label": False, "num_labels": None, "label_weights": None,
            "summation_method": "interpolation", "num_thresholds": 200}
_KEPT = object()  # a setting whose value Dendrite keeps (from_logits of a cross-entropy)


def _changed_settings(value, neutral: dict | None = None) -> list[str]:
    """'label_smoothing=0.1'... for the settings of a saved loss/metric object that differ
    from what the project's loss or metric of that name computes (`neutral`: those values,
    by default Dendrite's plain ones)."""
    inner = value.get("config") if isinstance(value, dict) else None
    if not isinstance(inner, dict):
        return []
    neutral = neutral or _NEUTRAL
    return [f"{key}={inner[key]!r}" for key, plain in neutral.items()
            if plain is not _KEPT and key in inner and inner[key] != plain]


def _metric_neutral(metric: str, logits_loss: str | None) -> dict:
    """The settings Dendrite's `metric` has on an output (one giving logits for
    `logits_loss`): on sigmoid logits its metrics compare with 0, and AUC reads logits."""
    if logits_loss != "binary_crossentropy":
        return _NEUTRAL
    made = keras_metrics({"metrics": [metric], "loss": logits_loss, "from_logits": True})[0]
    return {**_NEUTRAL, **getattr(made, "kwargs", {}), "name": _KEPT}


def _saved_from_logits(value) -> bool:
    inner = value.get("config") if isinstance(value, dict) else None
    return isinstance(inner, dict) and inner.get("from_logits") is True


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
    logits: dict[str, str] = {}  # output: its loss, for outputs whose loss reads logits
    for name, value in _per_output(config.get("loss"), outputs).items():
        loss = _lookup(value, _LOSS_NAMES)
        keeps_logits = loss in LOGITS_LOSSES and _saved_from_logits(value)
        changed = _changed_settings(value, {**_NEUTRAL, "from_logits": _KEPT}
                                    if keeps_logits else None)
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
            if keeps_logits:
                found[name]["from_logits"] = True
                logits[name] = loss
    for name, value in _per_output(config.get("loss_weights"), outputs).items():
        if isinstance(value, int | float) and not isinstance(value, bool):
            found[name]["loss_weight"] = float(value)
    metrics = config.get("metrics")
    if metrics is not None and not isinstance(metrics, dict) and len(outputs) == 1:
        metrics = {outputs[0]: metrics}
    for name, values in _per_output(metrics, outputs).items():
        picked = []
        for value in values if isinstance(values, list | tuple) else [values]:
            metric = _metric_name(value)
            changed = (_changed_settings(value, _metric_neutral(metric, logits.get(name)))
                       if metric is not None else [])
            if metric is not None and changed:
                notes.append(f"output {name!r}: its metric {_name(value)!r} has "
                             f"{', '.join(changed)}, which Dendrite's {metric} does not "
                             "compute; the metric is left out")
            elif metric is not None and metric not in picked:
                picked.append(metric)
        if picked:
            found[name]["metrics"] = picked
    return found, _optimizer(config.get("optimizer") or config.get("optimizer_config")), notes


def _metric_name(value) -> str | None:
    """Dendrite's name of a saved metric; an accuracy object named "accuracy" (as Dendrite
    writes its "accuracy" on logits) stays "accuracy"."""
    if (isinstance(value, dict) and value.get("class_name") in _ACCURACY_CLASSES
            and isinstance(value.get("config"), dict)
            and value["config"].get("name") in ("accuracy", "acc")):
        return "accuracy"
    return _lookup(value, _METRIC_NAMES)


def output_settings(node_type: str, params: dict, compiled: dict, name: str,
                    notes: list[str]) -> dict:
    """What an imported output node takes from the compile config (`compiled`, read by
    `read_compile_config`): all of it, except that a loss with from_logits=True on an output
    that cannot give logits is left unset, and a metric that cannot read logits is left
    out, each with its reason in `notes`."""
    settings = dict(compiled)
    if not settings.get("from_logits"):
        return settings
    merged = {**params, **settings}
    if node_type != "Output" or merged.get("activation", "linear") != "linear":
        reason = (from_logits_problem({**merged, "metrics": []}) if node_type == "Output"
                  else "this output is kept as a Keras layer box, which has no from_logits")
        notes.append(f"output {name!r}: its loss {settings['loss']!r} has from_logits=True, "
                     f"but {reason}; the loss is left unset so that training never uses a "
                     "different one silently: choose one before training")
        settings.pop("loss", None)
        settings.pop("from_logits")
        return settings
    kept = []
    for metric in settings.get("metrics", []):
        problem = from_logits_problem({**merged, "metrics": [metric]})
        if problem:
            notes.append(f"output {name!r}: {problem}; the metric is left out")
        else:
            kept.append(metric)
    if "metrics" in settings:
        settings["metrics"] = kept
    return settings


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

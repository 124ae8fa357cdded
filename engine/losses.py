"""How the project's loss, metric and optimizer names become Keras objects.

Short spellings such as "mse" do not survive a `.h5` round trip in Keras 3, so the model is
compiled with the long names Keras serialises by.

An Output may give logits (`from_logits`): the loss then applies sigmoid or softmax itself,
its accuracy-like metrics are the ones that read logits, and the Results tab turns the logits
into probabilities. That rule lives here, once; the compiler, the generated code, the
importer and the results ask it.
"""

from dataclasses import dataclass, field

KERAS_LOSS = {
    "mse": "mean_squared_error",
    "mae": "mean_absolute_error",
    "huber": "huber",
    "binary_crossentropy": "binary_crossentropy",
    "categorical_crossentropy": "categorical_crossentropy",
    "sparse_categorical_crossentropy": "sparse_categorical_crossentropy",
}

KERAS_METRIC = {
    "mse": "mean_squared_error",
    "mae": "mean_absolute_error",
    "rmse": "root_mean_squared_error",
    "mape": "mean_absolute_percentage_error",
}

OPTIMIZERS = {
    "sgd": "SGD",
    "adam": "Adam",
    "rmsprop": "RMSprop",
    "adagrad": "Adagrad",
    "nadam": "Nadam",
}

CLASSIFICATION_LOSSES = {"binary_crossentropy", "categorical_crossentropy",
                         "sparse_categorical_crossentropy"}

# the losses that can read logits (from_logits=True), by their Keras class
LOGITS_LOSSES = {"binary_crossentropy": "BinaryCrossentropy",
                 "categorical_crossentropy": "CategoricalCrossentropy",
                 "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy"}
FROM_LOGITS_HELP = ("The output gives logits (raw scores, linear activation): the loss applies "
                    "sigmoid or softmax itself, which is steadier in training; accuracy, "
                    "precision, recall and AUC read the logits as Keras allows, and the "
                    "Results tab shows probabilities. Only with a cross-entropy loss.")


@dataclass(frozen=True)
class KerasObject:
    """A Keras loss or metric built with settings, `keras.<module>.<class_name>(**kwargs)`:
    plain data, so the compiler builds it and the generated code writes it alike."""

    module: str  # "losses" or "metrics"
    class_name: str
    kwargs: dict = field(default_factory=dict)


def gives_logits(params: dict) -> bool:
    """Whether an output's values are logits (its resolved params say `from_logits`)."""
    return bool(params.get("from_logits")) and params.get("loss") in LOGITS_LOSSES


def from_logits_problem(params: dict) -> str | None:
    """Why an output's `from_logits` cannot be as set, in plain words; None when it can (or
    is off)."""
    if not params.get("from_logits"):
        return None
    loss, activation = params.get("loss"), params.get("activation", "linear")
    if loss is not None and loss not in LOGITS_LOSSES:
        return (f"from_logits needs a cross-entropy loss (binary_crossentropy, "
                f"categorical_crossentropy or sparse_categorical_crossentropy), not {loss}: "
                "turn from_logits off or choose one of those")
    if activation != "linear":
        squash = {"sigmoid": "sigmoid", "softmax": "softmax"}.get(activation)
        why = (f"the loss would apply {squash} a second time" if squash else
               f"logits are the raw scores before any activation, not after {activation}")
        return (f"from_logits needs the linear activation ({why}): set activation to "
                "linear, or turn from_logits off")
    if loss not in LOGITS_LOSSES or loss == "binary_crossentropy":
        return None
    wrong = [m for m in params.get("metrics") or () if m in _PROBABILITY_METRICS]
    if wrong:
        return (f"metric {wrong[0]} cannot be computed on the logits of several classes (it "
                "needs softmax probabilities): remove it, or use the softmax activation "
                "without from_logits")
    return None


# metrics that read a probability of each unit: on sigmoid logits they have an exact logits
# form; on softmax logits (several classes) none
_PROBABILITY_METRICS = ("binary_accuracy", "auc", "precision", "recall")


def keras_loss(params: dict) -> str | KerasObject:
    """The Keras loss of an output (its resolved params, loss set)."""
    loss = params["loss"]
    if gives_logits(params):
        return KerasObject("losses", LOGITS_LOSSES[loss], {"from_logits": True})
    return KERAS_LOSS[loss]


def keras_metrics(params: dict, width: int | None = None) -> list:
    """The Keras metrics of an output. On sigmoid logits (binary cross-entropy with
    from_logits) those that compare with 0.5 compare with 0 instead (sigmoid(0) = 0.5) and
    AUC applies sigmoid, so each figure equals the one on probabilities; `width`: the
    output's units (Keras's "accuracy" is binary only for one unit)."""
    names = [KERAS_METRIC.get(m, m) for m in params["metrics"]]
    if not (gives_logits(params) and params["loss"] == "binary_crossentropy"):
        return names
    found = []
    for name in names:
        if name == "accuracy" and width not in (None, 1):
            found.append(name)  # Keras's categorical accuracy here: argmax, the same on logits
        elif name in ("accuracy", "binary_accuracy"):
            found.append(KerasObject("metrics", "BinaryAccuracy",
                                     {"name": name, "threshold": 0.0}))
        elif name in ("precision", "recall"):
            found.append(KerasObject("metrics", name.capitalize(),
                                     {"name": name, "thresholds": 0.0}))
        elif name == "auc":
            found.append(KerasObject("metrics", "AUC", {"name": name, "from_logits": True}))
        else:
            found.append(name)
    return found


def probabilities(values, params: dict):
    """What the Results tab shows for an output's predictions: the values themselves, or,
    for logits, sigmoid of them (binary cross-entropy) or their softmax (the others)."""
    import numpy as np

    if not gives_logits(params):
        return np.asarray(values)
    return logits_to_probabilities(values, sigmoid=params["loss"] == "binary_crossentropy")


def logits_to_probabilities(values, sigmoid: bool):
    """Sigmoid of each logit (binary), or softmax over the last axis."""
    import numpy as np

    values = np.asarray(values, dtype=np.float64)
    if sigmoid:
        return 1.0 / (1.0 + np.exp(-values))
    shifted = np.exp(values - values.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def usual_loss(activation: str, units: int | None, from_logits: bool = False) -> str:
    """The loss a user would usually pick for an output with this activation (a linear
    output giving logits: the crossentropy that applies sigmoid or softmax itself)."""
    if from_logits and activation == "linear":
        return "binary_crossentropy" if units in (None, 1) else \
            "sparse_categorical_crossentropy"
    if activation == "softmax":
        return "sparse_categorical_crossentropy"
    if activation == "sigmoid":
        return "binary_crossentropy"
    return "mse"


def default_learning_rate(name: str) -> float:
    return 0.01 if name == "sgd" else 0.001


def optimizer_arguments(spec: dict | None) -> tuple[str, dict]:
    """(Keras optimizer class name, keyword arguments) from the project's optimizer."""
    from engine.sections import TRAINING, learning_rate  # the declarations import this module

    spec = dict(spec or {})
    name = str(TRAINING.value({"optimizer": spec}, "optimizer.name")).lower()
    kwargs = {"learning_rate": learning_rate({"optimizer": {**spec, "name": name}})}
    if name == "sgd":
        if spec.get("momentum"):
            kwargs["momentum"] = float(spec["momentum"])
        if spec.get("nesterov"):
            kwargs["nesterov"] = True
    return OPTIMIZERS.get(name, "SGD"), kwargs

"""How the project's loss, metric and optimizer names become Keras objects.

Short spellings such as "mse" do not survive a `.h5` round trip in Keras 3, so the model is
compiled with the long names Keras serialises by.
"""

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


def usual_loss(activation: str, units: int | None) -> str:
    """The loss a user would usually pick for an output with this activation."""
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

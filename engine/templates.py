"""New projects from the seed's tables of typical MLP architectures (Hands-On ML, ch. 10):
a regression MLP and binary, multilabel and multiclass classifiers, each with the table's
activation and loss choices written on its nodes (shown in the inspector's help).

    for template in TEMPLATES: template.title, template.summary
    project = new_from_template("binary")
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.graph import Graph, Node
from engine.project import Project

NOTES_KEY = "notes"  # a node's explanation, kept in the file beside its params
HIDDEN_UNITS = (30, 30)  # the table: 1-5 hidden layers of 10-100 neurons, problem-dependent

INPUT_NOTE = "Input: one neuron per feature (784 for a 28×28 image)."
HIDDEN_NOTE = ("Hidden layer: ReLU, the table's choice for every MLP (1 to 5 hidden layers "
               "of 10 to 100 neurons, depending on the problem).")


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    summary: str  # one line for the menu's status tip
    features: int
    output_units: int
    activation: str
    loss: str
    output_note: str
    dataset: dict | None  # a bundled dataset that fits, or None (the user binds one)
    metrics: tuple[str, ...] = ()
    scaling: str = "standard"


TEMPLATES = (
    Template(
        "regression", "Regression MLP",
        "one output neuron per predicted value, no output activation, MSE loss",
        10, 1, "linear", "mse",
        "Output: one neuron per value to predict. No activation, so any value can come out; "
        "ReLU or softplus when the output must be positive; sigmoid (0 to 1) or tanh (-1 to 1) "
        "when it must stay in a range. Loss: mean squared error, or mean absolute error "
        "(mae) when the data has many outliers.",
        {"source": "sklearn", "name": "diabetes"}, ("mae",)),
    Template(
        "binary", "Binary classifier",
        "one output neuron, logistic (sigmoid) activation, cross-entropy loss",
        30, 1, "sigmoid", "binary_crossentropy",
        "Output: one neuron with the logistic (sigmoid) activation: the estimated probability "
        "of the positive class, between 0 and 1. Loss: (binary) cross-entropy.",
        {"source": "sklearn", "name": "breast_cancer"}, ("accuracy",)),
    Template(
        "multilabel", "Multilabel binary classifier",
        "one output neuron per label, logistic activation, cross-entropy loss",
        8, 3, "sigmoid", "binary_crossentropy",
        "Output: one neuron per label, each with the logistic (sigmoid) activation, so each "
        "label gets its own probability and several can be on at once (the outputs need not "
        "add up to 1). Loss: (binary) cross-entropy. Bind a dataset with one 0/1 column per "
        "label on the Data tab, and set the input's shape and the units to fit it.",
        None, ("accuracy",)),
    Template(
        "multiclass", "Multiclass classifier",
        "one output neuron per class, softmax activation, cross-entropy loss",
        64, 10, "softmax", "sparse_categorical_crossentropy",
        "Output: one neuron per class with the softmax activation: every probability between "
        "0 and 1, adding up to 1, for classes that exclude each other (a digit is one of "
        "0-9). Loss: cross-entropy (the sparse form takes class numbers as targets).",
        {"source": "sklearn", "name": "digits"}, ("accuracy",)),
)


def template(key: str) -> Template:
    for found in TEMPLATES:
        if found.key == key:
            return found
    raise KeyError(f"there is no template {key!r}; choose one of "
                   + ", ".join(t.key for t in TEMPLATES))


def new_from_template(key: str) -> Project:
    """A new, unsaved project with the template's network (and data, when one fits)."""
    chosen = template(key)
    graph = Graph()
    graph.add_node("Input", {"shape": [chosen.features]}, "input", (0, 0), "n1",
                   extra={NOTES_KEY: INPUT_NOTE})
    previous = "n1"
    for index, units in enumerate(HIDDEN_UNITS):
        node_id = f"n{index + 2}"
        graph.add_node("Dense", {"units": units, "activation": "relu"}, f"hidden{index + 1}",
                       (220 * (index + 1), 0), node_id, extra={NOTES_KEY: HIDDEN_NOTE})
        graph.connect(previous, node_id)
        previous = node_id
    output_id = f"n{len(HIDDEN_UNITS) + 2}"
    graph.add_node("Output", {"units": chosen.output_units, "activation": chosen.activation,
                              "loss": chosen.loss, "metrics": list(chosen.metrics)},
                   "output", (220 * (len(HIDDEN_UNITS) + 1), 0), output_id,
                   extra={NOTES_KEY: chosen.output_note})
    graph.connect(previous, output_id)
    data = None
    if chosen.dataset is not None:
        # the split, the epochs and the batch size are left to the declared defaults
        data = {"dataset": dict(chosen.dataset), "inputs": {"n1": {"columns": "all"}},
                "targets": {output_id: "target"}, "scaling": chosen.scaling}
    training = {"optimizer": {"name": "adam", "learning_rate": 0.001}, "seed": 42}
    return Project(name=f"New {chosen.title.lower()}", graph=graph, data=data,
                   training=training, extra={"notes": f"{chosen.title}: {chosen.summary}."})


def node_notes(node: Node) -> str:
    """A node's written explanation (a template's choices), or ""."""
    notes = node.extra.get(NOTES_KEY)
    return notes if isinstance(notes, str) else ""

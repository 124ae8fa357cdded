"""A small classifier trainer shared by the training tests."""

from engine.training import Trainer
from tests.data.helpers import make_graph, prepared, table

SPLIT = {"test": 0.2, "validation": 0.2, "seed": 1}


def classifier_trainer(training=None, split=SPLIT, n=60, classes=3):
    graph = make_graph([("input", [4])], [("output", classes, "softmax",
                                           "sparse_categorical_crossentropy")], hidden=8)
    graph.set_param("n3", "metrics", ["accuracy"])
    data = prepared(table(n=n, features=4, classes=classes), split=split)
    settings = {"optimizer": {"name": "sgd", "learning_rate": 0.05}, "epochs": 3,
                "batch_size": 8, "seed": 7, **(training or {})}
    return Trainer(graph, {}, settings, prepared=data)

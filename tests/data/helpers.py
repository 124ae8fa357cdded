"""Small graphs and tables shared by the data and training tests."""

import numpy as np

from engine.data import CLASSIFICATION, MAIN_TARGET, REGRESSION, Dataset, Target, prepare_data
from engine.graph import Graph


def make_graph(inputs, outputs, hidden=4):
    """Inputs [(name, shape or None)] -> Dense(hidden) (-> Concatenate) -> Outputs
    [(name, units, activation, loss)]."""
    graph = Graph()
    ids = [graph.add_node("Input", {"shape": s} if s else {}, name).id for name, s in inputs]
    if len(ids) > 1:
        merge = graph.add_node("Concatenate", {}, "concat").id
        for port, i in enumerate(ids):
            graph.connect(i, merge, port)
        source = merge
    else:
        source = ids[0]
    dense = graph.add_node("Dense", {"units": hidden, "activation": "relu"}, "hidden").id
    graph.connect(source, dense)
    for name, units, activation, loss in outputs:
        out = graph.add_node("Output", {"units": units, "activation": activation,
                                        "loss": loss}, name).id
        graph.connect(dense, out)
    return graph


def table(n=40, features=8, task=CLASSIFICATION, classes=10, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, features)).astype(np.float32)
    if task == CLASSIFICATION:
        target = Target(rng.integers(0, classes, n), task, [f"c{i}" for i in range(classes)])
    else:
        target = Target(rng.normal(2.0, 1.0, n).astype(np.float32), REGRESSION)
    return Dataset("table", x, {MAIN_TARGET: target}, [f"f{i}" for i in range(features)])


def prepared(dataset, scaling="none", split=None):
    return prepare_data({"scaling": scaling,
                         "split": split or {"test": 0.25, "validation": 0.25, "seed": 1}},
                        dataset=dataset)

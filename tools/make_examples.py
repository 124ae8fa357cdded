"""Writes the example projects in projects/ (run once; the files are committed)."""

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "projects"


def node(nid, kind, name=None, x=0, y=0, **params):
    item = {"id": nid, "type": kind}
    if name:
        item["name"] = name
    item["params"] = params
    item["position"] = [x, y]
    return item


def edge(source, target, port=0):
    return {"source": source, "target": target, "target_port": port}


def project(name, nodes, edges, data=None, training=None, notes=""):
    doc = {"format": "dendrite-project", "version": 1, "name": name,
           "graph": {"nodes": nodes, "edges": edges}}
    if data:
        doc["data"] = data
    if training:
        doc["training"] = training
    if notes:
        doc["notes"] = notes
    return doc


SCCE = {"loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]}
HOUSING = {"dataset": {"source": "sklearn", "name": "california_housing"},
           "scaling": "standard", "split": {"test": 0.25, "validation": 0.25, "seed": 42}}
SGD3 = {"optimizer": {"name": "sgd", "learning_rate": 0.001}, "epochs": 20, "batch_size": 32,
        "seed": 42}


def fashion(hidden2, name, notes):
    return project(name, [
        node("n1", "Input", "input", 0, 0, shape=[28, 28]),
        node("n2", "Flatten", "flatten", 220, 0),
        node("n3", "Dense", "dense", 440, 0, units=300, activation="relu"),
        node("n4", "Dense", "dense_1", 660, 0, units=hidden2, activation="relu"),
        node("n5", "Output", "output", 880, 0, units=10, activation="softmax", **SCCE),
    ], [edge("n1", "n2"), edge("n2", "n3"), edge("n3", "n4"), edge("n4", "n5")],
        data={"dataset": {"source": "keras", "name": "fashion_mnist"},
              "inputs": {"n1": {"reshape": [28, 28]}}, "targets": {"n5": "target"},
              "scaling": "divide255", "split": {"validation": 5000 / 60000, "seed": 42}},
        training={"optimizer": {"name": "sgd", "learning_rate": 0.01}, "epochs": 30,
                  "batch_size": 32, "seed": 42},
        notes=notes)


EXAMPLES = {
    "fashion_mnist.dendrite": fashion(
        300, "Fashion-MNIST classifier (300-300-10)",
        "The seed's Sequential image classifier: 235,500 + 90,300 + 3,010 = 328,810 params."),
    "fashion_mnist_300_100.dendrite": fashion(
        100, "Fashion-MNIST classifier (book's 300-100-10)",
        "The book's variant: 235,500 + 30,100 + 1,010 = 266,610 params."),
    "california_housing.dendrite": project("California housing regression", [
        node("n1", "Input", "input", 0, 0, shape=[8]),
        node("n2", "Dense", "dense", 220, 0, units=30, activation="relu"),
        node("n3", "Output", "output", 440, 0, units=1, loss="mse"),
    ], [edge("n1", "n2"), edge("n2", "n3")],
        data={**HOUSING, "inputs": {"n1": {"columns": "all"}}, "targets": {"n3": "target"}},
        training=SGD3, notes="The seed's regression MLP; the book reports a test MSE near 0.42."),
    "wide_and_deep.dendrite": project("Wide & Deep (one input)", [
        node("n1", "Input", "input", 0, 0, shape=[8]),
        node("n2", "Dense", "dense", 220, 80, units=30, activation="relu"),
        node("n3", "Dense", "dense_1", 440, 80, units=30, activation="relu"),
        node("n4", "Concatenate", "concatenate", 660, 0),
        node("n5", "Output", "output", 880, 0, units=1, loss="mse"),
    ], [edge("n1", "n2"), edge("n2", "n3"), edge("n1", "n4", 0), edge("n3", "n4", 1),
        edge("n4", "n5")],
        data={**HOUSING, "inputs": {"n1": {"columns": "all"}}, "targets": {"n5": "target"}},
        training=SGD3, notes="The seed's first functional model: 1,239 params in all."),
    "wide_and_deep_two_inputs.dendrite": project("Wide & Deep (two inputs)", [
        node("n1", "Input", "wide_input", 0, 0, shape=[5]),
        node("n2", "Input", "deep_input", 0, 160, shape=[6]),
        node("n3", "Dense", "dense", 220, 160, units=30, activation="relu"),
        node("n4", "Dense", "dense_1", 440, 160, units=30, activation="relu"),
        node("n5", "Concatenate", "concatenate", 660, 40),
        node("n6", "Output", "output", 880, 40, units=1, loss="mse"),
    ], [edge("n2", "n3"), edge("n3", "n4"), edge("n1", "n5", 0), edge("n4", "n5", 1),
        edge("n5", "n6")],
        data={**HOUSING, "inputs": {"n1": {"columns": [0, 1, 2, 3, 4]},
                                    "n2": {"columns": [2, 3, 4, 5, 6, 7]}},
              "targets": {"n6": "target"}},
        training=SGD3, notes="Features 0-4 take the wide path, 2-7 the deep one."),
    "wide_and_deep_aux_output.dendrite": project("Wide & Deep with auxiliary output", [
        node("n1", "Input", "wide_input", 0, 0, shape=[5]),
        node("n2", "Input", "deep_input", 0, 160, shape=[6]),
        node("n3", "Dense", "dense", 220, 160, units=30, activation="relu"),
        node("n4", "Dense", "dense_1", 440, 160, units=30, activation="relu"),
        node("n5", "Concatenate", "concatenate", 660, 40),
        node("n6", "Output", "main_output", 880, 40, units=1, loss="mse", loss_weight=0.9),
        node("n7", "Output", "aux_output", 880, 220, units=1, loss="mse", loss_weight=0.1),
    ], [edge("n2", "n3"), edge("n3", "n4"), edge("n1", "n5", 0), edge("n4", "n5", 1),
        edge("n5", "n6"), edge("n4", "n7")],
        data={**HOUSING, "inputs": {"n1": {"columns": [0, 1, 2, 3, 4]},
                                    "n2": {"columns": [2, 3, 4, 5, 6, 7]}},
              "targets": {"n6": "target", "n7": "target"}},
        training=SGD3, notes="Loss weights 0.9 (main) and 0.1 (auxiliary), as in the seed."),
    "xor.dendrite": project("XOR with a multilayer perceptron", [
        node("n1", "Input", "input", 0, 0, shape=[2]),
        node("n2", "Dense", "hidden", 220, 0, units=4, activation="tanh"),
        node("n3", "Output", "output", 440, 0, units=1, activation="sigmoid",
             loss="binary_crossentropy", metrics=["accuracy"]),
    ], [edge("n1", "n2"), edge("n2", "n3")],
        data={"dataset": {"source": "synthetic", "name": "xor", "samples": 400, "noise": 0.1,
                          "seed": 42},
              "inputs": {"n1": {"columns": "all"}}, "targets": {"n3": "target"},
              "scaling": "none", "split": {"test": 0.2, "validation": 0.2, "seed": 42}},
        training={"optimizer": {"name": "adam", "learning_rate": 0.05}, "epochs": 60,
                  "batch_size": 16, "seed": 42},
        notes="A single perceptron cannot learn XOR; one hidden layer can."),
    "digits.dendrite": project("Handwritten digits (offline)", [
        node("n1", "Input", "pixels", 0, 0, shape=[64]),
        node("n2", "Dense", "hidden1", 220, 0, units=64, activation="relu"),
        node("n3", "Dense", "hidden2", 440, 0, units=32, activation="relu"),
        node("n4", "Output", "digit", 660, 0, units=10, activation="softmax", **SCCE),
    ], [edge("n1", "n2"), edge("n2", "n3"), edge("n3", "n4")],
        data={"dataset": {"source": "sklearn", "name": "digits"},
              "inputs": {"n1": {"columns": "all"}}, "targets": {"n4": "target"},
              "scaling": "standard", "split": {"test": 0.2, "validation": 0.2, "seed": 42}},
        training={"optimizer": {"name": "adam", "learning_rate": 0.001}, "epochs": 30,
                  "batch_size": 32, "seed": 42},
        notes="scikit-learn's bundled 8x8 digits: trains in seconds, no download needed."),
}

if __name__ == "__main__":
    for filename, doc in EXAMPLES.items():
        (OUT / filename).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        print("wrote", OUT / filename)

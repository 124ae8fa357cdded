"""A project whose every user-typed text is hostile: quotes, newlines, non-ASCII, Python
keywords and injected commands that would create a canary file if they ever ran."""

from pathlib import Path

from engine.graph import Graph
from engine.project import Project

CANARY = "CANARY_PWNED"
INJECT = f"__import__('os').system('touch {CANARY}')"
PROJECT_NAME = f'"""\n{INJECT}\n# \u00e9\u2028\'\\'
COLUMNS = [f"a'b\"{INJECT}", "x\ny é", "class", "target\")\nimport os#"]


def write_csv(folder: Path) -> Path:
    folder = folder / "we'ird \"dir"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"da'ta\n$(touch {CANARY}).csv"
    header = ",".join('"' + c.replace('"', '""') + '"' for c in COLUMNS)
    rows = [f"{i % 7},{(i * 3) % 5},{'red' if i % 2 else 'blue'},{i % 2}" for i in range(40)]
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def hostile_project(csv_path: Path) -> Project:
    graph = Graph()
    wide = graph.add_node("Input", {"shape": [2]}, "class").id
    deep = graph.add_node("Input", {"shape": [2]}, "import").id
    dense = graph.add_node("Dense", {"units": 3, "activation": "relu"}, "print").id
    merge = graph.add_node("Concatenate", {}, "1st.merge>x").id
    out = graph.add_node("Output", {"units": 2, "activation": "softmax",
                                    "loss": "sparse_categorical_crossentropy",
                                    "metrics": ["accuracy"]}, "model").id
    graph.connect(deep, dense, 0)
    graph.connect(wide, merge, 0)
    graph.connect(dense, merge, 1)
    graph.connect(merge, out, 0)
    data = {"dataset": {"source": "csv", "path": str(csv_path), "target": COLUMNS[3]},
            "inputs": {wide: {"columns": [COLUMNS[0], COLUMNS[1]]},
                       deep: {"columns": ["x\ny é", "class=blue"]}},
            "targets": {out: COLUMNS[3]},
            "scaling": "standard", "split": {"test": 0.25, "validation": 0.25, "seed": 3}}
    training = {"optimizer": {"name": "adam", "learning_rate": 0.01}, "epochs": 1,
                "batch_size": 8, "seed": 1, "early_stopping": {"patience": 2},
                "checkpoint": {"save_best_only": True}}
    return Project(PROJECT_NAME, graph, data, training)


def hostile_chain(csv_path: Path) -> Project:
    graph = Graph()
    x = graph.add_node("Input", {"shape": [4]}, "lambda").id
    h = graph.add_node("Dense", {"units": 4, "activation": "tanh"}, "def").id
    out = graph.add_node("Output", {"units": 1, "activation": "sigmoid",
                                    "loss": "binary_crossentropy"}, "None").id
    graph.connect(x, h, 0)
    graph.connect(h, out, 0)
    data = {"dataset": {"source": "csv", "path": str(csv_path), "target": COLUMNS[3]},
            "inputs": {x: {"columns": "all"}}, "targets": {out: COLUMNS[3]},
            "split": {"test": 0.2, "validation": 0.0, "seed": 5}}
    return Project(PROJECT_NAME[::-1], graph, data, {"epochs": 1, "batch_size": 8,
                                                    "class_weight": "balanced"})


def rare_projects(csv_path: Path) -> list[Project]:
    """Projects that train in the app with what scripts meet least: KerasLayer configs with
    nested objects and odd keys, and the rarer training options."""
    projects = []
    graph = Graph()
    x = graph.add_node("Input", {"shape": [4]}, "x").id
    dense = graph.add_node("KerasLayer", {
        "class_name": "Dense", "output_shape": [3], "trainable_params": 15,
        "config": {"units": 3, "activation": "relu", "trainable": True,
                   "dtype": {"module": "keras", "class_name": "DTypePolicy",
                             "config": {"name": "float32"}, "registered_name": None},
                   "kernel_regularizer": {"module": "keras.regularizers", "class_name": "L2",
                                          "config": {"l2": 0.01}, "registered_name": None},
                   "kernel_initializer": {"module": "keras.initializers",
                                          "class_name": "VarianceScaling",
                                          "config": {"scale": 2.0, "mode": "fan_in",
                                                     "distribution": "truncated_normal",
                                                     "seed": 7}, "registered_name": None},
                   "bias_constraint": {"module": "keras.constraints", "class_name": "MaxNorm",
                                       "config": {"max_value": 2.0, "axis": 0}},
                   "quantization_config": None}}, "dense-1.odd").id
    norm = graph.add_node("KerasLayer", {
        "class_name": "LayerNormalization", "output_shape": [3], "trainable_params": 6,
        "config": {"axis": [-1], "epsilon": 1e-5, "center": True, "scale": True,
                   "rms_scaling": False,
                   "gamma_initializer": {"class_name": "Ones", "config": {}},
                   "beta_regularizer": None}}, "class").id
    out = graph.add_node("Output", {"units": 1, "activation": "sigmoid",
                                    "loss": "binary_crossentropy",
                                    "metrics": ["accuracy"]}, "out").id
    graph.connect(x, dense, 0)
    graph.connect(dense, norm, 0)
    graph.connect(norm, out, 0)
    data = {"dataset": {"source": "csv", "path": str(csv_path), "target": COLUMNS[3]},
            "inputs": {x: {"columns": "all"}}, "targets": {out: COLUMNS[3]},
            "scaling": "standard", "split": {"test": 0.2, "validation": 0.2, "seed": 5}}
    training = {"optimizer": {"name": "sgd", "learning_rate": 0.01, "momentum": 0.9,
                              "nesterov": True},
                "epochs": 2, "batch_size": 8, "seed": 3, "class_weight": "balanced",
                "early_stopping": {"patience": 1, "restore_best_weights": True},
                "checkpoint": {"save_best_only": True}}
    projects.append(Project("rare options", graph, data, training))
    return projects

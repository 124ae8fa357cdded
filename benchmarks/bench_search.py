"""Search overhead (issue 16): the app's search (`engine.search.run_search`: each trial
through the app's Trainer, recorded as a run beside the project) against KerasTuner called
directly on a hand-written model builder of the same network (Input 4 -> Dense(units, relu)
-> Dense 1, Adam, MSE) on the same prepared arrays; both RandomSearch with the same seed,
trials, epochs and batch size. Alternating repetitions; time per trial, ratio of medians.

    uv run python benchmarks/bench_search.py [--trials 4] [--epochs 5] [--reps 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.graph import Graph  # noqa: E402
from engine.project import Project  # noqa: E402
from engine.project_io import save_project  # noqa: E402
from engine.search.tuner import Search, run_search  # noqa: E402

UNITS = {"min": 8, "max": 64, "step": 8}
RATES = [0.001, 0.003, 0.01]


def search_project(folder: Path, samples: int, epochs: int, batch: int) -> Project:
    graph = Graph()
    source = graph.add_node("Input", {"shape": [4]}, "features").id
    hidden = graph.add_node("Dense", {"units": {"search": UNITS}, "activation": "relu"},
                            "hidden").id
    out = graph.add_node("Output", {"units": 1, "loss": "mse"}, "target").id
    graph.connect(source, hidden)
    graph.connect(hidden, out)
    data = {"dataset": {"source": "synthetic", "name": "regression", "samples": samples,
                        "seed": 3},
            "scaling": "standard", "split": {"test": 0.2, "validation": 0.2, "seed": 1}}
    training = {"optimizer": {"name": "adam", "learning_rate": {"search": RATES}},
                "epochs": epochs, "batch_size": batch, "seed": 7}
    project = Project("bench", graph, data, training)
    path = folder / "bench.dendrite"
    save_project(project, path)
    project.path = path
    return project


def app_search(project, trials: int, epochs: int) -> float:
    start = time.perf_counter()
    result = run_search(project, trials, epochs, "random", seed=1)
    assert len(result.trials) == trials
    return (time.perf_counter() - start) / trials


def direct_search(project, trials: int, epochs: int, batch: int, folder: str) -> float:
    import keras
    import keras_tuner as kt

    prepared = Search(project, epochs).prepared  # the same arrays (not timed)
    train, valid = prepared.splits["train"], prepared.splits["validation"]
    (y_train,), (y_valid,) = train.targets.values(), valid.targets.values()

    def build(hp):
        inputs = keras.Input((4,))
        hidden = keras.layers.Dense(hp.Int("units", UNITS["min"], UNITS["max"],
                                           step=UNITS["step"]), activation="relu")(inputs)
        model = keras.Model(inputs, keras.layers.Dense(1)(hidden))
        model.compile(keras.optimizers.Adam(hp.Choice("learning_rate", RATES)),
                      "mean_squared_error")
        return model

    start = time.perf_counter()
    tuner = kt.RandomSearch(build, objective="val_loss", max_trials=trials, seed=1,
                            directory=folder, project_name="direct", overwrite=True)
    tuner.search(train.x, y_train, validation_data=(valid.x, y_valid), epochs=epochs,
                 batch_size=batch, verbose=0)
    return (time.perf_counter() - start) / trials


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=4)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--samples", type=int, default=4000)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    app, direct = [], []
    with tempfile.TemporaryDirectory() as folder:
        project = search_project(Path(folder), args.samples, args.epochs, args.batch)
        app_search(project, 1, 1)  # warm up TensorFlow and KerasTuner
        for rep in range(args.reps):
            order = [0, 1] if rep % 2 == 0 else [1, 0]
            for which in order:
                if which == 0:
                    app.append(app_search(project, args.trials, args.epochs))
                else:
                    direct.append(direct_search(project, args.trials, args.epochs, args.batch,
                                                folder))
            print(f"rep {rep + 1}: app {app[-1]:.2f} s/trial, KerasTuner directly "
                  f"{direct[-1]:.2f} s/trial", flush=True)
    ratio = statistics.median(app) / statistics.median(direct)
    print(f"median per trial: app {statistics.median(app):.2f} s, directly "
          f"{statistics.median(direct):.2f} s, ratio {ratio:.3f} (target <= 1.05)")


if __name__ == "__main__":
    main()

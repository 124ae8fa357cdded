"""Training benchmarks (issue 5).

(a) overhead: the seed's 784-300-300-10 model, one epoch of 55,000 random samples, batch 32,
    trained through the app's Trainer with a listener that stores every value (as the live
    plots do) against plain `model.fit(verbose=0)`; alternating repetitions, ratio of medians.
(b) california: the seed's California housing regression (Dense 30 relu -> Dense 1, SGD 1e-3,
    20 epochs, StandardScaler), the app's run against a plain Keras script of the seed's code;
    needs SCIKIT_LEARN_DATA pointing at a cache holding cal_housing_py3.pkz.

    SCIKIT_LEARN_DATA=/work/shared/datasets/scikit_learn_data \
        uv run python benchmarks/bench_training.py [--part overhead|california|all] [--reps 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from engine.data.dataset import CLASSIFICATION, MAIN_TARGET, Dataset, Target  # noqa: E402
from engine.data.prepare import prepare_data  # noqa: E402
from engine.project_io import load_project  # noqa: E402
from engine.training.trainer import Trainer  # noqa: E402


class StoringListener:
    """What the live plots keep: every batch and epoch value, in lists."""

    def __init__(self):
        self.batch_steps, self.batch_losses, self.epochs = [], [], []

    def on_batch(self, event):
        self.batch_steps.append(event.step)
        self.batch_losses.append(event.loss)

    def on_epoch(self, event):
        self.epochs.append(dict(event.logs))


def overhead(reps: int, samples: int) -> dict:
    import keras

    from engine.compiler import build_and_compile

    project = load_project(ROOT / "projects" / "fashion_mnist.dendrite")
    rng = np.random.default_rng(0)
    x = rng.random((samples, 28, 28), dtype=np.float32)
    y = rng.integers(0, 10, samples)
    dataset = Dataset("random", x, {MAIN_TARGET: Target(y, CLASSIFICATION,
                                                       [str(i) for i in range(10)])},
                      [f"p{i}" for i in range(784)])
    spec = {"inputs": {"n1": {"reshape": [28, 28]}}, "targets": {"n5": "target"},
            "scaling": "none", "split": {"test": 0, "validation": 0}}
    prepared = prepare_data(spec, dataset=dataset)
    training = dict(project.training, seed=1)
    trainer = Trainer(project.graph, spec, training, prepared=prepared)
    trainer.prepare()
    keras.utils.set_random_seed(1)
    plain = build_and_compile(project.graph, training)
    listener = StoringListener()
    # the same arrays for both; warm up both with a full epoch (tracing, the last partial
    # batch), then alternate
    x, y = trainer.binding.x(prepared, "train")["input"], trainer.binding.y(prepared,
                                                                            "train")["output"]
    trainer.train(listener, epochs=1)
    plain.fit(x, y, batch_size=32, epochs=1, verbose=0)
    app_times, plain_times, app_cpu, plain_cpu = [], [], [], []
    for rep in range(reps):
        order = ("app", "plain") if rep % 2 == 0 else ("plain", "app")
        for which in order:
            start, cpu = time.perf_counter(), time.process_time()
            if which == "app":
                done = trainer.continue_training(listener, epochs=1)
                assert done.reason == "finished", done
                app_times.append(time.perf_counter() - start)
                app_cpu.append(time.process_time() - cpu)
            else:
                plain.fit(x, y, batch_size=32, epochs=1, verbose=0)
                plain_times.append(time.perf_counter() - start)
                plain_cpu.append(time.process_time() - cpu)
        print(f"  rep {rep + 1}: app {app_times[-1]:.2f}s ({app_cpu[-1]:.2f}s CPU)  "
              f"plain {plain_times[-1]:.2f}s ({plain_cpu[-1]:.2f}s CPU)", flush=True)
    ratios = [a / p for a, p in zip(app_times, plain_times, strict=True)]
    return {"app": app_times, "plain": plain_times, "ratio_of_medians":
            statistics.median(app_times) / statistics.median(plain_times),
            "ratio_of_minimums": min(app_times) / min(plain_times),
            "cpu_ratio_of_medians": statistics.median(app_cpu) / statistics.median(plain_cpu),
            "median_ratio": statistics.median(ratios), "ratios": ratios,
            "batch_events": len(listener.batch_steps)}


def callback_cost(batches: int = 1719, rounds: int = 20) -> float:
    """Seconds the app's per-batch work (its callback with a storing listener) adds to one
    epoch of `batches` batches, measured without training: free of machine noise."""
    import threading

    from engine.training.history import History
    from engine.training.progress import make_progress_callback

    listener = StoringListener()
    callback = make_progress_callback(listener, History(), threading.Event(), batches * 32, 32,
                                      1, 0)
    logs = {"loss": 0.5, "accuracy": 0.8}
    best = float("inf")
    for _ in range(rounds):
        callback.on_train_begin()
        callback.on_epoch_begin(0)
        start = time.perf_counter()
        for batch in range(batches):
            callback.on_train_batch_end(batch, logs)
        best = min(best, time.perf_counter() - start)
    return best


def california_app() -> float:
    project = load_project(ROOT / "projects" / "california_housing.dendrite")
    trainer = Trainer.from_project(project)
    trainer.checkpoint_path = None
    trainer.prepare()
    done = trainer.train()
    assert done.reason == "finished", done
    return trainer.evaluate("test")["loss"]


def california_plain() -> float:
    """The seed's code, as a user would type it."""
    import keras
    from sklearn.datasets import fetch_california_housing
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    keras.utils.set_random_seed(42)
    housing = fetch_california_housing()
    x_train_full, x_test, y_train_full, y_test = train_test_split(
        housing.data, housing.target, random_state=42)
    x_train, x_valid, y_train, y_valid = train_test_split(
        x_train_full, y_train_full, random_state=42)
    scaler = StandardScaler()
    x_train = scaler.fit_transform(x_train)
    x_valid = scaler.transform(x_valid)
    x_test = scaler.transform(x_test)
    model = keras.models.Sequential([
        keras.Input(shape=x_train.shape[1:]),
        keras.layers.Dense(30, activation="relu"),
        keras.layers.Dense(1)])
    model.compile(loss="mean_squared_error", optimizer=keras.optimizers.SGD(learning_rate=1e-3))
    model.fit(x_train, y_train, epochs=20, validation_data=(x_valid, y_valid), verbose=0)
    return float(model.evaluate(x_test, y_test, verbose=0))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", choices=("overhead", "california", "all"), default="all")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--samples", type=int, default=55_000)
    parser.add_argument("--threads", type=int, default=0,
                        help="TensorFlow's intra- and inter-op threads (0: its default); 1 "
                             "gives steadier figures on a shared machine")
    args = parser.parse_args()
    if args.threads:
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(args.threads)
        tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    if args.part in ("overhead", "all"):
        print(f"(a) 784-300-300-10, {args.samples} samples, batch 32, {args.reps} reps")
        found = overhead(args.reps, args.samples)
        print(f"  app (trainer + storing listener): "
              f"{', '.join(f'{t:.2f}' for t in found['app'])} s")
        print(f"  plain model.fit(verbose=0):       "
              f"{', '.join(f'{t:.2f}' for t in found['plain'])} s")
        print(f"  wall time: ratio of medians {found['ratio_of_medians']:.3f}, of minimums "
              f"{found['ratio_of_minimums']:.3f}, median of paired ratios "
              f"{found['median_ratio']:.3f}; CPU time: ratio of medians "
              f"{found['cpu_ratio_of_medians']:.3f} (target <= 1.03)")
        print(f"  per rep: {', '.join(f'{r:.3f}' for r in found['ratios'])}; "
              f"batch events: {found['batch_events']}")
        cost = callback_cost()
        plain = statistics.median(found["plain"])
        print(f"  the app's per-batch work alone: {cost * 1000:.1f} ms per epoch of 1719 "
              f"batches = {cost / plain:.2%} of the plain epoch ({plain:.2f}s)")
    if args.part in ("california", "all"):
        print("(b) California housing, seed's regression, 20 epochs")
        app = california_app()
        plain = california_plain()
        print(f"  test MSE: app {app:.4f}  plain Keras script {plain:.4f}  (book ~0.42)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

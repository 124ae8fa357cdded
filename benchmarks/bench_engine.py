"""Engine benchmark (issue 3): validation and shape inference of a 2,000-node graph, load and
save of that graph as a project file, and compiling a 200-layer graph against hand-written
Keras code that builds the same model.

    uv run python benchmarks/bench_engine.py [--reps 9]

Targets: validation + inference <= 50 ms (median); load + save <= 200 ms together (medians);
engine build+compile / hand-written build+compile <= 1.2 (ratio of medians, one run,
alternating the two sides).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
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
from engine.project_io import load_project, save_project  # noqa: E402
from engine.validation import analyse  # noqa: E402

WIDTH = 16
# one residual block: what each of the graph's repeated units holds, in order
BLOCK = ("Dense", "BatchNormalization", "Dropout", "Dense", "Add", "Activation",
         "Concatenate", "Dense", "Flatten")


def residual_graph(blocks: int) -> Graph:
    """Input(16) -> `blocks` residual blocks of 9 layers -> Output: 9 * blocks + 2 nodes."""
    graph = Graph()
    x = graph.add_node("Input", {"shape": [WIDTH]}, "features").id
    for b in range(blocks):
        def layer(kind, params, *sources, b=b):
            node = graph.add_node(kind, params, f"b{b}_{kind.lower()}")
            for port, source in enumerate(sources):
                graph.connect(source, node.id, port)
            return node.id

        h = layer("Dense", {"units": WIDTH, "activation": "relu"}, x)
        h = layer("BatchNormalization", {}, h)
        h = layer("Dropout", {"rate": 0.1}, h)
        h2 = graph.add_node("Dense", {"units": WIDTH}, f"b{b}_dense_2").id
        graph.connect(h, h2)
        s = layer("Add", {}, x, h2)
        s = layer("Activation", {"activation": "relu"}, s)
        c = layer("Concatenate", {}, s, x)
        h3 = graph.add_node("Dense", {"units": WIDTH}, f"b{b}_dense_3").id
        graph.connect(c, h3)
        x = layer("Flatten", {}, h3)
    out = graph.add_node("Output", {"units": 1, "loss": "mse"}, "prediction")
    graph.connect(x, out.id)
    return graph


def hand_written_model(keras, blocks: int):
    """The same model as `residual_graph(blocks)`, written directly with Keras."""
    inputs = keras.Input(shape=(WIDTH,), name="features")
    x = inputs
    for b in range(blocks):
        h = keras.layers.Dense(WIDTH, activation="relu", name=f"b{b}_dense")(x)
        h = keras.layers.BatchNormalization(name=f"b{b}_batchnormalization")(h)
        h = keras.layers.Dropout(0.1, name=f"b{b}_dropout")(h)
        h = keras.layers.Dense(WIDTH, name=f"b{b}_dense_2")(h)
        s = keras.layers.Add(name=f"b{b}_add")([x, h])
        s = keras.layers.Activation("relu", name=f"b{b}_activation")(s)
        c = keras.layers.Concatenate(name=f"b{b}_concatenate")([s, x])
        h = keras.layers.Dense(WIDTH, name=f"b{b}_dense_3")(c)
        x = keras.layers.Flatten(name=f"b{b}_flatten")(h)
    outputs = keras.layers.Dense(1, name="prediction")(x)
    model = keras.Model(inputs, outputs, name="dendrite_model")
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01),
                  loss={"prediction": "mean_squared_error"},
                  loss_weights={"prediction": 1.0}, metrics={"prediction": []})
    return model


def median_ms(fn, reps: int) -> tuple[float, float]:
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times)


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=9)
    parser.add_argument("--compile-reps", type=int, default=5)
    parser.add_argument("--skip-keras", action="store_true", help="leave out the compile part")
    args = parser.parse_args()
    rows = []

    big = residual_graph(222)  # 2,000 nodes
    assert len(big.nodes) == 2000, len(big.nodes)
    analysis = analyse(big)
    assert analysis.ok and len(analysis.model_nodes) == 2000, analysis.errors[:3]
    med, best = median_ms(lambda: analyse(big), args.reps)
    rows.append(("validation, repeated (order cached), 2,000 nodes", med, best, "<= 50 ms",
                 med <= 50))

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.dendrite"
        project = Project("benchmark", big)
        save_project(project, path)
        first = []
        for _ in range(args.reps):  # the first analysis of a freshly loaded graph: no cache
            fresh = load_project(path).graph
            started = time.perf_counter()
            analyse(fresh)
            first.append((time.perf_counter() - started) * 1000)
        rows.append(("validation, first after loading, 2,000 nodes", statistics.median(first),
                     min(first), "<= 50 ms", statistics.median(first) <= 50))
        edited = []
        for _ in range(args.reps):  # an edit that changes the structure drops the order
            edge = big.edges[len(big.edges) // 2]
            big.disconnect(edge)
            big.add_edge_unchecked(edge)
            started = time.perf_counter()
            analyse(big)
            edited.append((time.perf_counter() - started) * 1000)
        rows.append(("validation, after a rewiring edit, 2,000 nodes",
                     statistics.median(edited), min(edited), "<= 50 ms",
                     statistics.median(edited) <= 50))
        size = path.stat().st_size
        save_med, save_best = median_ms(lambda: save_project(project, path), args.reps)
        load_med, load_best = median_ms(lambda: load_project(path), args.reps)
        loaded = load_project(path)
        assert len(loaded.graph.nodes) == 2000
    rows.append((f"save, 2,000 nodes ({size / 1024:.0f} KiB)", save_med, save_best, "", None))
    rows.append(("load, 2,000 nodes", load_med, load_best, "", None))
    rows.append(("load + save together", load_med + save_med, load_best + save_best,
                 "<= 200 ms", load_med + save_med <= 200))

    ratio_row = None
    if not args.skip_keras:
        from engine.compiler import build_and_compile
        from engine.keras_setup import keras as _keras

        keras = _keras()
        small = residual_graph(22)  # 200 nodes
        assert len(small.nodes) == 200
        training = {"optimizer": {"name": "sgd", "learning_rate": 0.01}}
        engine_model = build_and_compile(small, training)
        hand_model = hand_written_model(keras, 22)
        assert engine_model.count_params() == hand_model.count_params()
        assert len(engine_model.layers) == len(hand_model.layers) == 200
        engine_times, hand_times = [], []
        for rep in range(args.compile_reps):
            sides = [("engine", lambda: build_and_compile(small, training)),
                     ("hand", lambda: hand_written_model(keras, 22))]
            if rep % 2:
                sides.reverse()
            for side, build in sides:
                keras.backend.clear_session()
                started = time.perf_counter()
                build()
                elapsed = (time.perf_counter() - started) * 1000
                (engine_times if side == "engine" else hand_times).append(elapsed)
        e_med, h_med = statistics.median(engine_times), statistics.median(hand_times)
        rows.append(("build + compile 200 layers: engine", e_med, min(engine_times), "", None))
        rows.append(("build + compile 200 layers: hand-written Keras", h_med,
                     min(hand_times), "", None))
        ratio_row = e_med / h_med

    print(f"machine: {machine()}; {datetime.date.today().isoformat()}")
    print(f"{'measure':<50} {'median ms':>10} {'best ms':>9}  target     met")
    for label, med, best, target, met in rows:
        flag = "" if met is None else ("yes" if met else "NO")
        print(f"{label:<50} {med:>10.1f} {best:>9.1f}  {target:<10} {flag}")
    if ratio_row is not None:
        met = "yes" if ratio_row <= 1.2 else "NO"
        print(f"{'ratio engine / hand-written (medians)':<50} {ratio_row:>10.3f} "
              f"{'':>9}  {'<= 1.2':<10} {met}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Glass-box benchmark (issue 15): how quickly the Learn tab's trace steps through samples
(the trace sub-model is built once; each sample is one call, nothing recompiled) and how
long one backprop walk-through takes, on the digits example (64-64-32-10) and the
784-300-100-10 Fashion-MNIST network (random images: only the graph is the seed's).

    uv run python benchmarks/bench_glass_box.py [--reps 20]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from engine.learn.backprop import walk_through  # noqa: E402
from engine.learn.glass_model import build_sgd_model  # noqa: E402
from engine.learn.trace import Tracer, open_trace  # noqa: E402
from engine.project_io import load_project  # noqa: E402


def _ms(times: list[float]) -> str:
    return f"median {1000 * statistics.median(times):.1f} ms, max {1000 * max(times):.1f} ms"


def _timed(function, reps: int) -> list[float]:
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=20)
    reps = parser.parse_args().reps
    print(f"{platform.node()}  {platform.processor() or platform.machine()}  "
          f"{os.cpu_count()} cores  load {os.getloadavg()[0]:.1f}")

    start = time.perf_counter()
    session = open_trace(load_project(ROOT / "projects" / "digits.dendrite"))
    print(f"digits: open the project and build the trace sub-model: "
          f"{time.perf_counter() - start:.2f} s (TensorFlow import included)")
    session.sample(0)
    counter = iter(range(10**6))
    print(f"digits: trace one test sample: "
          f"{_ms(_timed(lambda: session.sample(next(counter) % session.size), reps))}")
    opened = session.opened
    batch = np.arange(32)
    x, y = opened.x("train", batch), opened.y("train", batch)
    walk_through(opened.model, opened.graph, x, y, opened.learning_rate)
    print(f"digits: backprop walk-through, batch 32: "
          f"{_ms(_timed(lambda: walk_through(opened.model, opened.graph, x, y, 0.01), reps))}")

    fashion = load_project(ROOT / "projects" / "fashion_mnist_300_100.dendrite")
    model, rate = build_sgd_model(fashion.graph, fashion.training)
    rng = np.random.default_rng(0)
    images = rng.random((32, 28, 28), dtype=np.float32)
    labels = rng.integers(0, 10, size=32)
    tracer = Tracer(model)
    one = {"input": images[:1]}
    tracer.trace(one)
    print(f"fashion 784-300-100-10: trace one sample: "
          f"{_ms(_timed(lambda: tracer.trace(one), reps))}")
    x, y = {"input": images}, {"output": labels}
    walk_through(model, fashion.graph, x, y, rate)
    print(f"fashion 784-300-100-10: backprop walk-through, batch 32: "
          f"{_ms(_timed(lambda: walk_through(model, fashion.graph, x, y, rate), reps))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

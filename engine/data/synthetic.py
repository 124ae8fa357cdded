"""Synthetic sets: logic gates (xor, and, or) and scikit-learn's generators."""

from __future__ import annotations

import numpy as np

from engine.data.dataset import CLASSIFICATION, MAIN_TARGET, REGRESSION, Dataset, Target
from engine.data.errors import DataError
from engine.sections import DATA

GATES = {"xor": lambda a, b: a ^ b, "and": lambda a, b: a & b, "or": lambda a, b: a | b}
NAMES = ("xor", "and", "or", "moons", "circles", "blobs", "regression")
DEFAULT_SAMPLES = DATA.default("dataset.samples")
DEFAULT_NOISE = DATA.default("dataset.noise")
REGRESSION_FEATURES = 4


def feature_count(name: str) -> int:
    """Columns of a synthetic set, known without drawing it."""
    return REGRESSION_FEATURES if name == "regression" else 2


def load(name: str, samples: int | None = None, noise: float | None = None,
         seed: int | None = None) -> Dataset:
    """`samples` points with `noise`, reproducible with `seed`. A gate with samples=4 gives
    the exact truth table."""
    samples = DEFAULT_SAMPLES if samples is None else int(samples)
    noise = DEFAULT_NOISE if noise is None else float(noise)
    if samples < 1:
        raise DataError(f"synthetic {name}: samples must be at least 1, got {samples}")
    if noise < 0:
        raise DataError(f"synthetic {name}: noise must be 0 or more, got {noise}")
    rng = np.random.default_rng(seed)
    if name in GATES:
        x, y = _gate(GATES[name], samples, noise, rng)
        return _make(name, x, y, CLASSIFICATION, ["0", "1"])
    from sklearn import datasets

    state = None if seed is None else int(seed)
    if name == "moons":
        x, y = datasets.make_moons(samples, noise=noise, random_state=state)
        return _make(name, x, y, CLASSIFICATION, ["0", "1"])
    if name == "circles":
        x, y = datasets.make_circles(samples, noise=noise, factor=0.5, random_state=state)
        return _make(name, x, y, CLASSIFICATION, ["0", "1"])
    if name == "blobs":
        x, y = datasets.make_blobs(samples, centers=3, cluster_std=1.0 + noise,
                                   random_state=state)
        return _make(name, x, y, CLASSIFICATION, ["0", "1", "2"])
    if name == "regression":
        x, y = datasets.make_regression(samples, n_features=REGRESSION_FEATURES,
                                        noise=noise * 10,
                                        random_state=state)
        return _make(name, x, y, REGRESSION, None)
    raise DataError(f"there is no synthetic dataset {name!r}: choose one of "
                    + ", ".join(NAMES))


def _gate(rule, samples, noise, rng):
    corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    points = corners if samples == 4 else corners[rng.integers(0, 4, samples)]
    labels = np.array([rule(int(a), int(b)) for a, b in points])
    x = points.astype(np.float32)
    if samples != 4 and noise > 0:
        x = x + rng.normal(0.0, noise, x.shape).astype(np.float32)
    return x, labels


def _make(name, x, y, task, classes):
    x = np.asarray(x, np.float32)
    if task == CLASSIFICATION:
        target = Target(np.asarray(y, np.int64), task, classes)
    else:
        target = Target(np.asarray(y, np.float32), task)
    features = [f"x{i + 1}" for i in range(x.shape[1])]
    return Dataset(name, x, {MAIN_TARGET: target}, features,
                   description=f"synthetic {name}: {len(x)} samples")

"""Points drawn by hand (the Learn tab's 2-D dataset editor): `{"source": "points",
"points": [[x, y, class], ...]}`, read as hostile input."""

from __future__ import annotations

import math

import numpy as np

from engine.data.dataset import CLASSIFICATION, MAIN_TARGET, Dataset, Target
from engine.data.errors import DataError

MAX_POINTS = 20_000
MAX_CLASSES = 10
WHERE = "data.dataset.points"
FEATURES = ["x1", "x2"]


def read_points(raw) -> tuple[np.ndarray, np.ndarray]:
    """(x (n, 2) float32, classes (n,) int64); DataError naming the point that is wrong."""
    if not isinstance(raw, list) or not raw:
        raise DataError(f"{WHERE}: expected a list of [x, y, class] points, at least one "
                        "(draw them in the Learn tab's 2-D data editor)")
    if len(raw) > MAX_POINTS:
        raise DataError(f"{WHERE}: {len(raw)} points; at most {MAX_POINTS} are read")
    x = np.empty((len(raw), 2), np.float32)
    y = np.empty(len(raw), np.int64)
    for i, point in enumerate(raw):
        if not isinstance(point, list) or len(point) != 3:
            raise DataError(f"{WHERE}[{i}]: expected [x, y, class], got {_short(point)}")
        for axis in (0, 1):
            value = point[axis]
            if isinstance(value, bool) or not isinstance(value, (int, float)) \
                    or not math.isfinite(value) or abs(value) > 1e6:
                raise DataError(f"{WHERE}[{i}][{axis}]: expected a finite number of at most "
                                f"1e6 in size, got {_short(value)}")
            x[i, axis] = value
        cls = point[2]
        if isinstance(cls, bool) or not isinstance(cls, int) or not 0 <= cls < MAX_CLASSES:
            raise DataError(f"{WHERE}[{i}][2]: the class must be a whole number from 0 to "
                            f"{MAX_CLASSES - 1}, got {_short(cls)}")
        y[i] = cls
    return x, y


def load(spec: dict) -> Dataset:
    x, y = read_points(spec.get("points"))
    classes = max(2, int(y.max()) + 1)
    return Dataset("points", x, {MAIN_TARGET: Target(y, CLASSIFICATION,
                                                     [str(k) for k in range(classes)])},
                   list(FEATURES), description=f"{len(x)} points drawn by hand")


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."

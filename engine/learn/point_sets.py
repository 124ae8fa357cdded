"""The 2-D dataset editor's points: synthetic sets to start from, and the project data spec
that trains on them (`{"source": "points", ...}`, read by engine.data.points_source)."""

from __future__ import annotations

import copy

import numpy as np

SETS = ("moons", "circles", "blobs", "xor")
DECIMALS = 4


def generate(name: str, samples: int, noise: float, seed: int | None = 0) -> list[list]:
    """[[x, y, class], ...] of a synthetic set (engine.data.synthetic), rounded for saving."""
    from engine.data.synthetic import load

    if name not in SETS:
        raise ValueError(f"there is no set {name!r}: choose one of " + ", ".join(SETS))
    dataset = load(name, int(samples), float(noise), seed)
    x = np.round(np.asarray(dataset.x, dtype=float), DECIMALS)
    y = np.asarray(dataset.main_target.values, dtype=np.int64)
    return [[float(a), float(b), int(c)] for (a, b), c in zip(x, y, strict=True)]


def points_data(data: dict | None, points: list[list], input_id: str | None = None,
                output_id: str | None = None) -> dict:
    """The project's data section training on `points`: the dataset replaced, the split and
    scaling kept; the lone input and output bound when they were not yet."""
    data = copy.deepcopy(data or {})
    data["dataset"] = {"source": "points",
                       "points": [[round(float(x), DECIMALS), round(float(y), DECIMALS),
                                   int(c)] for x, y, c in points]}
    if input_id is not None and not data.get("inputs"):
        data["inputs"] = {input_id: {"columns": "all"}}
    if output_id is not None and not data.get("targets"):
        data["targets"] = {output_id: "target"}
    return data

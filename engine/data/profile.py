"""What a loaded table holds, column by column, and how its main target is spread: the facts
the Data tab shows next to the first rows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

HISTOGRAM_BINS = 20


@dataclass(frozen=True)
class ColumnProfile:
    name: str
    kind: str  # "0/1", "integer" or "number"
    missing: int  # values that are not numbers (NaN) in the loaded features
    low: float
    high: float


@dataclass(frozen=True)
class Distribution:
    """Counts of the main target in the training split: per class, or per value bin."""

    labels: list[str]
    counts: list[int]
    task: str


def column_profiles(prepared) -> list[ColumnProfile]:
    """One profile per feature column of a table (none for images)."""
    if prepared.is_image:
        return []
    x = np.asarray(prepared.dataset.x, dtype=np.float64)
    profiles = []
    texts = prepared.dataset.texts  # their word numbers are filled per split, not here
    for index, name in enumerate(prepared.feature_names):
        if texts and any(name.startswith(f"{column}[") for column in texts):
            continue
        column = x[:, index]
        finite = column[np.isfinite(column)]
        missing = int(np.isnan(column).sum())
        if finite.size and np.all((finite == 0) | (finite == 1)):
            kind = "0/1"
        elif finite.size and np.all(finite == np.round(finite)):
            kind = "integer"
        else:
            kind = "number"
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 0.0)
        profiles.append(ColumnProfile(str(name), kind, missing, low, high))
    return profiles


def target_distribution(prepared, bins: int = HISTOGRAM_BINS) -> Distribution:
    """Class counts of a classification target, or a histogram of a regression one."""
    counts = prepared.class_counts("train")
    if counts:
        return Distribution(list(counts), list(counts.values()), "classification")
    part = prepared.split("train")
    key = prepared.dataset.main_key
    values = np.asarray(part.targets[key], dtype=np.float64).ravel() if part else np.array([])
    values = values[np.isfinite(values)]
    if not values.size:
        return Distribution([], [], "regression")
    heights, edges = np.histogram(values, bins=bins)
    labels = [f"{edges[i]:.3g}" for i in range(len(heights))]
    return Distribution(labels, [int(h) for h in heights], "regression")

"""A loaded dataset before splitting: features, targets, names, and what loading did to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

CLASSIFICATION = "classification"
REGRESSION = "regression"
MAIN_TARGET = "target"


@dataclass
class DataReport:
    """What loading and preparing did, in sentences for the user (e.g. columns one-hot
    encoded, values filled, columns left out), plus the counts behind them."""

    messages: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, message: str, **counts: int) -> None:
        self.messages.append(message)
        for key, value in counts.items():
            self.counts[key] = self.counts.get(key, 0) + value


@dataclass
class Target:
    """One target column: values (n,), its task, and class names for classification."""

    values: np.ndarray
    task: str
    class_names: list[str] | None = None
    test_values: np.ndarray | None = None  # when the dataset has its own test split

    @property
    def is_classification(self) -> bool:
        return self.task == CLASSIFICATION

    @property
    def n_classes(self) -> int:
        return len(self.class_names) if self.class_names else 0


@dataclass
class Dataset:
    """Features and targets of one dataset.

    `x` is (samples, features) for tables and (samples, height, width) or (samples, height,
    width, channels) for images;
    `targets` maps a target name ("target" for the dataset's own, or for a CSV file each
    target column's name, the first being `main_key`) to its `Target`. Datasets that come
    with their own test split (Keras's) carry it in `x_test` and each target's `test_values`.
    """

    name: str
    x: np.ndarray
    targets: dict[str, Target]
    feature_names: list[str]
    x_test: np.ndarray | None = None
    report: DataReport = field(default_factory=DataReport)
    description: str = ""
    main_key: str = MAIN_TARGET  # the key of the dataset's own target (a CSV file's first)
    # an `image_folder` source: the listing (its images stay on disk; `x` has no columns)
    image_folder: Any = None
    # CSV text columns: column -> its raw texts (n,); their token columns in `x` are
    # filled when the data is prepared (a TextVectorization adapted on the training split)
    texts: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def is_image(self) -> bool:
        return len(self.sample_shape) >= 2

    @property
    def is_streamed(self) -> bool:
        return self.image_folder is not None

    @property
    def sample_shape(self) -> tuple[int, ...]:
        if self.image_folder is not None:
            return tuple(self.image_folder.sample_shape)
        return tuple(int(d) for d in self.x.shape[1:])

    @property
    def n_columns(self) -> int:
        """Columns an Input can be bound to (pixels count one column each)."""
        return int(np.prod(self.sample_shape))

    @property
    def main_target(self) -> Target:
        return self.targets[self.main_key]

    @property
    def has_own_test_split(self) -> bool:
        return self.x_test is not None

    def target(self, name: str) -> Target | None:
        return self.targets.get(name)

"""A loaded dataset before splitting: features, targets, names, and what loading did to it."""

from __future__ import annotations

from dataclasses import dataclass, field

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

    `x` is (samples, features) for tables and (samples, height, width) for images;
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

    @property
    def is_image(self) -> bool:
        return self.x.ndim == 3

    @property
    def sample_shape(self) -> tuple[int, ...]:
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

"""Train / validation / test splits with a seed, and scaling fitted on the training split."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine.data.dataset import MAIN_TARGET, DataReport, Dataset
from engine.data.errors import DataError
from engine.data.sources import load_dataset
from engine.sections import DATA
from engine.sections.data_section import SCALINGS, scaling_of

SPLITS = ("train", "validation", "test")


@dataclass
class Split:
    """One split: features (float32, samples first) and every target's values."""

    x: np.ndarray
    targets: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.x)


@dataclass
class TablePreview:
    columns: list[str]
    rows: list[list]


@dataclass
class ImagePreview:
    images: np.ndarray  # (k, height, width), as loaded (0-255 for Keras's sets)
    labels: list[str]


@dataclass
class PreparedData:
    """A dataset split and scaled, ready to bind to a graph.

    `splits` holds "train" and, when not empty, "validation" and "test". The dataset's
    feature names, class names, task and report are reachable from here.
    """

    dataset: Dataset
    splits: dict[str, Split]
    scaling: str
    seed: int | None
    report: DataReport = field(default_factory=DataReport)

    @property
    def feature_names(self) -> list[str]:
        return self.dataset.feature_names

    @property
    def class_names(self) -> list[str] | None:
        """Class names of the main target (None for a regression target)."""
        return self.dataset.main_target.class_names

    @property
    def task(self) -> str:
        return self.dataset.main_target.task

    @property
    def is_image(self) -> bool:
        return self.dataset.is_image

    @property
    def sample_shape(self) -> tuple[int, ...]:
        return self.dataset.sample_shape

    def split(self, name: str) -> Split | None:
        return self.splits.get(name)

    def shapes(self) -> dict[str, tuple[int, ...]]:
        """{"train": (samples, *sample_shape), ...} for every split present."""
        return {name: tuple(s.x.shape) for name, s in self.splits.items()}

    def class_counts(self, split: str = "train", target: str | None = None) -> dict[str, int]:
        """Samples per class name in a split ({} for a regression target); the dataset's
        own target unless `target` names another."""
        target = target or self.dataset.main_key
        info = self.dataset.target(target)
        part = self.splits.get(split)
        if info is None or not info.is_classification or part is None:
            return {}
        counts = np.bincount(part.targets[target].astype(np.int64),
                             minlength=info.n_classes)
        return {name: int(c) for name, c in zip(info.class_names, counts, strict=False)}

    def preview(self, rows: int = 10):
        """The first rows of the data as loaded: a TablePreview (features then targets) or,
        for images, an ImagePreview with the class name of each image."""
        data = self.dataset
        target = data.main_target
        labels = target.values[:rows]
        if data.is_image:
            names = [target.class_names[int(v)] if target.class_names else str(v)
                     for v in labels]
            return ImagePreview(np.asarray(data.x[:rows]), names)
        keys = [k for k in data.targets if k != MAIN_TARGET] or [MAIN_TARGET]
        columns = list(data.feature_names) + keys
        table = []
        for i in range(min(rows, len(data.x))):
            row = [float(v) for v in data.x[i]]
            for key in keys:
                t = data.targets[key]
                value = t.values[i]
                row.append(t.class_names[int(value)] if t.class_names else float(value))
            table.append(row)
        return TablePreview(columns, table)


def prepare_data(data_spec: dict | None, base_dir: str | Path | None = None,
                 dataset: Dataset | None = None) -> PreparedData:
    """Loads (unless `dataset` is given), splits and scales the project's `data` section."""
    spec = data_spec or {}
    if dataset is None:
        if "dataset" not in spec:
            raise DataError("no dataset is chosen yet (data.dataset)")
        dataset = load_dataset(spec["dataset"], base_dir)
    scaling = scaling_of(spec)
    if scaling not in SCALINGS:
        raise DataError(f"data.scaling: unknown scaling {scaling!r}: choose one of "
                        + ", ".join(SCALINGS))
    test = _fraction(DATA.value(spec, "split.test"), "test")
    validation = _fraction(DATA.value(spec, "split.validation"), "validation")
    seed = DATA.value(spec, "split.seed")
    splits = _split(dataset, test, validation, seed)
    _scale(splits, scaling)
    report = DataReport(list(dataset.report.messages), dict(dataset.report.counts))
    return PreparedData(dataset, splits, scaling, seed, report)


def _fraction(value, name: str) -> float:
    value = 0.0 if value is None else value
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value < 1:
        raise DataError(f"data.split.{name}: expected a fraction from 0 to below 1, got "
                        f"{value!r}")
    return float(value)


def _split(dataset: Dataset, test: float, validation: float, seed) -> dict[str, Split]:
    from sklearn.model_selection import train_test_split

    def take(index: np.ndarray) -> Split:
        return Split(dataset.x[index], {k: t.values[index] for k, t in dataset.targets.items()})

    n = len(dataset.x)
    state = None if seed is None else int(seed)
    index = np.arange(n)
    splits: dict[str, Split] = {}
    if dataset.has_own_test_split:
        splits["test"] = Split(dataset.x_test, {k: t.test_values
                                                for k, t in dataset.targets.items()})
    elif test > 0:
        index, test_index = _cut(train_test_split, index, test, state, "test")
        splits["test"] = take(test_index)
    if validation > 0:
        index, valid_index = _cut(train_test_split, index, validation, state, "validation")
        splits["validation"] = take(valid_index)
    splits["train"] = take(index)
    return {name: splits[name] for name in SPLITS if name in splits}


def _cut(train_test_split, index, fraction, state, name):
    if len(index) < 2:
        raise DataError(f"data.split.{name}: {len(index)} sample{'s' * (len(index) != 1)} "
                        "cannot be split; set it to 0")
    return train_test_split(index, test_size=fraction, random_state=state)


def fit_scaler(train_x: np.ndarray):
    """The `standard` scaling: a StandardScaler fitted on the training split's features,
    each sample flattened (exports put its mean and scale inside the model)."""
    from sklearn.preprocessing import StandardScaler

    return StandardScaler().fit(train_x.reshape(len(train_x), -1).astype(np.float64))


def _scale(splits: dict[str, Split], scaling: str) -> None:
    if scaling == "standard":
        scaler = fit_scaler(splits["train"].x)
        for part in splits.values():
            flat = part.x.reshape(len(part.x), -1).astype(np.float64)
            part.x = scaler.transform(flat).astype(np.float32).reshape(part.x.shape)
        return
    for part in splits.values():
        part.x = np.asarray(part.x, dtype=np.float32)
        if scaling == "divide255":
            part.x /= np.float32(255.0)

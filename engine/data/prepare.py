"""Train / validation / test splits with a seed, and scaling fitted on the training split."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine.data.dataset import MAIN_TARGET, DataReport, Dataset
from engine.data.errors import DataError
from engine.data.image_folder import StreamedSplit
from engine.data.sources import load_dataset
from engine.sections import DATA
from engine.sections.data_section import SCALINGS, scaling_of

SPLITS = ("train", "validation", "test")


@dataclass
class Split:
    """One split: features (float32, samples first) and every target's values."""

    x: np.ndarray
    targets: dict[str, np.ndarray]
    texts: dict[str, np.ndarray] = field(default_factory=dict)  # CSV text columns' raw texts

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


@dataclass(frozen=True)
class StandardFigures:
    """What `standard` scaling subtracts and divides by, per feature column (flattened as
    `feature_names`): the training split's means and standard deviations. An image folder's
    are its channels' figures repeated for every pixel; a CSV's text columns (word numbers)
    get mean 0 and deviation 1 (left as they are)."""

    mean: np.ndarray
    scale: np.ndarray


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
    standard: StandardFigures | None = None  # the `standard` scaling's figures

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

    @property
    def is_streamed(self) -> bool:
        """An image folder: its splits stream images from disk (`StreamedSplit`)."""
        return self.dataset.is_streamed

    def shapes(self) -> dict[str, tuple[int, ...]]:
        """{"train": (samples, *sample_shape), ...} for every split present."""
        return {name: (len(s), *self.sample_shape) for name, s in self.splits.items()}

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
            if data.is_streamed:
                everything = StreamedSplit(data.image_folder, np.arange(len(data.x)), {})
                return ImagePreview(everything.images(np.arange(len(names))), names)
            return ImagePreview(np.asarray(data.x[:rows]), names)
        keys = [k for k in data.targets if k != MAIN_TARGET] or [MAIN_TARGET]
        tokens = len(_token_columns(data))  # text columns show as their texts
        width = data.n_columns - tokens
        columns = list(data.feature_names[:width]) + list(data.texts) + keys
        table = []
        for i in range(min(rows, len(data.x))):
            row = [float(v) for v in data.x[i, :width]]
            row += [str(texts[i]) for texts in data.texts.values()]
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
    report = DataReport(list(dataset.report.messages), dict(dataset.report.counts))
    if dataset.is_streamed:
        return PreparedData(dataset, splits, scaling, seed, report,
                            _scale_streamed(splits, scaling))
    tokens = _token_columns(dataset)
    if len(tokens) and scaling == "divide255":
        raise DataError("data.scaling: divide255 scaling is not offered with text columns "
                        "(data.dataset.text_columns): their word numbers must stay whole "
                        "numbers; choose standard (the number columns are scaled, the word "
                        "numbers left alone) or none")
    figures = _scale(splits, scaling, tokens)
    if dataset.texts:
        _vectorize(dataset, splits, spec, tokens)
    return PreparedData(dataset, splits, scaling, seed, report, figures)


def _scale_streamed(splits: dict, scaling: str) -> StandardFigures | None:
    """An image folder's scaling, done as its images stream: divide255 multiplies by 1/255,
    standard uses each channel's mean and deviation over the training split's images."""
    from engine.data.image_folder import channel_figures

    if scaling != "standard":
        for part in splits.values():
            part.scale = 1.0 / 255.0 if scaling == "divide255" else 1.0
        return None
    train = splits["train"]
    mean, std = channel_figures(train)
    for part in splits.values():
        part.standard = (mean, std)
    pixels = int(np.prod(train.folder.image_size))
    return StandardFigures(np.tile(mean, pixels), np.tile(std, pixels))


def _token_columns(dataset: Dataset) -> np.ndarray:
    """The columns of `x` that hold text columns' word numbers (the last ones)."""
    width = sum(1 for name in dataset.feature_names
                if any(name.startswith(f"{column}[") for column in dataset.texts))
    total = dataset.n_columns
    return np.arange(total - width, total)


def _vectorize(dataset: Dataset, splits: dict[str, Split], spec: dict, columns) -> None:
    """Fills each text column's token columns: a TextVectorization adapted on the training
    split's texts turns every split's texts into word numbers."""
    from engine.data.text_columns import plan, vectorize

    text = plan(spec.get("dataset"))
    start = int(columns[0]) if len(columns) else dataset.n_columns
    names = list(splits)
    for column in dataset.texts:
        parts = [splits[name].texts[column] for name in names]
        found, _vocabulary = vectorize(splits["train"].texts[column], parts, text.max_tokens,
                                       text.sequence_length)
        for name, tokens in zip(names, found, strict=True):
            splits[name].x[:, start:start + text.sequence_length] = tokens
        start += text.sequence_length


def _fraction(value, name: str) -> float:
    value = 0.0 if value is None else value
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value < 1:
        raise DataError(f"data.split.{name}: expected a fraction from 0 to below 1, got "
                        f"{value!r}")
    return float(value)


def _split(dataset: Dataset, test: float, validation: float, seed) -> dict[str, Split]:
    from sklearn.model_selection import train_test_split

    def take(index: np.ndarray):
        targets = {k: t.values[index] for k, t in dataset.targets.items()}
        if dataset.is_streamed:
            return StreamedSplit(dataset.image_folder, index, targets)
        return Split(dataset.x[index], targets, {k: v[index] for k, v in dataset.texts.items()})

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


def _scale(splits: dict[str, Split], scaling: str, keep=()) -> StandardFigures | None:
    """Scales every split with figures of the training split; the `keep` columns (text
    columns' word numbers) are left as they are."""
    if scaling == "standard":
        train = splits["train"].x
        width = int(np.prod(train.shape[1:]))
        numbers = np.setdiff1d(np.arange(width), np.asarray(keep, np.int64))
        mean, scale = np.zeros(width), np.ones(width)
        if not len(numbers):  # word numbers only: nothing to scale
            for part in splits.values():
                part.x = np.asarray(part.x, dtype=np.float32)
            return StandardFigures(mean, scale)
        if len(numbers) == width:
            numbers = slice(None)  # every column (no copy of a large image set)
        scaler = fit_scaler(train.reshape(len(train), -1)[:, numbers])
        mean[numbers], scale[numbers] = scaler.mean_, scaler.scale_
        for part in splits.values():
            flat = part.x.reshape(len(part.x), -1).astype(np.float64)
            if isinstance(numbers, slice):  # in place: no third copy of a large set
                flat -= mean
                flat /= scale
            else:
                flat[:, numbers] = (flat[:, numbers] - mean[numbers]) / scale[numbers]
            part.x = flat.astype(np.float32).reshape(part.x.shape)
        return StandardFigures(mean, scale)
    for part in splits.values():
        part.x = np.asarray(part.x, dtype=np.float32)
        if scaling == "divide255":
            part.x /= np.float32(255.0)
    return None

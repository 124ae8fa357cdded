"""What binding needs to know of a dataset without loading it: its column count, the shape of
one sample, its target names, and (only when a binding names columns) its feature names.

Known from tables for the scikit-learn, Keras and synthetic sets; a CSV file's columns are
read once (pandas only: no scikit-learn, no features built) and remembered until the file
changes on disk."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from engine.data import (
    categorical,
    csv_source,
    image_folder,
    keras_sets,
    sklearn_sets,
    synthetic,
    text_columns,
)
from engine.data.dataset import MAIN_TARGET, Dataset
from engine.data.errors import DataError

CSV_CACHE_SIZE = 8


@dataclass(frozen=True)
class DataShape:
    sample_shape: tuple[int, ...]
    target_names: tuple[str, ...]
    names: Callable[[], list[str]]  # the feature names, loaded when first asked for

    @property
    def n_columns(self) -> int:
        count = 1
        for dim in self.sample_shape:
            count *= dim
        return count

    @property
    def is_image(self) -> bool:
        return len(self.sample_shape) > 1

    @classmethod
    def of_dataset(cls, dataset: Dataset) -> DataShape:
        names = list(dataset.feature_names)
        return cls(dataset.sample_shape, tuple(dataset.targets), lambda: names)


def data_shape(spec, base_dir: str | Path | None = None) -> DataShape:
    """The shape of the project's `data.dataset` without loading it (a CSV is read once).
    Raises DataError naming what is wrong, as loading would."""
    from engine.data.sources import AS_IMAGES, SOURCES, checked_source, csv_path, wants_images

    source = checked_source(spec)
    if source == "points":
        return DataShape((2,), (MAIN_TARGET,), lambda: ["x1", "x2"])
    if source == "image_folder":
        shape, _classes = image_folder.shape_of(spec, base_dir)
        return DataShape(shape, (MAIN_TARGET,),
                         functools.partial(image_folder.pixel_names, shape))
    if source == "csv":
        path = csv_path(spec, base_dir)
        target = spec.get("target")
        try:
            stat = path.stat()
        except OSError:
            raise DataError(f"{path}: the file does not exist") from None
        key = tuple(target) if isinstance(target, list) else target
        text = text_columns.plan(spec)
        return _csv_shape(str(path), stat.st_mtime_ns, stat.st_size, key,
                          *categorical.overrides(spec), text_columns.key(text))
    name = spec.get("name")
    if name not in SOURCES[source]:
        raise DataError(f"data.dataset.name: there is no {source} dataset {name!r}: choose "
                        "one of " + ", ".join(SOURCES[source]))
    main = (MAIN_TARGET,)
    if source == "sklearn":
        shape = AS_IMAGES[(source, name)] if wants_images(spec) else (
            sklearn_sets.FEATURE_COUNTS[name],)
        return DataShape(shape, main, functools.partial(_sklearn_names, name))
    if source == "keras":
        shape = keras_sets.IMAGE_SHAPE
        names = functools.partial(keras_sets.pixel_names, shape)
        return DataShape(AS_IMAGES[(source, name)] if wants_images(spec) else shape, main, names)
    count = synthetic.feature_count(name)
    return DataShape((count,), main, lambda: [f"x{i + 1}" for i in range(count)])


@functools.lru_cache(maxsize=len(sklearn_sets.NAMES))
def _sklearn_names(name: str) -> list[str]:
    return list(sklearn_sets.load(name).feature_names)


@functools.lru_cache(maxsize=CSV_CACHE_SIZE)
def _csv_shape(path: str, _mtime: int, _size: int, target, keep=frozenset(),
               leave_out=frozenset(), text_key=None) -> DataShape:
    target = list(target) if isinstance(target, tuple) else target
    text = text_columns.TextPlan(*text_key) if text_key else None
    names = csv_source.feature_names(path, target, keep, leave_out, text)
    targets = tuple(target) if isinstance(target, list) else (target,)
    return DataShape((len(names),), targets, lambda: names)

"""Which datasets exist, and `load_dataset(spec)` for the project's `data.dataset` object."""

from __future__ import annotations

from pathlib import Path

from engine.data import (
    categorical,
    csv_source,
    image_folder,
    keras_sets,
    points_source,
    sklearn_sets,
    synthetic,
    text_columns,
)
from engine.data.dataset import Dataset
from engine.data.errors import DataError

SOURCES = {
    "sklearn": sklearn_sets.NAMES,
    "keras": keras_sets.NAMES,
    "synthetic": synthetic.NAMES,
    "csv": (),
    "image_folder": (),
    "points": (),  # drawn in the Learn tab's 2-D editor: {"points": [[x, y, class], ...]}
}
# the sets offered "as images" (`data.dataset.as_images`): each sample (h, w, 1)
AS_IMAGES = {("sklearn", "digits"): (8, 8, 1), ("keras", "mnist"): (28, 28, 1),
             ("keras", "fashion_mnist"): (28, 28, 1)}
OFFLINE = {("sklearn", n) for n in sklearn_sets.BUNDLED} | {("synthetic", n)
                                                            for n in synthetic.NAMES}


def checked_source(spec) -> str:
    """The `source` of a `data.dataset` spec; DataError naming what is wrong."""
    if not isinstance(spec, dict):
        raise DataError("data.dataset: expected an object with source and name")
    source = spec.get("source")
    if source not in SOURCES:
        raise DataError(f"data.dataset.source: unknown source {source!r}: choose one of "
                        + ", ".join(SOURCES))
    return source


def load_dataset(spec: dict, base_dir: str | Path | None = None) -> Dataset:
    """Loads `{"source": ..., "name": ...}` (or a CSV `{"source": "csv", "path", "target"}`,
    the path relative to `base_dir`, the project's folder). Raises DataError (or its
    DatasetUnavailable / CsvError) with a message naming what is wrong."""
    source = checked_source(spec)
    if source == "csv":
        return csv_source.load(csv_path(spec, base_dir), spec.get("target"),
                               *categorical.overrides(spec), text=text_columns.plan(spec))
    if source == "image_folder":
        return image_folder.load(spec, base_dir)
    if source == "points":
        return points_source.load(spec)
    name = spec.get("name")
    if name not in SOURCES[source]:
        raise DataError(f"data.dataset.name: there is no {source} dataset {name!r}: choose "
                        "one of " + ", ".join(SOURCES[source]))
    module = sklearn_sets if source == "sklearn" else keras_sets if source == "keras" else None
    if module is not None:
        return module.load(name, True) if wants_images(spec) else module.load(name)
    return synthetic.load(name, spec.get("samples"), spec.get("noise"), spec.get("seed"))


def csv_path(spec: dict, base_dir: str | Path | None = None) -> Path:
    """The CSV file of `data.dataset`, relative to the project's folder unless absolute."""
    raw = spec.get("path")
    if not isinstance(raw, str) or not raw:
        raise DataError("data.dataset.path: give the CSV file's path")
    path = Path(raw)
    if not path.is_absolute() and base_dir is not None:
        path = Path(base_dir) / path
    return path


def wants_images(spec: dict) -> bool:
    """Whether `data.dataset.as_images` asks for images with a channel axis; DataError when
    the chosen set has no images."""
    value = spec.get("as_images", False)
    if value is None or value is False:
        return False
    if value is not True:
        raise DataError(f"data.dataset.as_images: expected true or false, got {value!r}")
    key = (spec.get("source"), spec.get("name"))
    if key not in AS_IMAGES:
        raise DataError(f"data.dataset.as_images: {key[1]} is not an image set; only "
                        + ", ".join(n for _, n in AS_IMAGES) + " can be read as images")
    return True

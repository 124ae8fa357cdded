"""Which datasets exist, and `load_dataset(spec)` for the project's `data.dataset` object."""

from __future__ import annotations

from pathlib import Path

from engine.data import categorical, csv_source, keras_sets, sklearn_sets, synthetic
from engine.data.dataset import Dataset
from engine.data.errors import DataError

SOURCES = {
    "sklearn": sklearn_sets.NAMES,
    "keras": keras_sets.NAMES,
    "synthetic": synthetic.NAMES,
    "csv": (),
}
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
                               *categorical.overrides(spec))
    name = spec.get("name")
    if name not in SOURCES[source]:
        raise DataError(f"data.dataset.name: there is no {source} dataset {name!r}: choose "
                        "one of " + ", ".join(SOURCES[source]))
    if source == "sklearn":
        return sklearn_sets.load(name)
    if source == "keras":
        return keras_sets.load(name)
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

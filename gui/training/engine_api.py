"""The few engine calls the training GUI makes, in one place, so the panels stay thin.

Everything here is plain engine code called from the GUI or from a worker thread; nothing
imports Keras at module level.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from engine.data.columns import ColumnSpecError, describe_columns, parse_columns
from engine.data.sources import SOURCES

ANY_WIDTH = 1 << 30  # column numbers are checked against the data once it is loaded


def load_data(data_spec: dict, base_dir: Path | None):
    """Loads, splits and scales a data section (in a worker thread): PreparedData, or an
    exception whose message says what went wrong."""
    from engine.data.errors import DataError
    from engine.data.prepare import prepare_data

    try:
        return prepare_data(data_spec, base_dir)
    except DataError:
        raise
    except Exception as exc:  # a loader bug is reported, never raised into Qt
        raise DataError(f"the data could not be loaded: {type(exc).__name__}: {exc}") from exc


def dataset_names(source: str) -> list[str]:
    return list(SOURCES.get(source, ()))


def sources() -> list[str]:
    return list(SOURCES)


def columns_from_text(text: str, n_columns: int | None = None, feature_names=None):
    """"all" or a list of column indices from what the user typed; ColumnSpecError if bad."""
    text = text.strip()
    if text.lower() in ("", "all"):
        return "all"
    picked = parse_columns(text, n_columns or ANY_WIDTH, feature_names)
    return [int(i) for i in picked]


def columns_text(columns) -> str:
    if columns in (None, "all"):
        return "all"
    if isinstance(columns, str):  # a column name, e.g. a CSV text column's
        return columns
    if isinstance(columns, list | tuple) and any(isinstance(c, str) for c in columns):
        return ", ".join(str(c) for c in columns)
    return describe_columns(np.asarray(columns, dtype=np.int64))


__all__ = ["ColumnSpecError", "columns_from_text", "columns_text", "dataset_names", "load_data",
           "sources"]

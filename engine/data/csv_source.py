"""CSV files read with pandas. Text columns are one-hot encoded and missing values filled with
scikit-learn's transformers; a column of almost all distinct text (an id, a name) is left out;
every such change is told in the dataset's report, with counts. A number column with some
text in it is refused, naming the column and its first bad row."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from engine.data.dataset import (
    CLASSIFICATION,
    MAIN_TARGET,
    REGRESSION,
    DataReport,
    Dataset,
    Target,
)
from engine.data.errors import CsvError

MOSTLY_NUMBERS = 0.8  # a column with at least this share of numbers is a number column
DISTINCT_TEXT = 0.9  # ... with at least this share of distinct texts is an id or a name
MIN_DISTINCT = 10
MAX_CLASSES = 20  # an integer target with at most this many values is a class label


def load(path: str | Path, target: str | list[str] | None) -> Dataset:
    """The file's features and target(s); `target` is a column name or a list of them."""
    import pandas as pd

    path = Path(path)
    try:
        frame = pd.read_csv(path, skipinitialspace=True)
    except FileNotFoundError:
        raise CsvError(f"{path}: the file does not exist") from None
    except UnicodeDecodeError as exc:
        raise CsvError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, OSError) as exc:
        raise CsvError(f"{path}: cannot read it as CSV: {exc}") from None
    if frame.shape[1] == 0 or frame.shape[0] == 0:
        raise CsvError(f"{path}: the file has no data rows")
    names = [target] if isinstance(target, str) else list(target or [])
    if not names:
        raise CsvError(f"{path}: choose the target column (one of: "
                       f"{', '.join(map(str, frame.columns))})")
    for name in names:
        if name not in frame.columns:
            raise CsvError(f"{path}: there is no column {name!r} for the target (columns: "
                           f"{', '.join(map(str, frame.columns))})", column=name)
    report = DataReport()
    frame = _drop_rows_without_target(frame, names, report)
    targets = {name: _target(frame[name], name, path) for name in names}
    targets[MAIN_TARGET] = targets[names[0]]
    features = frame.drop(columns=names)
    x, feature_names = _features(features, path, report)
    return Dataset(path.stem, x, targets, feature_names, report=report,
                   description=f"{path.name}: {len(x)} rows, {x.shape[1]} feature columns")


def _drop_rows_without_target(frame, names, report):
    missing = frame[names].isna().any(axis=1)
    count = int(missing.sum())
    if count:
        report.add(f"left out {count} row{'s' * (count != 1)} with no target value",
                   rows_dropped=count)
        frame = frame[~missing]
    return frame


def _numbers(column, name: str, path: Path):
    """The column as floats, or None for a text column; refuses a number column with text."""
    import pandas as pd

    if pd.api.types.is_bool_dtype(column) or pd.api.types.is_numeric_dtype(column):
        return column.astype(float)
    present = column.dropna()
    converted = pd.to_numeric(present, errors="coerce")
    good = converted.notna()
    if len(present) == 0 or good.all():
        return pd.to_numeric(column, errors="coerce").astype(float)
    if good.mean() >= MOSTLY_NUMBERS:
        bad = present[~good]
        row = int(bad.index[0]) + 1  # 1-based data row (the header is not counted)
        raise CsvError(f"{path.name}: column {name!r} holds numbers, but data row {row} has "
                       f"{bad.iloc[0]!r} ({len(bad)} such cell{'s' * (len(bad) != 1)}); fix "
                       "or clear it", column=name, row=row)
    return None


def _features(frame, path: Path, report: DataReport):
    from sklearn.impute import SimpleImputer
    from sklearn.preprocessing import OneHotEncoder

    blocks, names = [], []
    filled, encoded, left_out = {}, {}, []
    for name in frame.columns:
        column = frame[name]
        label = str(name)
        numbers = _numbers(column, label, path)
        missing = int(column.isna().sum())
        if numbers is not None:
            if numbers.notna().sum() == 0:
                left_out.append(label)
                continue
            values = numbers.to_numpy().reshape(-1, 1)
            if missing:
                values = SimpleImputer(strategy="mean").fit_transform(values)
                filled[label] = missing
            blocks.append(values)
            names.append(label)
            continue
        present = column.dropna().astype(str)
        distinct = present.nunique()
        if distinct >= MIN_DISTINCT and distinct >= DISTINCT_TEXT * len(present):
            left_out.append(label)
            continue
        texts = column.astype(object).where(column.notna(), None).to_numpy().reshape(-1, 1)
        if missing:
            texts = SimpleImputer(strategy="most_frequent", missing_values=None
                                  ).fit_transform(texts)
            filled[label] = missing
        texts = texts.astype(str)
        encoder = OneHotEncoder(handle_unknown="ignore", sparse_output=False)
        blocks.append(encoder.fit_transform(texts))
        categories = [str(c) for c in encoder.categories_[0]]
        names.extend(f"{label}={c}" for c in categories)
        encoded[label] = len(categories)
    _tell(report, filled, encoded, left_out)
    if not blocks:
        raise CsvError(f"{path.name}: no usable feature column is left")
    return np.hstack(blocks).astype(np.float32), names


def _tell(report: DataReport, filled: dict, encoded: dict, left_out: list) -> None:
    if encoded:
        parts = ", ".join(f"{k} ({v} categories)" for k, v in encoded.items())
        n = len(encoded)
        report.add(f"one-hot encoded {n} text column{'s' * (n != 1)}: {parts}, into "
                   f"{sum(encoded.values())} columns", encoded_columns=n)
    if filled:
        parts = ", ".join(f"{k}: {v}" for k, v in filled.items())
        total = sum(filled.values())
        report.add(f"filled {total} missing value{'s' * (total != 1)} in {len(filled)} "
                   f"column{'s' * (len(filled) != 1)} ({parts}); numbers with the column's "
                   "mean, text with its most frequent value", filled_values=total,
                   filled_columns=len(filled))
    if left_out:
        n = len(left_out)
        report.add(f"left out {n} column{'s' * (n != 1)} of almost all distinct text or no "
                   f"values (an id or a name): {', '.join(left_out)}", left_out_columns=n)


def _target(column, name: str, path: Path) -> Target:
    numbers = _numbers(column, name, path)
    if numbers is None:
        texts = column.astype(str).to_numpy()
        classes, codes = np.unique(texts, return_inverse=True)
        return Target(codes.astype(np.int64), CLASSIFICATION, [str(c) for c in classes])
    values = numbers.to_numpy()
    distinct = np.unique(values)
    if np.all(np.mod(distinct, 1) == 0) and len(distinct) <= MAX_CLASSES:
        codes = np.searchsorted(distinct, values)
        return Target(codes.astype(np.int64), CLASSIFICATION,
                      [str(int(v)) for v in distinct])
    return Target(values.astype(np.float32), REGRESSION)

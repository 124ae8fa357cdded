"""CSV files read with pandas. Text columns are one-hot encoded and missing values filled with
scikit-learn's transformers; identifier-like and many-category columns are left out or
grouped by `engine.data.categorical`; every such change is told in the dataset's report, with counts. A number column with some
text in it is refused, naming the column and its first bad row."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from engine.data import categorical
from engine.data.dataset import (
    CLASSIFICATION,
    REGRESSION,
    DataReport,
    Dataset,
    Target,
)
from engine.data.errors import CsvError

MOSTLY_NUMBERS = 0.8  # a column with at least this share of numbers is a number column
MAX_CLASSES = 20  # an integer target with at most this many values is a class label
NUMBERS, TEXT, LEFT_OUT = "numbers", "text", "left_out"  # what a feature column becomes
LARGEST = float(np.finfo(np.float32).max) / 1e6  # room for standard scaling in float32


def load(path: str | Path, target: str | list[str] | None, keep=frozenset(),
         leave_out=frozenset(), text=None) -> Dataset:
    """The file's features and target(s); `target` is a column name or a list of them;
    `keep` and `leave_out` name columns the messy-data rule must not judge; `text` (a
    `text_columns.TextPlan`) names columns read as word sequences: their raw texts go to
    `Dataset.texts` and their token columns (zeros until the data is prepared) come last."""
    path = Path(path)
    frame, names, report = _read(path, target)
    targets = {name: _target(frame[name], name, path) for name in names}
    texts = _text_columns(frame, names, text, path)
    features = frame.drop(columns=names + list(texts))
    if features.shape[1] or not texts:
        x, feature_names = _features(features, path, report, keep, leave_out)
    else:
        x, feature_names = np.zeros((len(frame), 0), np.float32), []
    for column in texts:
        x = np.hstack([x, np.zeros((len(x), text.sequence_length), np.float32)])
        feature_names += text.names(column)
    if texts:
        report.add(f"read {len(texts)} text column{'s' * (len(texts) != 1)} as word sequences "
                   f"({', '.join(texts)}): {text.sequence_length} words each, a vocabulary of "
                   f"{text.max_tokens} learnt on the training split", text_columns=len(texts))
    # keyed by column name only: the dataset's own target is `main_key`, so a column named
    # "target" can never be mistaken for it
    return Dataset(path.stem, x, targets, feature_names, report=report,
                   description=f"{path.name}: {len(x)} rows, {x.shape[1]} feature columns",
                   main_key=names[0], texts=texts)


def _text_columns(frame, targets: list[str], text, path: Path) -> dict[str, np.ndarray]:
    """The raw texts of the plan's columns (a missing cell reads as empty text)."""
    if text is None:
        return {}
    found = {}
    for column in text.columns:
        if column not in frame.columns:
            raise CsvError(f"{path.name}: there is no column {column!r} for "
                           "data.dataset.text_columns (columns: "
                           f"{', '.join(map(str, frame.columns))})", column=column)
        if column in targets:
            raise CsvError(f"{path.name}: column {column!r} is a target; it cannot also be a "
                           "text column (data.dataset.text_columns)", column=column)
        found[column] = frame[column].fillna("").astype(str).to_numpy(dtype=object)
    return found


def feature_names(path: str | Path, target: str | list[str] | None, keep=frozenset(),
                  leave_out=frozenset(), text=None) -> list[str]:
    """The names of the feature columns `load` gives (a text column one-hot encoded gives
    one per category, a `text` column its token columns), found without scikit-learn and
    without building the features."""
    path = Path(path)
    frame, names, _report = _read(path, target)
    texts = list(_text_columns(frame, names, text, path))
    found: list[str] = []
    for name in frame.drop(columns=names + texts).columns:
        kind, detail = _column_plan(frame[name], str(name), path, keep, leave_out)
        if kind == NUMBERS:
            found.append(str(name))
        elif kind == TEXT:
            found.extend(_encoded_names(str(name), detail.categories))
    for column in texts:
        found.extend(text.names(column))
    if not found:
        raise CsvError(f"{path.name}: no usable feature column is left")
    return found


def encoding_plan(path: str | Path, target, keep=frozenset(), leave_out=frozenset(),
                  text=None) -> dict:
    """What `load` does to each feature column, as plain data for a generated script:
    "numbers", the text categories in order (with categorical.OTHER when grouped), or
    None when it is left out (a `text` column too: the script reads it apart)."""
    path = Path(path)
    frame, names, _report = _read(path, target)
    texts = list(_text_columns(frame, names, text, path))
    plan: dict = {name: None for name in texts}
    for name in frame.drop(columns=names + texts).columns:
        kind, detail = _column_plan(frame[name], str(name), path, keep, leave_out)
        plan[str(name)] = (NUMBERS if kind == NUMBERS else
                           list(detail.categories) if kind == TEXT else None)
    return plan


def _read(path: Path, target):
    """The file's rows with a target value, the target names, and the report so far."""
    import pandas as pd

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
    return frame, names, report


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
        return _finite(column.astype(float), name, path)
    present = column.dropna()
    converted = pd.to_numeric(present, errors="coerce")
    good = converted.notna()
    if len(present) == 0 or good.all():
        return _finite(pd.to_numeric(column, errors="coerce").astype(float), name, path)
    if good.mean() >= MOSTLY_NUMBERS:
        bad = present[~good]
        row = int(bad.index[0]) + 1  # 1-based data row (the header is not counted)
        raise CsvError(f"{path.name}: column {name!r} holds numbers, but data row {row} has "
                       f"{bad.iloc[0]!r} ({len(bad)} such cell{'s' * (len(bad) != 1)}); fix "
                       "or clear it", column=name, row=row)
    return None


def _finite(numbers, name: str, path: Path):
    """The column, refused when a value is infinite or too large for training's float32
    (scaling and the loss would turn it into inf or NaN)."""
    values = numbers.to_numpy()
    bad = ~np.isnan(values) & ~(np.abs(values) <= LARGEST)
    if bad.any():
        first = int(np.argmax(bad))
        row = int(numbers.index[first]) + 1  # 1-based data row (the header is not counted)
        count = int(bad.sum())
        raise CsvError(f"{path.name}: column {name!r} holds {values[first]!r} in data row "
                       f"{row} ({count} such cell{'s' * (count != 1)}): numbers must be "
                       f"finite and at most {LARGEST:.3g} in size; fix or clear it",
                       column=name, row=row)
    return numbers


def _encoded_names(label: str, categories) -> list[str]:
    return [f"{label}={c}" for c in categories]


def _column_plan(column, label: str, path: Path, keep=frozenset(), leave_out=frozenset()):
    """What a feature column becomes: (NUMBERS, the numbers), (TEXT, its TextPlan) or
    (LEFT_OUT, why: None for no values or the project's choice, else the rule's reason)."""
    if label in leave_out:
        return LEFT_OUT, None
    numbers = _numbers(column, label, path)
    if numbers is not None:
        if not numbers.notna().sum():
            return LEFT_OUT, None
        reason = None if label in keep else categorical.row_number_reason(numbers, label)
        return (LEFT_OUT, reason) if reason else (NUMBERS, numbers)
    plan = categorical.plan_text(column.dropna().astype(str), label, label in keep)
    if plan.kind == categorical.LEFT_OUT:
        return LEFT_OUT, plan.reason
    return TEXT, plan


def _features(frame, path: Path, report: DataReport, keep=frozenset(),
              leave_out=frozenset()):
    from sklearn.impute import SimpleImputer
    from sklearn.preprocessing import OneHotEncoder

    blocks, names = [], []
    filled, encoded, left_out, ruled_out, grouped = {}, {}, [], {}, {}
    for name in frame.columns:
        column = frame[name]
        label = str(name)
        kind, detail = _column_plan(column, label, path, keep, leave_out)
        missing = int(column.isna().sum())
        if kind == LEFT_OUT:
            if detail:
                ruled_out[label] = detail
            else:
                left_out.append(label)
            continue
        if kind == NUMBERS:
            values = detail.to_numpy().reshape(-1, 1)
            if missing:
                values = SimpleImputer(strategy="mean").fit_transform(values)
                filled[label] = missing
            blocks.append(values)
            names.append(label)
            continue
        texts = column.astype(object).where(column.notna(), None).to_numpy().reshape(-1, 1)
        if missing:
            texts = SimpleImputer(strategy="most_frequent", missing_values=None
                                  ).fit_transform(texts)
            filled[label] = missing
        texts = np.vectorize(detail.encode, otypes=[object])(texts.astype(str))
        if detail.kind == categorical.GROUPED:
            grouped[label] = detail.reason
        encoder = OneHotEncoder(categories=[list(detail.categories)], handle_unknown="ignore",
                                sparse_output=False)
        blocks.append(encoder.fit_transform(texts))
        categories = [str(c) for c in encoder.categories_[0]]
        names.extend(_encoded_names(label, categories))
        encoded[label] = len(categories)
    _tell(report, filled, encoded, left_out)
    categorical.tell(report, ruled_out, grouped)
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
        report.add(f"left out {n} column{'s' * (n != 1)} with no values or as the project "
                   f"asks: {', '.join(left_out)}", left_out_columns=n)


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

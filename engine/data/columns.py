"""Column selections of an Input's binding: "all", a list of indices, inclusive ranges
("0-4", "2-7"), or feature names; parsed into index arrays. And the target an Output's
binding names: the dataset's own, or a CSV column by name."""

from __future__ import annotations

import numpy as np


class ColumnSpecError(ValueError):
    pass


def parse_columns(value, n_columns: int, feature_names: list[str] | None = None) -> np.ndarray:
    """Indices selected by `value`: "all", an int, "a-b" (inclusive), a feature name, or a
    list of these, or a comma-separated string of these. Raises ColumnSpecError with the
    reason (a column out of range names the valid range)."""
    if value is None or value == "all":
        return np.arange(n_columns)
    if isinstance(value, str):
        items = [part.strip() for part in value.split(",") if part.strip()]
    elif isinstance(value, list | tuple):
        items = list(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        items = [value]
    else:
        raise ColumnSpecError(f"expected \"all\", a list of column numbers or ranges such as "
                              f"\"0-4\", got {value!r}")
    names = {name: i for i, name in enumerate(feature_names or [])}
    picked: list[int] = []
    for item in items:
        picked.extend(_one(item, names))
    if not picked:
        raise ColumnSpecError("no column is selected")
    for index in picked:
        if not 0 <= index < n_columns:
            raise ColumnSpecError(f"column {index} does not exist: the data has {n_columns} "
                                  f"columns (0-{n_columns - 1})")
    return np.asarray(picked, dtype=np.int64)


def _one(item, names: dict[str, int]) -> list[int]:
    if isinstance(item, int) and not isinstance(item, bool):
        return [item]
    if isinstance(item, str):
        if item in names:
            return [names[item]]
        if f"{item}[0]" in names:  # a CSV text column: all its token columns
            found, i = [], 0
            while f"{item}[{i}]" in names:
                found.append(names[f"{item}[{i}]"])
                i += 1
            return found
        text = item.strip()
        if text.lstrip("-").isdigit():
            return [int(text)]
        first, sep, last = text.partition("-")
        if sep and first.strip().isdigit() and last.strip().isdigit():
            a, b = int(first), int(last)
            if b < a:
                raise ColumnSpecError(f"the range {item!r} runs backwards")
            return list(range(a, b + 1))
        raise ColumnSpecError(f"{item!r} is neither a column number, a range such as \"0-4\", "
                              "nor a column name")
    raise ColumnSpecError(f"{item!r} is not a column number or range")


def describe_columns(indices: np.ndarray) -> str:
    """[0, 1, 2, 5] -> "0-2, 5" (how a binding is shown)."""
    parts, start, prev = [], None, None
    for i in [int(v) for v in indices]:
        if start is None:
            start = prev = i
        elif i == prev + 1:
            prev = i
        else:
            parts.append(f"{start}-{prev}" if prev > start else str(start))
            start = prev = i
    if start is not None:
        parts.append(f"{start}-{prev}" if prev > start else str(start))
    return ", ".join(parts)


DATASET_TARGET = "target"  # a reference to the dataset's own target (a CSV file's first)
COLUMN = "column"  # {"column": NAME}: a CSV column, whatever its name


def target_key(reference, keys, main_key: str) -> tuple[str, str | None]:
    """(key of the dataset's targets that an Output's reference names, a warning or None):
    "target" is the dataset's own target, {"column": NAME} a CSV column (the form that
    cannot collide with "target"); a plain name, as files written before that form hold,
    is a column. Raises ColumnSpecError saying what is wrong (after "Output NAME ")."""
    keys = list(keys)
    if reference is None or reference == DATASET_TARGET:
        warning = None
        if DATASET_TARGET in keys and main_key != DATASET_TARGET:
            warning = (f"\"target\" is the dataset's own target, column {main_key!r}, not "
                       "the column named \"target\"; for that column write "
                       "{\"column\": \"target\"} (or pick it again in the Data tab)")
        return main_key, warning
    if isinstance(reference, dict) and set(reference) == {COLUMN}:
        reference = reference[COLUMN]
    elif not isinstance(reference, str):
        raise ColumnSpecError(f"is bound to {reference!r}: expected \"target\" or "
                              "{\"column\": NAME}")
    if reference not in keys:
        raise ColumnSpecError(f"is bound to {reference!r}, but the data has no such target "
                              f"(it has: {', '.join(keys)})")
    return reference, None


def target_reference(key: str, main_key: str):
    """How a project refers to the target `key`: "target" for the dataset's own, else
    {"column": key}."""
    return DATASET_TARGET if key == main_key else {COLUMN: key}


def reference_name(reference) -> str:
    """The name a target reference is written under: a column's name, else "target"."""
    if isinstance(reference, dict) and isinstance(reference.get(COLUMN), str):
        return reference[COLUMN]
    return reference if isinstance(reference, str) else DATASET_TARGET


def planned_target_key(reference, dataset_spec) -> str:
    """The target key a reference names, known from the project's `data.dataset` alone
    (nothing loaded): a CSV file's targets are keyed by column name, other datasets have
    "target". An unknown name is kept as written (binding reports it)."""
    spec = dataset_spec if isinstance(dataset_spec, dict) else {}
    names = spec.get("target") if spec.get("source") == "csv" else None
    names = [names] if isinstance(names, str) else list(names or [])
    if names and all(isinstance(n, str) for n in names):
        try:
            return target_key(reference, names, names[0])[0]
        except ColumnSpecError:
            pass
    return reference_name(reference)

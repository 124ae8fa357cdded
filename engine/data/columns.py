"""Column selections of an Input's binding: "all", a list of indices, inclusive ranges
("0-4", "2-7"), or feature names; parsed into index arrays."""

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

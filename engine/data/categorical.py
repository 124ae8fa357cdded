"""What a CSV feature column becomes when its values are not plain measurements: the rule
that leaves out identifier-like columns (a row number, a name, a ticket or cabin code) and
groups the rare categories of a text column with many of them, so a network cannot memorise
rows by their ids. Each decision carries its reason in words for the user; the project's
`data.dataset.keep_columns` and `data.dataset.leave_out` override the rule per column."""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.sections.data_section import DATA

ONE_HOT, GROUPED, LEFT_OUT = "one_hot", "grouped", "left_out"
ID_SHARE = 0.5  # a text column with at least this share of distinct values names rows
MIN_DISTINCT = 10  # ... counted only from this many distinct values on
MAX_CATEGORIES = 20  # a text column with more categories keeps only its frequent ones
MIN_FREQUENCY = 0.01  # ... those found in at least this share of the rows (and MIN_ROWS)
MIN_ROWS = 5
OTHER = "(other)"  # the category the rare values of a grouped column become
ID_NAME = re.compile(r"(^|[^a-z])(id|index|row|no)$|(?-i:[a-z]Id$)|^id[^a-z]", re.IGNORECASE)
KEEP_TITLE = DATA.field("dataset.keep_columns").title


@dataclass(frozen=True)
class TextPlan:
    """How a text column is encoded: its categories in order (OTHER last when grouped),
    or none when it is left out, and why, in words."""

    kind: str
    categories: tuple[str, ...] = ()
    reason: str = ""

    def encode(self, text: str) -> str:
        """The category a (present) value becomes."""
        if self.kind == GROUPED and text not in self.categories:
            return OTHER
        return text


def plan_text(present, label: str, keep: bool = False) -> TextPlan:
    """The plan for a text column from its present values (a pandas Series of str)."""
    counts = present.value_counts()
    distinct, rows = len(counts), len(present)
    if keep:
        return TextPlan(ONE_HOT, tuple(sorted(counts.index)), "kept in full as the project "
                        "asks")
    if distinct >= MIN_DISTINCT and distinct >= ID_SHARE * rows:
        return TextPlan(LEFT_OUT, reason=f"{label}: {distinct} distinct values in {rows} "
                        "rows, identifier-like (a network would memorise rows by it)")
    if distinct <= MAX_CATEGORIES:
        return TextPlan(ONE_HOT, tuple(sorted(counts.index)))
    least = max(MIN_ROWS, MIN_FREQUENCY * rows)
    frequent = counts[counts >= least].index[:MAX_CATEGORIES - 1]
    if len(frequent) == 0:
        return TextPlan(LEFT_OUT, reason=f"{label}: {distinct} distinct values, none in "
                        f"{least:g} rows or more")
    kept = tuple(sorted(str(c) for c in frequent))
    return TextPlan(GROUPED, (*kept, OTHER), reason=f"{label}: {distinct} distinct values, "
                    f"kept the {len(kept)} found in at least {least:g} rows, the rest grouped "
                    f"as {OTHER!r}")


def row_number_reason(numbers, label: str) -> str | None:
    """Why a number column named like an id and counting the rows (1, 2, 3... in file
    order) is left out, or None. Both are asked: a measurement may count up too."""
    import numpy as np

    if not ID_NAME.search(label):
        return None
    values = numbers.to_numpy()
    if len(values) < MIN_DISTINCT or np.isnan(values).any():
        return None
    if np.all(np.mod(values, 1) == 0) and np.all(np.diff(values) == 1):
        return (f"{label}: the integers {values[0]:g} to {values[-1]:g}, one per row in "
                "order, a row number")
    return None


def overrides(spec: dict | None) -> tuple[frozenset, frozenset]:
    """The column names the project keeps in full and leaves out (`data.dataset`)."""
    spec = spec if isinstance(spec, dict) else {}
    return (_names(spec.get("keep_columns")), _names(spec.get("leave_out")))


def _names(value) -> frozenset:
    if not isinstance(value, list | tuple):
        return frozenset()
    return frozenset(str(v) for v in value if isinstance(v, str))


def tell(report, left_out: dict[str, str], grouped: dict[str, str]) -> None:
    """Tells, column by column and why, what the rule left out and what it grouped."""
    hint = (f"(to use one in full, list it under {KEEP_TITLE!r} on the Data tab, "
            "data.dataset.keep_columns)")
    if left_out:
        n = len(left_out)
        report.add(f"left out {n} identifier-like column{'s' * (n != 1)}: "
                   + "; ".join(left_out.values()) + f" {hint}", left_out_columns=n)
    if grouped:
        n = len(grouped)
        report.add(f"grouped the rare categories of {n} column{'s' * (n != 1)}: "
                   + "; ".join(grouped.values()) + f" {hint}", grouped_columns=n)

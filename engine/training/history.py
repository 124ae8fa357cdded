"""The training history over every run of a session: one list per loss and metric,
as Keras's `history.history`, extended by Continue."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from engine.atomic_file import atomic_write


class History:
    def __init__(self, values: dict[str, list[float]] | None = None):
        self.values: dict[str, list[float]] = {k: list(v) for k, v in (values or {}).items()}

    def __len__(self) -> int:
        return max((len(v) for v in self.values.values()), default=0)

    @property
    def epochs(self) -> int:
        return len(self)

    def keys(self) -> list[str]:
        return list(self.values)

    def append(self, logs: dict[str, float]) -> None:
        """Adds one epoch; a key new in this epoch is padded with NaN before it."""
        done = len(self)
        for key, value in logs.items():
            column = self.values.setdefault(key, [math.nan] * done)
            column.append(float(value))
        for column in self.values.values():
            while len(column) < done + 1:
                column.append(math.nan)

    def last(self) -> dict[str, float]:
        return {k: v[-1] for k, v in self.values.items() if v}

    def to_dict(self) -> dict[str, list[float | None]]:
        """JSON-ready (NaN and inf become null)."""
        return {k: [x if math.isfinite(x) else None for x in v] for k, v in self.values.items()}

    @classmethod
    def from_dict(cls, data: dict) -> History:
        return cls({str(k): [math.nan if x is None else float(x) for x in v]
                    for k, v in data.items()})

    def write_csv(self, path: str | Path) -> Path:
        """epoch,loss,... one row per epoch (the seed's pd.DataFrame(history.history))."""
        path = Path(path)
        keys = self.keys()
        handle = io.StringIO(newline="")
        writer = csv.writer(handle)
        writer.writerow(["epoch", *keys])
        for i in range(len(self)):
            writer.writerow([i + 1, *(_cell(self.values[k], i) for k in keys)])
        atomic_write(path, handle.getvalue().encode("utf-8"))
        return path


def _cell(column: list[float], i: int) -> str:
    value = column[i] if i < len(column) else math.nan
    return "" if math.isnan(value) else repr(value)

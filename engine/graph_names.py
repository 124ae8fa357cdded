"""The names a graph's nodes carry, counted, so that checking a name or making a new one
(`dense`, `dense_1`, ...) costs constant time instead of a scan of every node: reading a file
of 100,000 unnamed Dense nodes named them in one pass, not 100,000 scans."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection

_NUMBERED = re.compile(r"^(.*)_(\d+)$")


class NameIndex:
    def __init__(self):
        self._uses: Counter[str] = Counter()  # name -> how many nodes carry it
        # stem -> n such that stem_1 .. stem_{n-1} are all taken (the search for a free
        # number starts there; lowered again when one of them is freed)
        self._free_suffix: dict[str, int] = {}

    def count(self, name: str) -> int:
        return self._uses[name]

    def unique(self, stem: str, taken: Collection[str] = ()) -> str:
        """`stem`, or the first free of `stem_1`, `stem_2`... as Keras numbers its layers;
        names in `taken` count as used."""
        if not self._uses[stem] and stem not in taken:
            return stem
        i = self._free_suffix.get(stem, 1)
        while self._uses[f"{stem}_{i}"]:
            i += 1
        self._free_suffix[stem] = i
        while f"{stem}_{i}" in taken or self._uses[f"{stem}_{i}"]:
            i += 1
        return f"{stem}_{i}"

    def add(self, name: str) -> None:
        self._uses[name] += 1

    def remove(self, name: str) -> None:
        self._uses[name] -= 1
        if self._uses[name] > 0:
            return
        del self._uses[name]
        numbered = _NUMBERED.match(name)
        if numbered:
            stem, suffix = numbered.group(1), int(numbered.group(2))
            if suffix < self._free_suffix.get(stem, 1):
                self._free_suffix[stem] = suffix

    def clear(self) -> None:
        self._uses.clear()
        self._free_suffix.clear()

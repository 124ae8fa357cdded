"""A project section (`data` or `training`) described by its declared fields.

Each field is a `ParamSpec` whose name is its dotted path inside the section
(`split.test`, `early_stopping.patience`). A value missing from the file takes the field's
default; a value present is checked against the declaration, and a bad one is reported with
its JSON path (`training.epochs`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from engine.params import ParamSpec, show_value

_MISSING = object()


@dataclass(frozen=True)
class SectionProblem:
    where: str  # the JSON path, e.g. "training.epochs"
    message: str


class Section:
    def __init__(self, name: str, fields: tuple[ParamSpec, ...], objects: tuple[str, ...] = ()):
        self.name = name
        self.fields = fields
        self.objects = objects  # dotted paths that hold an object (or null, where allowed)
        self._by_path = {f.name: f for f in fields}

    def field(self, path: str) -> ParamSpec:
        return self._by_path[path]

    def default(self, path: str) -> Any:
        return self._by_path[path].default

    def defaults(self) -> dict[str, Any]:
        return {f.name: f.default for f in self.fields}

    def value(self, spec: dict | None, path: str) -> Any:
        """The value written at `path`, or the declared default when it is not written."""
        found = _lookup(spec, path)
        return self.default(path) if found is _MISSING else found

    def is_set(self, spec: dict | None, path: str) -> bool:
        return _lookup(spec, path) is not _MISSING

    def with_value(self, spec: dict | None, path: str, value: Any) -> dict:
        """A copy of `spec` with `value` written at `path` (objects on the way are made)."""
        out = copy.deepcopy(spec or {})
        holder = out
        *parents, last = path.split(".")
        for key in parents:
            if not isinstance(holder.get(key), dict):
                holder[key] = {}
            holder = holder[key]
        holder[last] = copy.deepcopy(value)
        return out

    def problems(self, spec: Any) -> list[SectionProblem]:
        """Every value that is written but not acceptable, with its path."""
        if spec is None:
            return []
        if not isinstance(spec, dict):
            return [SectionProblem(self.name, f"expected an object, got {show_value(spec)}")]
        found = []
        for path in self.objects:
            value = _lookup(spec, path)
            if value is not _MISSING and value is not None and not isinstance(value, dict):
                found.append(SectionProblem(f"{self.name}.{path}", "expected null or an "
                                            f"object, got {show_value(value)}"))
        broken = {p.where for p in found}
        for field in self.fields:
            if any(f"{self.name}.{field.name}".startswith(b + ".") for b in broken):
                continue
            value = _lookup(spec, field.name)
            if value is _MISSING:
                continue
            message = field.check(value)
            if message:
                found.append(SectionProblem(f"{self.name}.{field.name}", message))
        return found


def _lookup(spec: Any, path: str) -> Any:
    holder = spec
    for key in path.split("."):
        if not isinstance(holder, dict) or key not in holder:
            return _MISSING
        holder = holder[key]
    return holder

"""What changed between two runs: nodes added and removed (matched by id), parameters and
names changed, wiring changed, and the training and data settings that differ.

    diff = graph_diff(old_run.graph, new_run.graph)   # graph dicts as a project file holds
    diff.lines()        # one sentence each, for a panel or the command line
    diff.changed_ids()  # nodes to highlight on the canvas
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from engine.params import show_value


@dataclass(frozen=True)
class ParamChange:
    node_id: str
    node_name: str
    key: str
    old: Any
    new: Any

    def describe(self) -> str:
        return (f"{self.node_name}: {self.key} {show_value(self.old)} -> "
                f"{show_value(self.new)}")


@dataclass
class GraphDiff:
    added: list[tuple[str, str, str]] = field(default_factory=list)  # (id, name, type)
    removed: list[tuple[str, str, str]] = field(default_factory=list)
    changed: list[ParamChange] = field(default_factory=list)
    wiring_added: list[tuple[str, str]] = field(default_factory=list)  # (source, target) names
    wiring_removed: list[tuple[str, str]] = field(default_factory=list)
    settings: list[ParamChange] = field(default_factory=list)  # training/data (node_id "")

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.wiring_added
                    or self.wiring_removed or self.settings)

    def changed_ids(self) -> set[str]:
        return {i for i, _n, _t in self.added} | {c.node_id for c in self.changed}

    def lines(self) -> list[str]:
        out = [f"added {name} ({kind})" for _i, name, kind in self.added]
        out += [f"removed {name} ({kind})" for _i, name, kind in self.removed]
        out += [f"changed {c.describe()}" for c in self.changed]
        out += [f"wired {a} -> {b}" for a, b in self.wiring_added]
        out += [f"unwired {a} -> {b}" for a, b in self.wiring_removed]
        out += [f"changed {c.describe()}" for c in self.settings]
        return out or ["no difference in the graph or the settings"]


def graph_diff(old: dict, new: dict, old_settings: dict | None = None,
               new_settings: dict | None = None) -> GraphDiff:
    """`old`/`new`: graph dicts; `*_settings`: {"training": ..., "data": ...} to compare."""
    diff = GraphDiff()
    before, after = _nodes(old), _nodes(new)
    for node_id, node in after.items():
        if node_id not in before:
            diff.added.append((node_id, _name(node), node.get("type", "?")))
            continue
        was = before[node_id]
        name = _name(node)
        if _name(was) != name:
            diff.changed.append(ParamChange(node_id, name, "name", _name(was), name))
        if was.get("type") != node.get("type"):
            diff.changed.append(ParamChange(node_id, name, "type", was.get("type"),
                                            node.get("type")))
        for key, old_value, new_value in _changed(_params(was), _params(node)):
            diff.changed.append(ParamChange(node_id, name, key, old_value, new_value))
    diff.removed = [(i, _name(n), n.get("type", "?")) for i, n in before.items()
                    if i not in after]
    names = {**{i: _name(n) for i, n in before.items()},
             **{i: _name(n) for i, n in after.items()}}
    old_edges, new_edges = _edges(old), _edges(new)
    diff.wiring_added = [(names.get(s, s), names.get(t, t)) for s, t in new_edges - old_edges]
    diff.wiring_removed = [(names.get(s, s), names.get(t, t)) for s, t in old_edges - new_edges]
    for section in ("training", "data"):
        flat_old = _flatten((old_settings or {}).get(section) or {})
        flat_new = _flatten((new_settings or {}).get(section) or {})
        for key, old_value, new_value in _changed(flat_old, flat_new):
            diff.settings.append(ParamChange("", section, key, old_value, new_value))
    return diff


def _nodes(graph: dict) -> dict[str, dict]:
    nodes = graph.get("nodes", []) if isinstance(graph, dict) else []
    return {n["id"]: n for n in nodes if isinstance(n, dict) and isinstance(n.get("id"), str)}


def _name(node: dict) -> str:
    return str(node.get("name") or node.get("id"))


def _params(node: dict) -> dict:
    params = node.get("params")
    return params if isinstance(params, dict) else {}


def _edges(graph: dict) -> set[tuple[str, str]]:
    edges = graph.get("edges", []) if isinstance(graph, dict) else []
    return {(str(e.get("source")), str(e.get("target"))) for e in edges if isinstance(e, dict)}


def _changed(old: dict, new: dict) -> list[tuple[str, Any, Any]]:
    return [(k, old.get(k), new.get(k)) for k in sorted(set(old) | set(new), key=str)
            if old.get(k) != new.get(k)]


def _flatten(value: dict, prefix: str = "") -> dict[str, Any]:
    """{"optimizer": {"learning_rate": 0.1}} -> {"optimizer.learning_rate": 0.1}."""
    out: dict[str, Any] = {}
    for key, item in value.items():
        path = f"{prefix}{key}"
        if isinstance(item, dict) and item:
            out.update(_flatten(item, f"{path}."))
        else:
            out[path] = item
    return out

"""Reading and writing project files (the contract: shared/spec/project-format.md).

Reading checks every value it relies on and names the JSON path of a bad one; a problem
inside one node (an unknown kind, a parameter out of range) is left to validation so the
rest of the file still opens. Writing is atomic (engine.atomic_file), so a crash never
leaves a half-written project.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.atomic_file import atomic_write  # noqa: F401  (callers import it from here too)
from engine.catalogue import get_kind
from engine.errors import ProjectLoadError
from engine.graph import Edge, Graph
from engine.limits import MAX_NESTING, file_too_large, nested_too_deep, too_many
from engine.model_io import read_entry as read_io_entry
from engine.params import show_value
from engine.project import FORMAT, VERSION, Project

# version n -> function turning a version-n document into a version n+1 document
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}

_NODE_KEYS = {"id", "type", "name", "params", "position"}


def load_project(path: str | os.PathLike) -> Project:
    path = Path(path)
    try:
        refusal = file_too_large(path.stat().st_size)
        if refusal:
            raise ProjectLoadError(f"{path}: {refusal}")
        raw = path.read_bytes()
    except ProjectLoadError:
        raise
    except OSError as exc:
        raise ProjectLoadError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    project = parse_project(raw, source=str(path))
    project.path = path
    return project


def parse_project(raw: bytes | str, source: str = "<project>") -> Project:
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ProjectLoadError(f"{source}: not UTF-8 text (bad byte at offset "
                                   f"{exc.start})") from None
    else:
        text = raw
    try:
        doc = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        raise ProjectLoadError(f"{source}: not valid JSON: {exc.msg} at line {exc.lineno}, "
                               f"column {exc.colno}") from None
    except ValueError as exc:
        raise ProjectLoadError(f"{source}: not valid JSON: {exc}") from None
    except RecursionError:
        raise ProjectLoadError(f"{source}: nested more than {MAX_NESTING} levels deep; no "
                               "project needs that") from None
    return project_from_dict(doc, source)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    # 1e999 is valid JSON that Python reads as infinity, which no project can save back
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:40]} is too large")
    return value


def project_from_dict(doc: Any, source: str = "<project>") -> Project:
    def fail(path: str, message: str):
        raise ProjectLoadError(f"{source}: {path}: {message}" if path else f"{source}: {message}",
                               path)

    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        fail("", "not a Dendrite project (the top level needs \"format\": \"dendrite-project\")")
    too_deep = nested_too_deep(doc)
    if too_deep is not None:
        fail(too_deep, f"nested more than {MAX_NESTING} levels deep; no project needs that")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        fail("version", f"expected a positive integer, got {show_value(version)}")
    if version > VERSION:
        fail("", f"made by a newer Dendrite (version {version}); this one reads version "
             f"{VERSION}")
    doc = migrate(doc, version)
    name = doc.get("name", "Untitled")
    if not isinstance(name, str):
        fail("name", f"expected a string, got {show_value(name)}")
    graph = _read_graph(doc.get("graph"), fail)
    sections = {}
    for key in ("data", "training"):
        value = doc.get(key)
        if value is not None and not isinstance(value, dict):
            fail(key, f"expected an object, got {show_value(value)}")
        sections[key] = value
    extra = {k: v for k, v in doc.items()
             if k not in ("format", "version", "name", "graph", "data", "training")}
    return Project(name=name, graph=graph, data=sections["data"],
                   training=sections["training"], extra=extra)


def migrate(doc: dict, version: int) -> dict:
    while version < VERSION:
        doc = MIGRATIONS[version](doc)
        version += 1
    return doc


def _read_graph(value: Any, fail) -> Graph:
    if not isinstance(value, dict):
        fail("graph", f"expected an object with nodes and edges, got {show_value(value)}")
    nodes = value.get("nodes", [])
    edges = value.get("edges", [])
    if not isinstance(nodes, list):
        fail("graph.nodes", f"expected a list, got {show_value(nodes)}")
    if not isinstance(edges, list):
        fail("graph.edges", f"expected a list, got {show_value(edges)}")
    for key, items in (("nodes", nodes), ("edges", edges)):
        refusal = too_many(key, len(items))
        if refusal:
            fail(f"graph.{key}", refusal)
    graph = Graph()
    given = {item["name"] for item in nodes
             if isinstance(item, dict) and isinstance(item.get("name"), str)}
    stems: dict[str, str] = {}  # kind -> the stem of the names made for its nodes
    for i, item in enumerate(nodes):
        if not isinstance(item, dict):
            fail(f"graph.nodes[{i}]", f"expected an object, got {show_value(item)}")
        node_id = item.get("id")
        if not isinstance(node_id, str) or not node_id:
            fail(f"graph.nodes[{i}].id", f"expected a non-empty string, got "
                 f"{show_value(node_id)}")
        if graph.has_node(node_id):
            fail(f"graph.nodes[{i}].id", f"the id {node_id!r} is used by another node")
        kind = item.get("type")
        if not isinstance(kind, str) or not kind:
            fail(f"graph.nodes[{i}].type", f"expected a node kind, got {show_value(kind)}")
        name = item.get("name")
        if name is not None and not isinstance(name, str):
            fail(f"graph.nodes[{i}].name", f"expected a string, got {show_value(name)}")
        params = item.get("params", {})
        if params is None:
            params = {}
        if not isinstance(params, dict):
            fail(f"graph.nodes[{i}].params", f"expected an object, got {show_value(params)}")
        position = item.get("position", [0, 0])
        if (not isinstance(position, list) or len(position) != 2
                or not (_finite_number(position[0]) and _finite_number(position[1]))):
            fail(f"graph.nodes[{i}].position", f"expected [x, y] numbers, got "
                 f"{show_value(position)}")
        if name is None:
            if kind not in stems:
                found = get_kind(kind)
                stems[kind] = found.base_name if found else "node"
            name = graph.unique_name(stems[kind], given)
        extra = {k: v for k, v in item.items() if k not in _NODE_KEYS}
        graph.add_node(kind, params, name, (position[0], position[1]), node_id, extra=extra,
                       allow_unknown=True)
    for i, item in enumerate(edges):
        where = f"graph.edges[{i}]"
        if not isinstance(item, dict):
            fail(where, f"expected an object, got {show_value(item)}")
        ends = []
        for key in ("source", "target"):
            ref = item.get(key)
            if not isinstance(ref, str) or not graph.has_node(ref):
                fail(f"{where}.{key}", f"expected the id of a node, got {show_value(ref)}")
            ends.append(ref)
        port = item.get("target_port", 0)
        if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port < 10_000:
            fail(f"{where}.target_port", f"expected an integer >= 0, got {show_value(port)}")
        source_port = item.get("source_port", 0)
        if (not isinstance(source_port, int) or isinstance(source_port, bool)
                or not 0 <= source_port < 10_000):
            fail(f"{where}.source_port", f"expected an integer >= 0, got "
                 f"{show_value(source_port)}")
        graph.add_edge_unchecked(Edge(ends[0], ends[1], port, source_port))
    read_io_entry(value.get("io"), graph, fail)  # inputs/outputs as a dict, and their keys
    return graph


def _finite_number(value: Any) -> bool:
    return (type(value) in (int, float)  # not bool, which is an int too
            and math.isfinite(value) and abs(value) < 1e12)


def dumps(project: Project) -> str:
    return json.dumps(project.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def save_project(project: Project, path: str | os.PathLike) -> Path:
    """Writes atomically (engine.atomic_file); on any failure the old file is left as it was
    and a WriteError names the file and the cause. A symbolic link's target is written."""
    path = Path(path)
    atomic_write(path, dumps(project).encode("utf-8"))
    project.path = path
    return path


def disk_stamp(path: str | os.PathLike) -> str | None:
    """A digest of the project a file holds, its trained-state entry left out (the training
    session rewrites that entry after a save), or None when there is no file: compared
    before a save, it tells whether someone else has written the file since it was read."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"unreadable {exc.errno}"
    try:
        doc = json.loads(raw)
    except (ValueError, RecursionError):
        return _digest(raw)
    return _stamp_of(doc) if isinstance(doc, dict) else _digest(raw)


def project_stamp(project: Project) -> str:
    """What `disk_stamp` gives for the file `save_project(project, ...)` writes."""
    return _stamp_of(json.loads(dumps(project)))


def _stamp_of(doc: dict) -> str:
    doc = {k: v for k, v in doc.items() if k != "trained"}
    return _digest(json.dumps(doc, sort_keys=True).encode("utf-8"))


def _digest(raw: bytes) -> str:
    import hashlib

    return hashlib.sha256(raw).hexdigest()

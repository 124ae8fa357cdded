"""Reading and writing project files (the contract: shared/spec/project-format.md).

Reading checks every value it relies on and names the JSON path of a bad one; a problem
inside one node (an unknown kind, a parameter out of range) is left to validation so the
rest of the file still opens. Writing is atomic: a temporary file beside the target is
flushed, synced and renamed over it, so a crash never leaves a half-written project.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.catalogue import get_kind
from engine.errors import ProjectLoadError
from engine.graph import Edge, Graph
from engine.params import show_value
from engine.project import FORMAT, VERSION, Project

MAX_BYTES = 256 * 1024 * 1024

# version n -> function turning a version-n document into a version n+1 document
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}

_NODE_KEYS = {"id", "type", "name", "params", "position"}


def load_project(path: str | os.PathLike) -> Project:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ProjectLoadError(f"{path}: the file is {size:,} bytes, larger than a project "
                                   "can be")
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
        raise ProjectLoadError(f"{source}: the JSON is nested too deeply") from None
    return project_from_dict(doc, source)


MAX_DEPTH = 40


def _nested_deeper_than(doc: Any, limit: int) -> str | None:
    """The JSON path of the first value nested deeper than `limit`, else None (iterative: a
    file can nest thousands of levels)."""
    stack = [(doc, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > limit:
            return path
        if isinstance(value, dict):
            stack.extend((v, f"{path}.{k}" if path else str(k), depth + 1)
                         for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value))
    return None


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
    too_deep = _nested_deeper_than(doc, MAX_DEPTH)
    if too_deep is not None:
        fail(too_deep, f"nested more than {MAX_DEPTH} levels deep; no project needs that")
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
    graph = Graph()
    given = {item["name"] for item in nodes
             if isinstance(item, dict) and isinstance(item.get("name"), str)}
    for i, item in enumerate(nodes):
        where = f"graph.nodes[{i}]"
        if not isinstance(item, dict):
            fail(where, f"expected an object, got {show_value(item)}")
        node_id = item.get("id")
        if not isinstance(node_id, str) or not node_id:
            fail(f"{where}.id", f"expected a non-empty string, got {show_value(node_id)}")
        if graph.has_node(node_id):
            fail(f"{where}.id", f"the id {node_id!r} is used by another node")
        kind = item.get("type")
        if not isinstance(kind, str) or not kind:
            fail(f"{where}.type", f"expected a node kind, got {show_value(kind)}")
        name = item.get("name")
        if name is not None and not isinstance(name, str):
            fail(f"{where}.name", f"expected a string, got {show_value(name)}")
        params = item.get("params", {})
        if params is None:
            params = {}
        if not isinstance(params, dict):
            fail(f"{where}.params", f"expected an object, got {show_value(params)}")
        position = item.get("position", [0, 0])
        if (not isinstance(position, list) or len(position) != 2
                or not all(_finite_number(v) for v in position)):
            fail(f"{where}.position", f"expected [x, y] numbers, got {show_value(position)}")
        if name is None:
            found = get_kind(kind)
            name = graph.unique_name(found.base_name if found else "node", given)
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
        graph.add_edge_unchecked(Edge(ends[0], ends[1], port))
    return graph


def _finite_number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value) and abs(value) < 1e12)


def dumps(project: Project) -> str:
    return json.dumps(project.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def save_project(project: Project, path: str | os.PathLike) -> Path:
    """Writes atomically; on any failure the old file is left as it was."""
    path = Path(path)
    atomic_write(path, dumps(project).encode("utf-8"))
    project.path = path
    return path


def atomic_write(path: Path, data: bytes) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)

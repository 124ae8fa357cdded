"""The limits of a project file, checked before any work on it starts.

Reading, validation and the summary take time linear in the file's size (n log n at worst),
so these bound how long a hostile or mistaken file can keep `check`, `summary` or the app
busy: a 200,000-node chain is about 30 MB and checks in seconds. Each refusal names the limit.
"""

from __future__ import annotations

MAX_FILE_BYTES = 64 * 1024 * 1024  # a 100,000-node project with names is about 15 MB
MAX_NODES = 200_000
MAX_EDGES = 400_000
MAX_NESTING = 40  # levels of JSON objects and lists, the top level counted as 0


def file_too_large(size: int) -> str | None:
    if size > MAX_FILE_BYTES:
        return (f"the file is {size:,} bytes; a project may be at most {MAX_FILE_BYTES:,} "
                f"bytes ({MAX_FILE_BYTES // (1024 * 1024)} MiB)")
    return None


def too_many(what: str, count: int) -> str | None:
    """`what` is "nodes" or "edges"."""
    limit = {"nodes": MAX_NODES, "edges": MAX_EDGES}[what]
    if count > limit:
        return f"the project has {count:,} {what}; a project may have at most {limit:,}"
    return None


def nested_too_deep(doc) -> str | None:
    """The JSON path of the first value nested deeper than MAX_NESTING, else None.
    Level by level over the containers only (no recursion: a file can nest thousands of
    levels); the path is looked for only in a file that is refused."""
    level = [doc] if isinstance(doc, dict | list) else []
    for depth in range(MAX_NESTING + 1):
        children = []
        for value in level:
            children.extend(value.values() if isinstance(value, dict) else value)
        if depth == MAX_NESTING and children:
            return _path_below(doc, MAX_NESTING)
        level = [c for c in children if isinstance(c, dict | list)]
        if not level:
            return None
    return None


def _path_below(doc, limit: int) -> str:
    """The path of a value deeper than `limit` (there is one)."""
    stack: list[tuple[object, int, tuple | None]] = [(doc, 0, None)]
    while stack:
        value, depth, trail = stack.pop()
        if depth > limit:
            return _spell(trail)
        if isinstance(value, dict):
            stack.extend((v, depth + 1, (trail, k)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, depth + 1, (trail, i)) for i, v in enumerate(value))
    return ""


def _spell(trail) -> str:
    keys = []
    while trail is not None:
        trail, key = trail
        keys.append(key)
    path = ""
    for key in reversed(keys):
        path += f"[{key}]" if isinstance(key, int) else (f".{key}" if path else str(key))
    return path

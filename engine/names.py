"""Which layer names Keras accepts (checked here, without TensorFlow)."""

import re

# TensorFlow's name-scope rule, less the "/" that Keras refuses in a layer name.
_KERAS_NAME = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.>-]*$")


def name_problem(name: str) -> str | None:
    """None for a name Keras takes, else why not."""
    if not isinstance(name, str) or not name:
        return "has no name; Keras needs one"
    if "/" in name:
        return f"name {name!r} contains '/', which Keras refuses in layer names"
    if not _KERAS_NAME.match(name):
        return (f"name {name!r} would be refused by Keras: use letters, digits, '_', '.', '-' "
                "and '>', starting with a letter, digit or '.'")
    if len(name) > 200:
        return "name is longer than 200 characters"
    return None


def make_valid(name: str, fallback: str = "layer") -> str:
    """A name Keras accepts, as close to `name` as possible."""
    cleaned = re.sub(r"[^A-Za-z0-9_.>-]+", "_", name or "").strip("_")[:200]
    if not cleaned or not re.match(r"[A-Za-z0-9.]", cleaned[0]):
        cleaned = f"{fallback}_{cleaned}".strip("_")
    return cleaned


def rename_problem(graph, node_id: str, name: str) -> str | None:
    """Why node `node_id` of `graph` cannot be renamed `name`, or None: an empty name, one
    another node carries, or one Keras refuses."""
    if not name:
        return "a layer needs a name"
    others = graph.name_count(name) - (graph.node(node_id).name == name)
    if others > 0:
        return f"another node is already named {name!r}"
    return name_problem(name)

"""User text made safe for generated Python: identifiers that are valid, not keywords, not
the script's own names and unique; literals written with `repr`; comments on one line."""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata

# names the generated script itself uses at module level or in functions
SCRIPT_NAMES = frozenset({
    "argparse", "json", "keras", "layers", "np", "pd", "train_test_split", "StandardScaler",
    "args", "model", "main", "parse_args", "load_dataset", "split_data", "scale", "features",
    "labels", "build_model", "compile_model", "callbacks", "dump", "x", "y", "inputs",
    "outputs", "self", "history", "parts", "part", "datasets", "Path", "sys", "select",
})


def identifier(text: str, taken: set[str] | None = None, fallback: str = "layer") -> str:
    """A valid, non-keyword Python identifier close to `text`, not in `taken` (which it is
    added to) and not shadowing a builtin or one of the script's names."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    name = re.sub(r"\W+", "_", ascii_text).strip("_").lower()
    if not name:
        name = fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if (keyword.iskeyword(name) or keyword.issoftkeyword(name) or hasattr(builtins, name)
            or name in SCRIPT_NAMES):
        name += "_"
    taken = taken if taken is not None else set()
    unique, n = name, 2
    while unique in taken:
        unique, n = f"{name}_{n}", n + 1
    taken.add(unique)
    return unique


def class_identifier(text: str) -> str:
    """CamelCase class name from user text: "Wide & Deep" -> "WideDeepModel"."""
    words = re.findall(r"[A-Za-z0-9]+", unicodedata.normalize("NFKD", str(text))
                       .encode("ascii", "ignore").decode())
    name = "".join(w[:1].upper() + w[1:] for w in words) or "Dendrite"
    if name[0].isdigit():
        name = "Model" + name
    return name if name.endswith("Model") else name + "Model"


def comment_text(text: str, limit: int = 80) -> str:
    """User text for a `#` comment: every non-printable character (newlines included)
    becomes a space, and long text is cut."""
    flat = "".join(ch if ch.isprintable() else " " for ch in str(text))
    flat = " ".join(flat.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def literal(value) -> str:
    """A Python literal of plain data; strings by `repr`, so no text can escape. A layer
    declaration inside another (the layer a Bidirectional wraps) is written as its call."""
    from engine.catalogue import LayerCall
    from engine.losses import KerasObject

    if isinstance(value, LayerCall) and value.class_name.isidentifier():
        return call(f"layers.{value.class_name}", value.args, value.kwargs)
    if isinstance(value, KerasObject) and value.class_name.isidentifier():  # a loss or metric
        return call(f"keras.{value.module}.{value.class_name}", (), value.kwargs)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, tuple):
        inner = ", ".join(literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, bool) or value is None or isinstance(value, int | str):
        return repr(value)
    if isinstance(value, float):
        text = repr(value)
        return text if text not in ("inf", "-inf", "nan") else f"float({text!r})"
    raise TypeError(f"cannot write {type(value).__name__} as a literal")


def call(func: str, args=(), kwargs=None, indent: int = 0, width: int = 96) -> str:
    """`func(a, k=v)` on one line, or one argument a line when that is too long."""
    parts = [literal(a) for a in args]
    parts += [f"{k}={literal(v)}" for k, v in (kwargs or {}).items()]
    one = f"{func}({', '.join(parts)})"
    if indent + len(one) <= width:
        return one
    pad = " " * (indent + 4)
    return f"{func}(\n" + "".join(f"{pad}{p},\n" for p in parts) + " " * indent + ")"

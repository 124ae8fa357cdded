"""A model file read as hostile input, before Keras sees it: its size, the zip structure of a
.keras file (no zip bombs, no paths that leave the archive, only the members Keras writes),
and the config text's size and nesting depth. Each limit is written once here; a file past
one is refused with the limit named."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path, PurePosixPath

from engine.errors import DendriteError

MIB = 1024 * 1024
MAX_FILE_BYTES = 4 * 1024 * MIB  # the model file on disk
MAX_UNPACKED_BYTES = 8 * 1024 * MIB  # all members of a .keras archive, as declared
MAX_CONFIG_BYTES = 32 * MIB  # the model config (config.json, or the .h5 attribute)
MAX_MEMBERS = 1000
MAX_RATIO = 200  # Keras stores members uncompressed; deflate alone reaches ~1,000:1
RATIO_FROM_BYTES = MIB  # smaller members may compress as they like
MAX_DEPTH = 100  # nesting of lists and objects in a config (a model is ~10-20 deep)
KERAS_MEMBERS = ("config.json", "metadata.json", "model.weights.h5", "model.weights.npz")
ASSETS = "assets/"


class ImportRefused(DendriteError):
    """The model cannot be imported; the message says why and what to do."""


def check_file(path: Path) -> None:
    if not path.exists():
        raise ImportRefused(f"{path}: the file does not exist")
    if path.is_dir():
        raise ImportRefused(f"{path}: a SavedModel folder holds a serving graph, not layers; "
                            "import the .keras or .h5 file it was exported from")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImportRefused(f"{path.name}: the file is {size / MIB:,.0f} MiB, over the limit of "
                            f"{MAX_FILE_BYTES / MIB:,.0f} MiB for a model file")


def check_archive(archive: zipfile.ZipFile, path: Path) -> None:
    """Refuses members that leave the archive, that Keras does not write, or that declare
    more bytes than the limits (in total, or compared with what they store)."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise ImportRefused(f"{path.name}: the archive holds {len(members):,} files, over the "
                            f"limit of {MAX_MEMBERS:,} for a .keras file")
    total = 0
    for info in members:
        name = info.filename
        parts = PurePosixPath(name).parts
        if (name.startswith(("/", "\\")) or "\\" in name or ".." in parts or "\x00" in name
                or re.match(r"^[A-Za-z]:", name)):
            raise ImportRefused(f"{path.name}: the archive member {name!r} points outside the "
                                "archive (a path traversal); the file is refused")
        if name not in KERAS_MEMBERS and not name.startswith(ASSETS):
            raise ImportRefused(f"{path.name}: the archive holds {name!r}, which Keras does "
                                "not write in a .keras file; the file is refused")
        total += info.file_size
        if info.file_size > RATIO_FROM_BYTES and (
                info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise ImportRefused(
                f"{path.name}: the member {name!r} declares {info.file_size / MIB:,.0f} MiB "
                f"stored in {info.compress_size:,} bytes (over {MAX_RATIO}:1): a zip bomb; "
                "the file is refused")
    if total > MAX_UNPACKED_BYTES:
        raise ImportRefused(f"{path.name}: the archive unpacks to {total / MIB:,.0f} MiB, over "
                            f"the limit of {MAX_UNPACKED_BYTES / MIB:,.0f} MiB")
    if "config.json" not in archive.namelist():
        raise ImportRefused(f"{path.name}: not a readable .keras file (it has no "
                            "config.json)")


def read_member(archive: zipfile.ZipFile, name: str, path: Path) -> bytes:
    """A member's bytes, never more than MAX_CONFIG_BYTES whatever its header says."""
    with archive.open(name) as handle:
        data = handle.read(MAX_CONFIG_BYTES + 1)
    if len(data) > MAX_CONFIG_BYTES:
        raise ImportRefused(f"{path.name}: its {name} is over the limit of "
                            f"{MAX_CONFIG_BYTES / MIB:,.0f} MiB for a model config")
    return data


def parse_config(text: str | bytes, path: Path, what: str):
    """JSON of a config, its size and nesting checked before it is parsed."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportRefused(f"{path.name}: its {what} is not UTF-8 text (bad byte at "
                                f"offset {exc.start})") from None
    if len(text) > MAX_CONFIG_BYTES:
        raise ImportRefused(f"{path.name}: its {what} is over the limit of "
                            f"{MAX_CONFIG_BYTES / MIB:,.0f} MiB for a model config")
    depth = _text_depth(text)
    if depth > MAX_DEPTH:
        raise ImportRefused(f"{path.name}: its {what} nests {depth:,} levels deep, over the "
                            f"limit of {MAX_DEPTH} levels")
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ImportRefused(f"{path.name}: its {what} is not JSON ({_first_line(exc)})"
                            ) from None


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKET = re.compile(r"[\[\]{}]")


def _text_depth(text: str) -> int:
    """The deepest nesting of brackets outside JSON strings (linear, no recursion)."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) < 200 else text[:197] + "..."

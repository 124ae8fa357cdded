"""Reading a trained-state sidecar (`NAME.dendrite-state.npz`) as hostile input.

The file may be truncated, hand-edited or made to hurt: its size, its zip structure, every
member's declared size and compression, each array's header and the metadata's types are
checked before any array is read, and every problem is a DataError in plain words (never a
traceback, never an allocation the file's size does not justify).
"""

from __future__ import annotations

import io
import json
import math
import re
import stat
import zipfile
import zlib
from pathlib import Path

import numpy as np

from engine.data.errors import DataError

MAX_FILE_BYTES = 2 * 1024**3  # the largest sidecar read (a model of ~170 M parameters)
MAX_INFLATED_BYTES = 2 * 1024**3  # all arrays together, as they would be in memory
MAX_META_BYTES = 64 * 1024**2
MAX_MEMBERS = 100_000
MAX_RATIO = 20  # Dendrite writes sidecars uncompressed; a member that inflates more is a bomb
_MEMBER = re.compile(r"(meta|weight_\d{4,6}|optimizer_\d{4,6})\.npy")
_NUMERIC_KINDS = "biufc"


def read_archive(path: Path, format_name: str, version: int):
    """(meta dict, [(name, array)] weights, [(name, array)] optimizer) of a sidecar made by
    `format_name` up to `version`; raises DataError saying what is wrong."""
    found = path.stat()
    if not stat.S_ISREG(found.st_mode):
        raise DataError("not a regular file")  # a pipe or a device could block or never end
    size = found.st_size
    if size > MAX_FILE_BYTES:
        raise DataError(f"the file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} a "
                        "trained state may have")
    try:
        with zipfile.ZipFile(path) as archive:
            members = _checked_members(archive)
            meta = _read_meta(archive, members, format_name, version)
            weights = [(name, _read_array(archive, members, f"weight_{i:04d}.npy"))
                       for i, name in enumerate(meta["weights"])]
            optimizer = [(name, _read_array(archive, members, f"optimizer_{i:04d}.npy"))
                         for i, name in enumerate(meta["optimizer"])]
    except DataError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError,
            RuntimeError) as exc:
        raise DataError(f"not a readable trained-state archive ({_short(exc)})") from None
    expected = len(meta["weights"]) + len(meta["optimizer"]) + 1
    if len(members) != expected:
        raise DataError(f"the archive holds {len(members)} arrays, its metadata lists "
                        f"{expected - 1} and the metadata itself")
    return meta, weights, optimizer


def _checked_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise DataError(f"the archive holds {len(infos):,} members, more than "
                        f"{MAX_MEMBERS:,}")
    members: dict[str, zipfile.ZipInfo] = {}
    inflated = 0
    for info in infos:
        if not _MEMBER.fullmatch(info.filename) or info.filename in members:
            raise DataError(f"the archive holds an unexpected member {info.filename[:80]!r}")
        if info.file_size > MAX_RATIO * info.compress_size + 65536:
            raise DataError(f"the member {info.filename} inflates from "
                            f"{info.compress_size:,} to {info.file_size:,} bytes; a trained "
                            "state is never compressed like that")
        inflated += info.file_size
        members[info.filename] = info
    if inflated > MAX_INFLATED_BYTES:
        raise DataError(f"the arrays would take {inflated:,} bytes, more than the "
                        f"{MAX_INFLATED_BYTES:,} a trained state may have")
    if "meta.npy" not in members:
        raise DataError("the archive has no metadata")
    return members


def _read_meta(archive, members, format_name: str, version: int) -> dict:
    if members["meta.npy"].file_size > MAX_META_BYTES:
        raise DataError("the metadata is larger than any trained state needs")
    raw = _read_array(archive, members, "meta.npy")
    if raw.dtype != np.uint8 or raw.ndim != 1:
        raise DataError("the metadata is not stored as text")
    try:
        meta = json.loads(raw.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise DataError("the metadata is not valid JSON") from None
    if not isinstance(meta, dict) or meta.get("format") != format_name:
        raise DataError("not a Dendrite trained-state file")
    found = meta.get("version")
    if not isinstance(found, int) or isinstance(found, bool) or found < 1:
        raise DataError(f"metadata \"version\": expected a positive integer, got "
                        f"{_shown(found)}")
    if found > version:
        raise DataError(f"made by a newer Dendrite (version {found})")
    if not isinstance(meta.get("graph_signature"), str):
        raise DataError("metadata \"graph_signature\": expected a string, got "
                        f"{_shown(meta.get('graph_signature'))}")
    for key in ("weights", "optimizer"):
        names = meta.get(key)
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise DataError(f"metadata \"{key}\": expected a list of names, got "
                            f"{_shown(names)}")
    history = meta.get("history")
    if not isinstance(history, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and all(_number_or_null(x) for x in v)
            for k, v in history.items()):
        raise DataError("metadata \"history\": expected lists of numbers by name")
    shapes = meta.get("bound_shapes", {})
    if not isinstance(shapes, dict) or not all(
            isinstance(v, list) and all(_dimension(d) for d in v) for v in shapes.values()):
        raise DataError("metadata \"bound_shapes\": expected lists of sizes by input name")
    return meta


def _read_array(archive, members, name: str) -> np.ndarray:
    info = members.get(name)
    if info is None:
        raise DataError(f"the array {name} listed in the metadata is missing")
    with archive.open(info) as stream:
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(stream)
        elif version in ((2, 0), (3, 0)):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(stream)
        else:
            raise DataError(f"the array {name} has an unknown format version {version}")
        if dtype.hasobject or dtype.kind not in _NUMERIC_KINDS:
            raise DataError(f"the array {name} does not hold numbers")
        header = stream.tell()
        body = math.prod(shape) * dtype.itemsize
        if header + body != info.file_size:
            raise DataError(f"the array {name} claims {body:,} bytes of data but holds "
                            f"{info.file_size - header:,}")
    with archive.open(info) as stream:
        return np.lib.format.read_array(io.BufferedReader(stream), allow_pickle=False)


def _number_or_null(value) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def _dimension(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**31


def _shown(value) -> str:
    text = json.dumps(value)[:60] if value is not None else "nothing"
    return f"{type(value).__name__} {text}" if value is not None else text


def _short(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__

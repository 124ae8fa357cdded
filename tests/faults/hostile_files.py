"""Files made to hurt, and the helpers that provoke write failures, for the fault tests."""

import errno
import os
import struct
import zlib
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from engine.atomic_file import is_temporary


def temporaries(folder: Path) -> list[str]:
    """Every temporary the app's writes could have left in `folder` (and below)."""
    return [str(p.relative_to(folder)) for p in folder.rglob("*") if is_temporary(p.name)]


def failing(monkeypatch, name: str, code: int, after: int = 0, only=None):
    """Makes `os.<name>` fail with `code` (ENOSPC, EROFS, EACCES...) from its call number
    `after` + 1 on, for arguments that `only(args)` accepts (all when None)."""
    real = getattr(os, name)
    calls = {"n": 0}

    def call(*args, **kwargs):
        if only is None or only(args):
            calls["n"] += 1
            if calls["n"] > after:
                raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, call)
    return calls


def short_writes(monkeypatch, most: int = 65536) -> None:
    """Makes `os.write` write at most `most` bytes a call, as a slow device may."""
    real = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real(fd, bytes(data[:most])))


def creating_in(folder: Path):
    """An `only` for os.open: the calls that create a file in `folder`."""
    def accept(args):
        path, flags = args[0], args[1]
        return bool(flags & os.O_CREAT) and Path(os.fspath(path)).parent == folder
    return accept


ENOSPC, EROFS, EACCES = errno.ENOSPC, errno.EROFS, errno.EACCES


def fake_trainer(signature: str, shapes, seed: int = 0):
    """What `engine.training.state.save_state` needs from a trainer, holding arrays of
    `shapes` (no TensorFlow): a state adopted from a sidecar, in effect."""
    from engine.training.history import History

    rng = np.random.default_rng(seed)
    weights = [(f"layer/w{i}", rng.normal(size=s).astype(np.float32))
               for i, s in enumerate(shapes)]
    pending = SimpleNamespace(weights=weights, optimizer=[], bound_shapes={})
    return SimpleNamespace(model=None, _pending_state=pending, stale_state=None,
                           signature=signature, binding=None,
                           history=History({"loss": [1.0, 0.5 + seed]}))


# ---- a zip bomb: a real deflate stream that inflates to `size` zero bytes ----------------

def _bits(value: int, count: int) -> list[int]:
    """A Huffman code, most significant bit first (the order deflate emits codes in)."""
    return [(value >> (count - 1 - i)) & 1 for i in range(count)]


def _pack(bits: list[int]) -> bytes:
    out = bytearray((len(bits) + 7) // 8)
    for i, bit in enumerate(bits):
        out[i // 8] |= bit << (i % 8)
    return bytes(out)


_HEADER = [1, 1, 0]  # last block, fixed Huffman codes
_LITERAL_ZERO = _bits(0x30, 8)
_MATCH = _bits(0b11000101, 8) + _bits(0, 5)  # length 258, distance 1
_END = _bits(0, 7)


def deflated_zeros(matches: int, lead: bytes = b"") -> bytes:
    """A raw deflate stream of `lead` then 1 + 258 * matches zero bytes, built without
    inflating it: after its first two bytes the zeros' block repeats every 13 bytes (8
    matches of 13 bits)."""
    leading = b""
    if lead:
        packer = zlib.compressobj(wbits=-15)
        leading = packer.compress(lead) + packer.flush(zlib.Z_FULL_FLUSH)  # byte-aligned
    prefix = len(_HEADER) + len(_LITERAL_ZERO)
    period = _pack(_HEADER + _LITERAL_ZERO + _MATCH * 16)[2:15]
    total = prefix + len(_MATCH) * matches
    whole = total // 8  # bytes made only of the prefix and matches
    head = _pack(_HEADER + _LITERAL_ZERO + _MATCH * min(matches, 2))[:2]
    middle = (period * ((whole - 2) // 13 + 1))[:max(whole - 2, 0)]
    offset = 8 * whole - prefix
    index, within = divmod(offset, len(_MATCH))
    rest = _MATCH[within:] + _MATCH * (matches - index - 1) if index < matches else []
    tail = rest + _END
    return leading + head + middle + _pack(tail)


def write_zip(path: Path, members: list[tuple[str, bytes, int, int, int]]) -> None:
    """A zip of (name, data as stored, method 0/8, crc, declared uncompressed size)."""
    local, central, offset = bytearray(), bytearray(), 0
    for name, data, method, crc, size in members:
        encoded = name.encode()
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, crc,
                             len(data), size, len(encoded), 0) + encoded
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0,
                               crc, len(data), size, len(encoded), 0, 0, 0, 0, 0,
                               offset) + encoded
        local += header + data
        offset += len(header) + len(data)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                      len(central), offset, 0)
    path.write_bytes(bytes(local + central + end))


def npy_header(shape: tuple, dtype: str = "|u1") -> bytes:
    """The header of a .npy file of `shape` (its data not included)."""
    import io

    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": dtype, "fortran_order": False, "shape": shape})
    return buffer.getvalue()


def npy_bytes(array: np.ndarray) -> bytes:
    import io

    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def stored(name: str, data: bytes) -> tuple[str, bytes, int, int, int]:
    return name, data, 0, zlib.crc32(data), len(data)

"""Every file the app writes goes through here, so that no failure can lose what was on disk.

A write goes to a temporary beside the target (same folder, so the rename cannot cross file
systems), is synced, takes the target's permissions, is renamed over the target, and the
folder is synced. A symbolic link is followed: its target is replaced, the link stays. On
any failure the temporary is removed, the old file is left as it was, and the error is one
`WriteError` whose message names the file and the cause.

    atomic_write(path, data)                  # bytes we have in hand
    with replacing(path) as staged: ...       # a library writes the file (Keras, Qt)
    with replacing_folder(path) as staged: ...  # a library writes a folder (SavedModel)
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

TEMP_MARK = ".tmp"  # every temporary's name starts with "." and holds this mark

_CAUSES = {getattr(errno, name): cause for name, cause in (
    ("ENOSPC", "no space left on the disk"),
    ("EDQUOT", "the disk quota is used up"),
    ("EROFS", "the file system is read-only"),
    ("EACCES", "permission denied"),
    ("EPERM", "permission denied"),
    ("ENOENT", "the folder does not exist"),
    ("ENOTDIR", "a part of the path is not a folder"),
    ("EISDIR", "it is a folder"),
    ("EFBIG", "the file is too large for the file system"),
    ("ENAMETOOLONG", "the name is too long"),
    ("EIO", "an input/output error on the disk"),
) if hasattr(errno, name)}  # (Windows has no EDQUOT)


def _default_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


_NEW_FILE_MODE = _default_mode()


class WriteError(OSError):
    """A file could not be written; the message names the file and the cause. Whatever the
    file held before is still there."""

    def __init__(self, path: str | os.PathLike, code: int | None, cause: str):
        super().__init__(code or errno.EIO, cause, str(path))
        self.path = Path(path)
        self.cause = cause

    def __str__(self) -> str:
        return f"cannot write {self.path}: {self.cause}"


def write_error(path: str | os.PathLike, exc: BaseException) -> WriteError:
    """The WriteError that says why writing `path` failed with `exc` (any library's error:
    an OSError's number, else the words of a known cause in its text)."""
    if isinstance(exc, WriteError):
        return exc
    code = exc.errno if isinstance(exc, OSError) and exc.errno in _CAUSES else None
    if code is None:
        text = f"{type(exc).__name__} {exc}"
        if "ResourceExhausted" in text:
            code = errno.ENOSPC
        for number in _CAUSES:
            if os.strerror(number) in text or f"errno = {number}," in text:
                code = number
                break
    if code is not None:
        return WriteError(path, code, _CAUSES[code])
    detail = (exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc))
    return WriteError(path, None, detail.strip().splitlines()[0][:300] if detail.strip()
                      else type(exc).__name__)


def real_target(path: str | os.PathLike) -> Path:
    """The file a write to `path` must change: a symbolic link's target, not the link."""
    return Path(os.path.realpath(os.fspath(path)))


def is_temporary(name: str) -> bool:
    return name.startswith(".") and TEMP_MARK in name


def atomic_write(path: str | os.PathLike, data: bytes) -> Path:
    """Writes `data` to `path` atomically; returns the file written (a link's target)."""
    with replacing(path) as staged:
        fd = os.open(staged, os.O_WRONLY | os.O_TRUNC)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
        finally:
            os.close(fd)
    return real_target(path)


@contextlib.contextmanager
def replacing(path: str | os.PathLike) -> Iterator[Path]:
    """Yields the path of an empty temporary file beside the target (same extension, which
    Keras reads the format from); the caller writes it; on leaving the block it replaces
    the target. On any failure the temporary goes and a WriteError is raised."""
    target = real_target(path)
    if target.is_dir():
        raise WriteError(path, errno.EISDIR, _CAUSES[errno.EISDIR])
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.stem}.",
                                    suffix=f"{TEMP_MARK}{target.suffix}", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise write_error(path, exc) from None
    staged = Path(name)
    try:
        yield staged
        _sync_file(staged)
        _copy_permissions(target, staged)
        os.replace(staged, target)
    except Exception as exc:
        with contextlib.suppress(OSError):
            staged.unlink()
        raise write_error(path, exc) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            staged.unlink()
        raise
    sync_folder(target.parent)


@contextlib.contextmanager
def replacing_folder(path: str | os.PathLike) -> Iterator[Path]:
    """Yields a path (not yet existing) inside a temporary folder beside the target; the
    caller writes a folder there; on leaving the block it takes the target's place (the
    old folder is moved aside first and put back if the swap fails)."""
    target = real_target(path)
    try:
        holder = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=TEMP_MARK,
                                       dir=target.parent))
    except OSError as exc:
        raise write_error(path, exc) from None
    staged, old = holder / "new", holder / "old"
    moved_aside = False
    try:
        yield staged
        for folder, _dirs, files in os.walk(staged):
            for file in files:
                _sync_file(Path(folder) / file)
        if target.exists():
            os.replace(target, old)
            moved_aside = True
        os.replace(staged, target)
        moved_aside = False
    except BaseException as exc:
        if moved_aside:
            with contextlib.suppress(OSError):
                os.replace(old, target)
        shutil.rmtree(holder, ignore_errors=True)
        if isinstance(exc, Exception):
            raise write_error(path, exc) from exc
        raise
    shutil.rmtree(holder, ignore_errors=True)
    sync_folder(target.parent)


def ensure_free_space(path: str | os.PathLike, needed: int) -> None:
    """Refuses at once (instead of after a long, failing write) when the folder that will
    hold `path` has less than `needed` bytes free."""
    folder = real_target(path).parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return  # the write itself will say what is wrong
    if free < needed:
        raise WriteError(path, errno.ENOSPC, f"{_CAUSES[errno.ENOSPC]} (it needs about "
                         f"{_amount(needed)}, {_amount(free)} are free)")


def _amount(count: int) -> str:
    return f"{count / 1e6:,.1f} MB" if count >= 1_000_000 else f"{count:,} bytes"


def _sync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)  # Windows cannot sync a file opened read-only
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_permissions(target: Path, staged: Path) -> None:
    try:
        info = target.stat()
    except FileNotFoundError:
        os.chmod(staged, _NEW_FILE_MODE)
        return
    os.chmod(staged, info.st_mode & 0o7777)
    if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(OSError):
            os.chown(staged, info.st_uid, info.st_gid)


def sync_folder(folder: Path) -> None:
    """Makes a rename inside `folder` durable (where the platform allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

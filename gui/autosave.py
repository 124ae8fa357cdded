"""Autosave to a recovery file, and recovery after a crash.

Each running app holds a lock file beside its recovery file. While the document has unsaved
changes, the recovery file is rewritten (atomically) every `interval_ms`; a clean document, a
save or a normal exit removes it. At the next start, a recovery file whose lock is stale (its
process died) is offered back to the user; a junk one is set aside with a message.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal, Slot

from engine.atomic_file import atomic_write
from engine.errors import ProjectLoadError
from engine.limits import MAX_FILE_BYTES
from engine.project import Project
from engine.project_io import project_from_dict
from gui.paths import recovery_dir

INTERVAL_MS = int(os.environ.get("DENDRITE_AUTOSAVE_MS", "30000"))
SUFFIX = ".recovery.json"


@dataclass
class Recovery:
    file: Path
    original_path: Path | None
    name: str
    saved_at: float

    def load(self) -> Project:
        """Raises ProjectLoadError when the recovery file is unreadable."""
        try:
            doc = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as exc:
            raise ProjectLoadError(
                f"{self.file.name}: the recovery file cannot be read ({exc})") from exc
        if not isinstance(doc, dict):
            raise ProjectLoadError(f"{self.file.name}: the recovery file holds no project")
        project = project_from_dict(doc.get("project"), str(self.file))
        project.path = self.original_path
        return project

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.file.unlink()
        with contextlib.suppress(OSError):
            self.file.with_name(self.file.name.replace(SUFFIX, ".lock")).unlink()


class Autosaver(QObject):
    failed = Signal(str)  # the first failed write after a good one, in words, for the window

    def __init__(self, document, interval_ms: int = INTERVAL_MS, parent=None):
        super().__init__(parent)
        self.document = document
        self._failing = False
        session = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.file = recovery_dir() / f"{session}{SUFFIX}"
        self._lock = QLockFile(str(recovery_dir() / f"{session}.lock"))
        self._lock.setStaleLockTime(0)
        self._lock.tryLock(0)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.save_now)
        self.timer.start()
        document.modified_changed.connect(self._on_modified)

    @Slot()
    def save_now(self) -> bool:
        if not self.document.is_modified():
            return False
        project = self.document.project
        payload = {"dendrite_recovery": 1,
                   "original_path": str(project.path) if project.path else None,
                   "name": project.name, "saved_at": time.time(),
                   "project": project.to_dict()}
        try:
            atomic_write(self.file, json.dumps(payload, allow_nan=False).encode("utf-8"))
        except (OSError, ValueError) as exc:
            # said once (never a dialog: autosave must not interrupt); the next tick retries
            if not self._failing:
                self._failing = True
                self.failed.emit(f"Autosave failed ({exc}); save your work to keep it")
            return False
        self._failing = False
        return True

    @Slot(bool)
    def _on_modified(self, modified: bool) -> None:
        if not modified:
            self.remove()

    def remove(self) -> None:
        with contextlib.suppress(OSError):
            self.file.unlink()

    def stop(self) -> None:
        """A normal exit: no recovery needed."""
        self.timer.stop()
        self.remove()
        self._lock.unlock()


MAX_NAME = 500  # characters of a project name shown in the offer
MAX_PATH = 4096
_WRAPPER_BYTES = 1024 * 1024  # the recovery file's own fields around the project
_FUTURE_SLACK = 366 * 86400  # a clock set wrong by up to a year is still believed
SET_ASIDE = ".set-aside"


@dataclass
class RecoveryScan:
    offers: list[Recovery]  # newest first
    set_aside: list[str]  # one message per junk file moved out of the way


def scan_recoveries() -> RecoveryScan:
    """The recovery files left by sessions that are no longer running. A file that is not
    a recovery file the app could offer (unreadable, malformed, an impossible time, a huge
    name) is renamed with SET_ASIDE, kept for the user, and reported, never offered."""
    scan = RecoveryScan([], [])
    for file in recovery_dir().glob(f"*{SUFFIX}"):
        lock = QLockFile(str(file.with_name(file.name.replace(SUFFIX, ".lock"))))
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            continue  # another running app owns it
        lock.unlock()
        try:
            scan.offers.append(_read_offer(file))
        except ValueError as exc:
            scan.set_aside.append(_set_aside(file, str(exc)))
    scan.offers.sort(key=lambda r: r.saved_at, reverse=True)
    return scan


def _read_offer(file: Path) -> Recovery:
    """Raises ValueError saying what is wrong with the file."""
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES + _WRAPPER_BYTES:
            raise ValueError(f"it is {size:,} bytes, larger than any project")
        doc = json.loads(file.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise ValueError(f"it cannot be read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ValueError("it is not valid JSON text") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("project"), dict):
        raise ValueError("it holds no project")
    name = doc.get("name") or "untitled"
    if not isinstance(name, str) or len(name) > MAX_NAME:
        raise ValueError(f"its project name is not a name of at most {MAX_NAME} characters")
    original = doc.get("original_path")
    if original is not None and (not isinstance(original, str) or not original
                                 or len(original) > MAX_PATH or "\0" in original):
        raise ValueError("its original path is not a path")
    saved_at = doc.get("saved_at")
    if saved_at is None:
        with contextlib.suppress(OSError):
            saved_at = file.stat().st_mtime
    if (not isinstance(saved_at, int | float) or isinstance(saved_at, bool)
            or not 0 <= saved_at <= time.time() + _FUTURE_SLACK):  # NaN and inf fail too
        raise ValueError(f"its time \"saved_at\" ({str(saved_at)[:40]}) is not a moment "
                         "the app could have saved it")
    return Recovery(file, Path(original) if original else None, name, float(saved_at))


def _set_aside(file: Path, reason: str) -> str:
    kept = file.with_name(file.name + SET_ASIDE)
    try:
        os.replace(file, kept)
    except OSError as exc:
        return (f"The recovery file {file} could not be used ({reason}) nor set aside "
                f"({exc.strerror or exc}); it is not offered")
    with contextlib.suppress(OSError):
        file.with_name(file.name.replace(SUFFIX, ".lock")).unlink()
    return f"A recovery file could not be used ({reason}); it was set aside as {kept}"

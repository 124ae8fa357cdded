"""Autosave to a recovery file, and recovery after a crash.

Each running app holds a lock file beside its recovery file. While the document has unsaved
changes, the recovery file is rewritten (atomically) every `interval_ms`; a clean document, a
save or a normal exit removes it. At the next start, a recovery file whose lock is stale (its
process died) is offered back to the user.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer, Slot

from engine.errors import ProjectLoadError
from engine.project import Project
from engine.project_io import atomic_write, project_from_dict
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
        except (OSError, ValueError) as exc:
            raise ProjectLoadError(
                f"{self.file.name}: the recovery file cannot be read ({exc})") from exc
        project = project_from_dict(doc.get("project"), str(self.file))
        project.path = self.original_path
        return project

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.file.unlink()
        with contextlib.suppress(OSError):
            self.file.with_name(self.file.name.replace(SUFFIX, ".lock")).unlink()


class Autosaver(QObject):
    def __init__(self, document, interval_ms: int = INTERVAL_MS, parent=None):
        super().__init__(parent)
        self.document = document
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
        except (OSError, ValueError):
            return False  # autosave must never disturb the user; the next tick tries again
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


def pending_recoveries() -> list[Recovery]:
    """Recovery files left by app sessions that are no longer running, newest first."""
    found = []
    for file in recovery_dir().glob(f"*{SUFFIX}"):
        lock = QLockFile(str(file.with_name(file.name.replace(SUFFIX, ".lock"))))
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            continue  # another running app owns it
        lock.unlock()
        try:
            doc = json.loads(file.read_text(encoding="utf-8"))
            original = doc.get("original_path")
            found.append(Recovery(file, Path(original) if original else None,
                                  str(doc.get("name") or "untitled"),
                                  float(doc.get("saved_at") or file.stat().st_mtime)))
        except (OSError, ValueError, TypeError, AttributeError):
            found.append(Recovery(file, None, file.name, file.stat().st_mtime))
    return sorted(found, key=lambda r: r.saved_at, reverse=True)

"""The recently opened projects, newest first, kept in the app's settings."""

from __future__ import annotations

from pathlib import Path

from gui.paths import settings

KEY = "files/recent"
LAST_KEY = "files/last_project"
LIMIT = 10


def recent_files() -> list[Path]:
    value = settings().value(KEY, [])
    if isinstance(value, str):
        value = [value]
    return [Path(p) for p in (value or []) if p]


def remember(path) -> None:
    path = str(Path(path).resolve())
    kept = [str(p) for p in recent_files() if str(p) != path]
    store = settings()
    store.setValue(KEY, [path, *kept][:LIMIT])
    store.setValue(LAST_KEY, path)
    store.sync()


def forget(path) -> None:
    path = str(Path(path).resolve())
    store = settings()
    store.setValue(KEY, [str(p) for p in recent_files() if str(p) != path])
    if store.value(LAST_KEY) == path:
        store.remove(LAST_KEY)
    store.sync()


def clear() -> None:
    store = settings()
    store.remove(KEY)
    store.sync()


def last_project() -> Path | None:
    value = settings().value(LAST_KEY)
    return Path(value) if value else None

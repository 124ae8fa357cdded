"""Where the app keeps its settings and recovery files.

`DENDRITE_DATA_DIR` overrides the platform's application-data folder; tests and the crash test
use it (or Qt's test-mode standard paths) so that they never touch a user's real files.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ORGANIZATION = "Dendrite"
APPLICATION = "Dendrite"
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_DIR = ROOT / "projects"
RESOURCES_DIR = ROOT / "resources"
DEFAULT_EXAMPLE = EXAMPLES_DIR / "digits.dendrite"
XOR_EXAMPLE = EXAMPLES_DIR / "xor.dendrite"  # the Learn area's XOR network, opened on request


def data_dir() -> Path:
    override = os.environ.get("DENDRITE_DATA_DIR")
    if override:
        path = Path(override)
    else:
        location = QStandardPaths.StandardLocation.AppDataLocation
        path = Path(QStandardPaths.writableLocation(location) or Path.home() / ".dendrite")
    path.mkdir(parents=True, exist_ok=True)
    return path


def recovery_dir() -> Path:
    path = data_dir() / "recovery"
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings() -> QSettings:
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def is_example(path) -> bool:
    try:
        return Path(path).resolve().parent == EXAMPLES_DIR.resolve()
    except OSError:
        return False

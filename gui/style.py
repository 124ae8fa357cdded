"""The app's look: Fusion with the system palette (light or dark), our style sheet and icons."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from gui.paths import RESOURCES_DIR

ICONS_DIR = RESOURCES_DIR / "icons"


def apply_style(app: QApplication) -> None:
    app.setStyle("Fusion")
    sheet = RESOURCES_DIR / "style.qss"
    if sheet.exists():
        app.setStyleSheet(sheet.read_text(encoding="utf-8"))
    app.setWindowIcon(icon("dendrite"))
    # widgets styled by a sheet keep the colours they were polished with; when the desktop
    # switches between light and dark, polish them again once Qt has the new palette
    app.styleHints().colorSchemeChanged.connect(
        lambda _scheme: QTimer.singleShot(0, lambda: repolish(app)))


def repolish(app: QApplication) -> None:
    """Re-applies the style sheet so that every widget takes the current palette."""
    app.setStyleSheet(app.styleSheet())


@cache
def icon(name: str) -> QIcon:
    path = ICONS_DIR / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()

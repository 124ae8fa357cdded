"""Sizes and colours of the canvas, in one place. Colours come from the widget palette so the
canvas follows the system's light or dark theme; only the group accents are fixed hues."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

GRID = 20.0
NODE_WIDTH = 184.0
HEADER_HEIGHT = 24.0
LINE_HEIGHT = 18.0
BODY_HEIGHT = 3 * LINE_HEIGHT + 8.0
SLOT_SPACING = 20.0
PORT_RADIUS = 6.0
PORT_HIT_RADIUS = 11.0
CORNER = 8.0
BADGE_WIDTH = 30.0
BADGE_HEIGHT = 16.0
DETAIL_LOD = 0.45  # below this zoom, cards are drawn without text (unreadable anyway)

GROUP_COLOURS = {
    "Inputs": QColor(56, 161, 105),
    "Layers": QColor(49, 130, 206),
    "Merging": QColor(128, 90, 213),
    "Outputs": QColor(221, 107, 32),
}
UNKNOWN_COLOUR = QColor(120, 120, 120)
ERROR_COLOUR = QColor(220, 38, 38)
WARNING_COLOUR = QColor(217, 150, 0)
FIX_COLOUR = QColor(14, 116, 144)


def group_colour(group: str | None) -> QColor:
    return GROUP_COLOURS.get(group or "", UNKNOWN_COLOUR)


def palette() -> QPalette:
    return QApplication.palette()


def is_dark() -> bool:
    return palette().color(QPalette.ColorRole.Window).lightness() < 128


def card_colour() -> QColor:
    return palette().color(QPalette.ColorRole.Base)


def text_colour() -> QColor:
    return palette().color(QPalette.ColorRole.Text)


def muted_text_colour() -> QColor:
    colour = QColor(text_colour())
    colour.setAlphaF(0.62)
    return colour


def border_colour() -> QColor:
    return palette().color(QPalette.ColorRole.Mid)


def highlight_colour() -> QColor:
    return palette().color(QPalette.ColorRole.Highlight)


def canvas_colour() -> QColor:
    window = palette().color(QPalette.ColorRole.Window)
    return window.darker(108) if is_dark() else window.lighter(103)


def grid_colour(major: bool) -> QColor:
    colour = QColor(text_colour())
    colour.setAlphaF(0.10 if major else 0.045)
    return colour


def wire_colour() -> QColor:
    colour = QColor(text_colour())
    colour.setAlphaF(0.55)
    return colour


def header_colour(group: str | None) -> QColor:
    base = QColor(group_colour(group))
    card = card_colour()
    mix = 0.22 if is_dark() else 0.16
    return QColor(int(card.red() * (1 - mix) + base.red() * mix),
                  int(card.green() * (1 - mix) + base.green() * mix),
                  int(card.blue() * (1 - mix) + base.blue() * mix))


def font(point_delta: float = 0.0, bold: bool = False) -> QFont:
    result = QFont(QApplication.font())
    size = result.pointSizeF() if result.pointSizeF() > 0 else 9.0
    result.setPointSizeF(max(6.0, size + point_delta))
    result.setBold(bold)
    return result

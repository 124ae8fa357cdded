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
FAR_LOD = 0.2  # below this zoom, cards are plain blocks (a few pixels wide)

GROUP_COLOURS = {
    "Inputs": QColor(56, 161, 105),
    "Layers": QColor(49, 130, 206),
    "Merging": QColor(128, 90, 213),
    "Outputs": QColor(221, 107, 32),
    "Convolution": QColor(0, 150, 170),
    "Pooling": QColor(44, 122, 123),
    "Reshaping": QColor(113, 128, 150),
    "Recurrent and sequence": QColor(183, 121, 31),
    "Activation layers": QColor(90, 103, 216),
    "Preprocessing": QColor(160, 174, 40),
    "Regularisation": QColor(213, 63, 140),
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


def mixed(base: QColor, over: QColor, amount: float) -> QColor:
    """`over` laid on `base` at `amount`, as an opaque colour: opaque lines paint much faster
    than translucent ones, which matters for a grid and a thousand wires."""
    return QColor(int(base.red() * (1 - amount) + over.red() * amount),
                  int(base.green() * (1 - amount) + over.green() * amount),
                  int(base.blue() * (1 - amount) + over.blue() * amount))


_derived: dict[tuple, QColor] = {}


def _derived_colour(name: str, make) -> QColor:
    """Colours worked out from the palette, remembered until the palette changes (a wire
    asks for its colour every time it is painted)."""
    key = (name, palette().cacheKey())
    colour = _derived.get(key)
    if colour is None:
        if len(_derived) > 64:
            _derived.clear()
        colour = _derived[key] = make()
    return colour


def grid_colour(major: bool) -> QColor:
    return _derived_colour(f"grid{major}", lambda: mixed(
        canvas_colour(), text_colour(), 0.10 if major else 0.045))


def wire_colour() -> QColor:
    return _derived_colour("wire", lambda: mixed(canvas_colour(), text_colour(), 0.55))


def header_colour(group: str | None) -> QColor:
    return _derived_colour(f"header:{group}", lambda: mixed(
        card_colour(), QColor(group_colour(group)), 0.22 if is_dark() else 0.16))


def font(point_delta: float = 0.0, bold: bool = False) -> QFont:
    result = QFont(QApplication.font())
    size = result.pointSizeF() if result.pointSizeF() > 0 else 9.0
    result.setPointSizeF(max(6.0, size + point_delta))
    result.setBold(bold)
    return result

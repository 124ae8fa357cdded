"""Readable text on a coloured background, by the WCAG 2 contrast ratio."""

from __future__ import annotations

from PySide6.QtGui import QColor

BLACK = QColor(0, 0, 0)
WHITE = QColor(255, 255, 255)


def relative_luminance(colour: QColor) -> float:
    """WCAG 2's relative luminance of an opaque colour (0 black, 1 white)."""
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return (0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF())
            + 0.0722 * linear(colour.blueF()))


def contrast_ratio(a: QColor, b: QColor) -> float:
    """From 1 (same) to 21 (black on white); AA asks 4.5 for normal text."""
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def over(base: QColor, tint: QColor) -> QColor:
    """The opaque colour a translucent `tint` shows over `base`."""
    alpha = tint.alphaF()
    return QColor.fromRgbF(*(alpha * t + (1 - alpha) * b for t, b in (
        (tint.redF(), base.redF()), (tint.greenF(), base.greenF()),
        (tint.blueF(), base.blueF()))))


def readable_text_on(background: QColor) -> QColor:
    """Black or white, whichever contrasts more with `background`."""
    return max((BLACK, WHITE), key=lambda text: contrast_ratio(text, background))

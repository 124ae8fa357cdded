"""The canvas background: a 20 px grid with a heavier line every fifth, thinned out when
zoomed so far out that the lines would crowd together."""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QPainter, QPen

from gui.canvas import style

MIN_SPACING_PX = 7.0


def _lines(rect: QRectF, step: float) -> list[QLineF]:
    left = math.floor(rect.left() / step) * step
    top = math.floor(rect.top() / step) * step
    lines = []
    x = left
    while x <= rect.right():
        lines.append(QLineF(x, rect.top(), x, rect.bottom()))
        x += step
    y = top
    while y <= rect.bottom():
        lines.append(QLineF(rect.left(), y, rect.right(), y))
        y += step
    return lines


def draw_grid(painter: QPainter, rect: QRectF, zoom: float) -> None:
    painter.fillRect(rect, style.canvas_colour())
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    minor = style.GRID
    major = minor * 5
    while major * zoom < MIN_SPACING_PX * 5:
        major *= 5
    if minor * zoom >= MIN_SPACING_PX:
        pen = QPen(style.grid_colour(major=False), 0)
        painter.setPen(pen)
        painter.drawLines(_lines(rect, minor))
    pen = QPen(style.grid_colour(major=True), 0)
    painter.setPen(pen)
    painter.drawLines(_lines(rect, major))

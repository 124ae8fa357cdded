"""One look for every Learn plot: white background, dark labelled axes, readable fonts."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont

AXIS_COLOUR = "#333333"
CLASS_0_COLOUR = "#3b5bdb"
CLASS_1_COLOUR = "#e8a800"
REGION_0_COLOUR = "#9898ff"
REGION_1_COLOUR = "#fafab0"


def make_plot(title: str, x_label: str, y_label: str) -> pg.PlotWidget:
    plot = pg.PlotWidget(background="w")
    plot.setTitle(title, color=AXIS_COLOUR, size="12pt")
    font = QFont()
    font.setPointSize(10)
    for side, label in (("bottom", x_label), ("left", y_label)):
        axis = plot.getAxis(side)
        axis.setPen(AXIS_COLOUR)
        axis.setTextPen(AXIS_COLOUR)
        axis.setTickFont(font)
        axis.setLabel(label, color=AXIS_COLOUR, **{"font-size": "11pt"})
    plot.showGrid(x=True, y=True, alpha=0.15)
    plot.setMenuEnabled(False)
    return plot


def add_legend(plot: pg.PlotWidget, offset: tuple[int, int] = (-10, 10)) -> pg.LegendItem:
    legend = plot.addLegend(offset=offset, labelTextColor=AXIS_COLOUR, labelTextSize="10pt")
    legend.setBrush(pg.mkBrush(255, 255, 255, 220))
    legend.setPen(pg.mkPen("#bbbbbb"))
    return legend


def two_colour_lookup(low: str, high: str) -> list[tuple[int, int, int]]:
    """A 256-entry lookup table blending colour `low` into colour `high`."""
    import numpy as np

    a = np.array(pg.mkColor(low).getRgb()[:3], dtype=float)
    b = np.array(pg.mkColor(high).getRgb()[:3], dtype=float)
    t = np.linspace(0, 1, 256)[:, None]
    return (a * (1 - t) + b * t).astype(np.uint8)


def map_view_to_widget(plot: pg.PlotWidget, x: float, y: float):
    """Widget (viewport) coordinates of data point (x, y): for tests and screenshots."""
    from PySide6.QtCore import QPointF

    scene_point = plot.getViewBox().mapViewToScene(QPointF(x, y))
    return plot.mapFromScene(scene_point)

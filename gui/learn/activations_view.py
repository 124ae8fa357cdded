"""Activation functions and their derivatives, each toggled by a checkbox."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine.learn.activations import ACTIVATIONS, SATURATION_NOTE
from gui.learn.plot_style import add_legend, make_plot

Z = np.linspace(-5, 5, 401)
COLOURS = ("#1c7ed6", "#2b8a3e", "#e03131", "#f08c00", "#862e9c", "#0ca678", "#495057", "#d6336c")
SHOWN_AT_START = {"sigmoid", "tanh", "ReLU", "step"}
#: Functions that jump at z = 0, and those whose derivative jumps there.
JUMPS = {"step", "sign"}
KINKS = {"step", "sign", "ReLU", "leaky ReLU"}


class ActivationsView(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.functions_plot = make_plot("Activation functions", "z", "φ(z)")
        self.derivatives_plot = make_plot("Derivatives", "z", "φ′(z)")
        self.functions_plot.setRange(xRange=(-5, 5), yRange=(-1.3, 2.3), padding=0.02)
        self.derivatives_plot.setRange(xRange=(-5, 5), yRange=(-0.2, 1.3), padding=0.02)
        self.legend = add_legend(self.functions_plot, offset=(10, 10))
        self.checkboxes: dict[str, QCheckBox] = {}
        self.function_curves: dict[str, pg.PlotDataItem] = {}
        self.derivative_curves: dict[str, pg.PlotDataItem] = {}
        boxes = QGridLayout()
        for index, (activation, colour) in enumerate(zip(ACTIVATIONS, COLOURS, strict=True)):
            dash = pg.QtCore.Qt.PenStyle.DashLine if index % 2 else pg.QtCore.Qt.PenStyle.SolidLine
            pen = pg.mkPen(colour, width=2.5, style=dash)
            z, y = self._with_jumps(activation.name in JUMPS, activation.function(Z))
            self.function_curves[activation.name] = self.functions_plot.plot(
                z, y, pen=pen, name=activation.name, connect="finite"
            )
            self.derivative_curves[activation.name] = self.derivatives_plot.plot(
                *self._with_jumps(activation.name in KINKS, activation.derivative(Z)),
                pen=pen,
                connect="finite",
            )
            box = QCheckBox(activation.name)
            box.setToolTip(activation.note)
            box.setStyleSheet(f"QCheckBox {{ color: {colour}; font-weight: bold; }}")
            box.toggled.connect(self._toggled)
            box.setChecked(activation.name in SHOWN_AT_START)
            self.checkboxes[activation.name] = box
            boxes.addWidget(box, 0, index)
        self._toggled()
        note = QLabel(SATURATION_NOTE)
        note.setWordWrap(True)
        plots = QHBoxLayout()
        plots.addWidget(self.functions_plot)
        plots.addWidget(self.derivatives_plot)
        layout = QVBoxLayout(self)
        layout.addLayout(boxes)
        layout.addLayout(plots, 1)
        layout.addWidget(note)

    def is_shown(self, name: str) -> bool:
        return self.function_curves[name].isVisible() and self.derivative_curves[name].isVisible()

    @Slot()
    def _toggled(self) -> None:
        self.legend.clear()
        for name, box in self.checkboxes.items():
            self.function_curves[name].setVisible(box.isChecked())
            self.derivative_curves[name].setVisible(box.isChecked())
            if box.isChecked():
                self.legend.addItem(self.function_curves[name], name)

    @staticmethod
    def _with_jumps(jumps: bool, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Break a curve at z = 0 where it jumps, so no vertical stroke pretends it is continuous."""
        if not jumps:
            return Z, values
        broken = values.astype(float).copy()
        broken[np.argmin(np.abs(Z))] = np.nan
        return Z, broken

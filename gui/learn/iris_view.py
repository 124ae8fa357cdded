"""The seed's scikit-learn Perceptron on iris petals, with its regions, its line and a query."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from engine.learn.iris import AXES, DEFAULT_QUERY, fit_iris_perceptron
from gui.learn.plot_style import (
    REGION_0_COLOUR,
    REGION_1_COLOUR,
    add_legend,
    make_plot,
    two_colour_lookup,
)


class IrisView(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = fit_iris_perceptron()
        x0, x1, y0, y1 = AXES
        self.plot = make_plot(
            "Perceptron(max_iter=1000, tol=1e-3, random_state=42) on iris petals",
            "Petal length (cm)",
            "Petal width (cm)",
        )
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        regions = pg.ImageItem(self.model.region_grid().astype(float))
        regions.setLookupTable(two_colour_lookup(REGION_0_COLOUR, REGION_1_COLOUR))
        regions.setLevels((0, 1))
        regions.setRect(x0, y0, x1 - x0, y1 - y0)
        self.plot.addItem(regions)
        add_legend(self.plot, offset=(-10, -10))
        petals, setosa = self.model.petals, self.model.is_setosa
        self.plot.plot(
            petals[setosa == 0, 0],
            petals[setosa == 0, 1],
            pen=None,
            symbol="s",
            symbolSize=8,
            symbolBrush="#1c3fd6",
            symbolPen=None,
            name="Not Iris setosa",
        )
        self.plot.plot(
            petals[setosa == 1, 0],
            petals[setosa == 1, 1],
            pen=None,
            symbol="o",
            symbolSize=8,
            symbolBrush="#e6c800",
            symbolPen="#7a6a00",
            name="Iris setosa",
        )
        slope, intercept = self.model.line()
        self.plot.plot(
            [x0, x1],
            [slope * x0 + intercept, slope * x1 + intercept],
            pen=pg.mkPen("k", width=3),
            name="decision line",
        )
        self.query_marker = self.plot.plot(
            [],
            [],
            pen=None,
            symbol="x",
            symbolSize=18,
            symbolBrush="#c92a2a",
            symbolPen=pg.mkPen("#c92a2a", width=3),
            name="your query",
        )
        self.plot.scene().sigMouseClicked.connect(self._plot_clicked)

        self.length = self._spin(DEFAULT_QUERY[0], x1)
        self.width = self._spin(DEFAULT_QUERY[1], y1)
        self.answer = QLabel()
        font = QFont()
        font.setPointSize(12)
        font.setBold(True)
        self.answer.setFont(font)
        query = QHBoxLayout()
        query.addWidget(QLabel("Query: petal length"))
        query.addWidget(self.length)
        query.addWidget(QLabel("petal width"))
        query.addWidget(self.width)
        query.addWidget(QLabel("(or click the plot)"))
        query.addSpacing(20)
        query.addWidget(self.answer, 1)
        w = self.model.classifier.coef_[0]
        b = self.model.classifier.intercept_[0]
        formula = QLabel(
            f"Learned: {w[0]:+.1f}·length {w[1]:+.1f}·width {b:+.1f} ≥ 0 → class 1 (Iris setosa); "
            f"line: width = {slope:.3f}·length + {intercept:.3f}"
        )
        layout = QVBoxLayout(self)
        layout.addLayout(query)
        layout.addWidget(formula)
        layout.addWidget(self.plot, 1)
        self._update_query()

    def query_class(self) -> int:
        return self.model.predict(self.length.value(), self.width.value())

    @Slot()
    def _update_query(self) -> None:
        length, width = self.length.value(), self.width.value()
        self.query_marker.setData([length], [width])
        predicted = self.query_class()
        kind = "Iris setosa" if predicted == 1 else "not Iris setosa"
        self.answer.setText(f"predict([[{length:g}, {width:g}]]) → class {predicted} ({kind})")

    @Slot(object)
    def _plot_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        point = self.plot.getViewBox().mapSceneToView(event.scenePos())
        x0, x1, y0, y1 = AXES
        if x0 <= point.x() <= x1 and y0 <= point.y() <= y1:
            self.length.setValue(round(point.x(), 2))
            self.width.setValue(round(point.y(), 2))

    def _spin(self, value: float, maximum: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(0.0, maximum)
        spin.setSingleStep(0.1)
        spin.setDecimals(2)
        spin.setValue(value)
        spin.valueChanged.connect(self._update_query)
        return spin

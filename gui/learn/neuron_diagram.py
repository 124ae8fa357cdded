"""A QGraphicsScene drawing of small networks of neurons A, B -> C that light up when active."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

LIT = QColor("#ffd43b")
DARK = QColor("#e9ecef")
EDGE = QColor("#495057")
INHIBIT = QColor("#c92a2a")
RADIUS = 20.0
COLUMN_WIDTH = 170.0


class NeuronDiagram(QGraphicsView):
    """Columns of networks; each has neurons keyed (column, "A" | "B" | "C")."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setBackgroundBrush(QColor("white"))
        self.setMinimumHeight(260)
        self.setMaximumHeight(420)
        self._neurons: dict[tuple[int, str], QGraphicsEllipseItem] = {}
        self._edge_labels: dict[tuple[int, str], QGraphicsSimpleTextItem] = {}
        self._captions: dict[int, QGraphicsSimpleTextItem] = {}
        self._lit: dict[tuple[int, str], bool] = {}

    def neuron_position(self, column: int, name: str) -> QPointF:
        x = column * COLUMN_WIDTH
        return {"A": QPointF(x + 30, 150), "B": QPointF(x + 110, 150), "C": QPointF(x + 70, 30)}[
            name
        ]

    def add_network(
        self,
        column: int,
        caption: str,
        excitatory: dict[str, int],
        inhibitory: frozenset[str] | set[str] = frozenset(),
        inputs: tuple[str, ...] = ("A", "B"),
    ) -> None:
        scene = self.scene()
        c = self.neuron_position(column, "C")
        for name in inputs:
            start = self.neuron_position(column, name)
            count = excitatory.get(name, 0)
            offsets = {0: [], 1: [0.0]}.get(count, [-5.0, 5.0])
            for offset in offsets:
                self._arrow(start + QPointF(offset, 0), c + QPointF(offset, 0), EDGE, head=True)
            if name in inhibitory:
                self._arrow(start, c, INHIBIT, head=False)
        for name in (*inputs, "C"):
            self._neuron(column, name)
        text = QGraphicsSimpleTextItem(caption)
        font = QFont()
        font.setPointSize(11)
        text.setFont(font)
        text.setPos(column * COLUMN_WIDTH + 70 - text.boundingRect().width() / 2, 182)
        scene.addItem(text)
        self._captions[column] = text

    def add_weight_label(self, column: int, name: str, text: str) -> None:
        start = self.neuron_position(column, name)
        c = self.neuron_position(column, "C")
        label = QGraphicsSimpleTextItem(text)
        font = QFont()
        font.setPointSize(10)
        label.setFont(font)
        middle = (start + c) / 2
        shift = -78 if name == "A" else 8
        label.setPos(middle.x() + shift, middle.y() - 10)
        self.scene().addItem(label)
        self._edge_labels[(column, name)] = label

    def set_weight_label(self, column: int, name: str, text: str) -> None:
        self._edge_labels[(column, name)].setText(text)

    def set_caption(self, column: int, caption: str) -> None:
        item = self._captions[column]
        item.setText(caption)
        item.setPos(column * COLUMN_WIDTH + 70 - item.boundingRect().width() / 2, 182)

    def set_lit(self, column: int, name: str, lit: bool) -> None:
        item = self._neurons.get((column, name))
        if item is not None:
            item.setBrush(QBrush(LIT if lit else DARK))
            self._lit[(column, name)] = bool(lit)

    def is_lit(self, column: int, name: str) -> bool:
        return self._lit[(column, name)]

    def fit(self) -> None:
        rect = self.scene().itemsBoundingRect().adjusted(-10, -10, 10, 10)
        self.setSceneRect(rect)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.fit()

    def _neuron(self, column: int, name: str) -> None:
        centre = self.neuron_position(column, name)
        item = QGraphicsEllipseItem(-RADIUS, -RADIUS, 2 * RADIUS, 2 * RADIUS)
        item.setPos(centre)
        item.setPen(QPen(EDGE, 2))
        item.setZValue(1)
        self.scene().addItem(item)
        label = QGraphicsSimpleTextItem(name, item)
        font = QFont()
        font.setPointSize(12)
        font.setBold(True)
        label.setFont(font)
        bounds = label.boundingRect()
        label.setPos(-bounds.width() / 2, -bounds.height() / 2)
        self._neurons[(column, name)] = item
        self.set_lit(column, name, False)

    def _arrow(self, start: QPointF, end: QPointF, colour: QColor, head: bool) -> None:
        line = QLineF(start, end)
        # Stop at the rims of the circles.
        unit = line.unitVector()
        step = QPointF(unit.dx(), unit.dy())
        line = QLineF(start + step * RADIUS, end - step * (RADIUS + 2))
        self.scene().addLine(line, QPen(colour, 2))
        tip = line.p2()
        if head:
            back = QPointF(-step.x(), -step.y()) * 9
            side = QPointF(-step.y(), step.x()) * 4.5
            polygon = QPolygonF([tip, tip + back + side, tip + back - side])
            self.scene().addPolygon(polygon, QPen(colour), QBrush(colour))
        else:
            self.scene().addEllipse(
                tip.x() - 5, tip.y() - 5, 10, 10, QPen(colour, 2), QBrush(colour)
            )

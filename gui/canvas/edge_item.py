"""A wire from an output port to an input slot: a cubic curve whose path is cached and
rebuilt only when one of its ends moves. The tensor shape it carries is shown as a small
label when the wire is hovered or selected, and as its tooltip (see CanvasScene.helpEvent)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from gui.canvas import style

FAR_ZOOM = 0.35


def wire_path(start: QPointF, end: QPointF) -> QPainterPath:
    """The S-shaped curve between an output port and an input slot."""
    dx = end.x() - start.x()
    # forwards: half the gap; backwards: loop out far enough to stay clear of the cards
    reach = max(dx * 0.5, 10.0) if dx >= 0 else 40.0 + min(-dx, 400.0) * 0.3
    path = QPainterPath(start)
    path.cubicTo(QPointF(start.x() + reach, start.y()), QPointF(end.x() - reach, end.y()), end)
    return path


class EdgeItem(QGraphicsItem):
    def __init__(self, edge, source_item, target_item):
        super().__init__()
        self.edge = edge
        self.source_item = source_item
        self.target_item = target_item
        self.exporting = False
        self.hidden_for_drag = False
        self._hover = False
        self._path = QPainterPath()
        self._shape = None
        self._bounds = QRectF()
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setZValue(0.0)
        self.rebuild()

    def rebuild(self) -> None:
        start = self.source_item.mapToScene(self.source_item.out_port_pos())
        end = self.target_item.mapToScene(self.target_item.in_port_pos(self.edge.target_port))
        self.prepareGeometryChange()
        self._path = wire_path(start, end)
        self._shape = None
        self._bounds = self._path.controlPointRect().adjusted(-60, -14, 60, 14)

    def path(self) -> QPainterPath:
        return self._path

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(10.0)
            self._shape = stroker.createStroke(self._path)
        return self._shape

    def hoverEnterEvent(self, event):
        self._hover = True
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event):
        self._hover = False
        self.update()
        super().hoverLeaveEvent(event)

    def label(self) -> str:
        scene = self.scene()
        return scene.edge_text(self.edge) if scene is not None else ""

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        if self.hidden_for_drag:
            return
        selected = self.isSelected() and not self.exporting
        colour = style.highlight_colour() if selected else style.wire_colour()
        if self._hover and not selected:
            colour = style.text_colour()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if option.levelOfDetailFromTransform(painter.worldTransform()) < FAR_ZOOM \
                and not self.exporting:
            # zoomed far out a wire is a few pixels long: a plain line looks the same and
            # draws many times faster than an antialiased curve
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(QPen(colour, 0))
            painter.drawLine(self._path.elementAt(0), self._path.currentPosition())
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(colour, 2.6 if selected else 1.8))
        painter.drawPath(self._path)
        if (self._hover or selected) and not self.exporting:
            self._paint_label(painter)

    def _paint_label(self, painter: QPainter) -> None:
        text = self.label()
        if not text:
            return
        font = style.font(-1.5)
        metrics = QFontMetricsF(font)
        middle = self._path.pointAtPercent(0.5)
        width = metrics.horizontalAdvance(text) + 10
        box = QRectF(middle.x() - width / 2, middle.y() - 9, width, 18)
        painter.setPen(QPen(style.border_colour(), 1))
        painter.setBrush(style.card_colour())
        painter.drawRoundedRect(box, 9, 9)
        painter.setFont(font)
        painter.setPen(style.text_colour())
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


class RubberWire(QGraphicsItem):
    """The wire that follows the mouse while a connection is being dragged."""

    def __init__(self, start: QPointF):
        super().__init__()
        self.start = QPointF(start)
        self.end = QPointF(start)
        self._path = wire_path(self.start, self.end)
        self.setZValue(3.0)

    def set_end(self, end: QPointF) -> None:
        self.prepareGeometryChange()
        self.end = QPointF(end)
        self._path = wire_path(self.start, self.end)

    def boundingRect(self) -> QRectF:
        return self._path.controlPointRect().adjusted(-4, -4, 4, 4)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(style.highlight_colour(), 2.2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawPath(self._path)

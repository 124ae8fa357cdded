"""A wire from an output port to an input slot: a cubic curve whose path is cached and
rebuilt only when one of its ends moves. The tensor shape it carries is shown as a small
label when the wire is hovered or selected, and as its tooltip (see CanvasScene.helpEvent)."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem

from gui.canvas import style

FAR_ZOOM = 0.35
THIN_PX = 1.5  # a wire thinner than this on screen is drawn one pixel wide


def wire_reach(x0: float, x1: float) -> float:
    """How far the curve's handles reach out of its ends: forwards, half the gap; backwards,
    far enough to loop clear of the cards."""
    dx = x1 - x0
    return max(dx * 0.5, 10.0) if dx >= 0 else 40.0 + min(-dx, 400.0) * 0.3


def wire_path(start: QPointF, end: QPointF) -> QPainterPath:
    """The S-shaped curve between an output port and an input slot."""
    reach = wire_reach(start.x(), end.x())
    path = QPainterPath(start)
    path.cubicTo(QPointF(start.x() + reach, start.y()), QPointF(end.x() - reach, end.y()), end)
    return path


_NO_PEN = QPen(Qt.PenStyle.NoPen)
_SELECTABLE = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable  # (an enum lookup costs)


class EdgeItem(QGraphicsRectItem):
    """A QGraphicsRectItem only for its bounding rectangle, which Qt then reads in C++ (see
    NodeItem); paint draws the wire."""

    # counts every change to where or whether any wire is drawn: the FarLayer remakes its
    # lines from the wires only when it has moved on
    generation = 0

    def __init__(self, edge, source_item, target_item):
        super().__init__()
        self.edge = edge
        self.source_item = source_item
        self.target_item = target_item
        self.exporting = False
        self._hidden_for_drag = False
        self._hover = False
        self._ends = (0.0, 0.0, 0.0, 0.0)  # x, y of the output port; x, y of the input slot
        self._path: QPainterPath | None = None  # made when first drawn or asked for
        self._shape = None
        self.setPen(_NO_PEN)  # the bounding rectangle is the rectangle itself
        self.setFlags(_SELECTABLE)
        self.setAcceptHoverEvents(True)
        self.rebuild()

    def rebuild(self) -> None:
        """Follows the cards' ports. The curve itself is made only when it is drawn at a zoom
        that shows it, or asked for: a project opens without building 6,000 paths."""
        # cards are top-level and untransformed: a port's scene position is the card's
        # position plus the port's (cheaper than two mapToScene calls per wire)
        source, target = self.source_item, self.target_item
        start, end = source.pos(), target.pos()
        x0 = start.x() + style.NODE_WIDTH
        y0 = start.y() + source.out_port_y(self.edge.source_port)
        x1 = end.x()
        y1 = end.y() + target.in_port_y(self.edge.target_port)
        EdgeItem.generation += 1
        self._ends = (x0, y0, x1, y1)
        self._path = None
        self._shape = None
        # the curve's control points, with room for the label and the hover outline
        reach = wire_reach(x0, x1)
        left, right = min(x0, x1 - reach), max(x0 + reach, x1)
        top, bottom = min(y0, y1), max(y0, y1)
        self.setRect(left - 60, top - 14, right - left + 120, bottom - top + 28)

    @property
    def hidden_for_drag(self) -> bool:
        """True while the wire is detached and dragged elsewhere (the rubber wire shows it)."""
        return self._hidden_for_drag

    @hidden_for_drag.setter
    def hidden_for_drag(self, hidden: bool) -> None:
        self._hidden_for_drag = hidden
        EdgeItem.generation += 1

    def ends(self) -> tuple[float, float, float, float]:
        """The scene x, y of the wire's output port and of its input slot."""
        return self._ends

    def path(self) -> QPainterPath:
        if self._path is None:
            x0, y0, x1, y1 = self._ends
            self._path = wire_path(QPointF(x0, y0), QPointF(x1, y1))
        return self._path

    def shape(self) -> QPainterPath:
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(10.0)
            self._shape = stroker.createStroke(self.path())
        return self._shape

    def hoverEnterEvent(self, event):
        self._hover = True
        scene = self.scene()
        if scene is not None:
            scene.hovered_wire = self  # far out, the scene's FarLayer draws it lit
        self.update()
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event):
        self._hover = False
        scene = self.scene()
        if scene is not None and scene.hovered_wire is self:
            scene.hovered_wire = None
        self.update()
        super().hoverLeaveEvent(event)

    def label(self) -> str:
        scene = self.scene()
        return scene.edge_text(self.edge) if scene is not None else ""

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        if self._hidden_for_drag:
            return
        # (far out in the canvas view, the scene's FarLayer draws the wires and Qt does not
        # call this; other views and pictures get each wire drawn here)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        far = not self.exporting and lod < FAR_ZOOM
        selected = self.isSelected() and not self.exporting
        colour = style.highlight_colour() if selected else style.wire_colour()
        if self._hover and not selected:
            colour = style.text_colour()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if far:
            # zoomed far out a wire is a few pixels long: a plain line looks the same and
            # draws many times faster than an antialiased curve
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(QPen(colour, 0))
            x0, y0, x1, y1 = self._ends
            painter.drawLine(QLineF(x0, y0, x1, y1))
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        width = 2.6 if selected else 1.8
        if width * lod < THIN_PX and not self.exporting:
            # under THIN_PX on screen (zoomed out below about 80%), a one-pixel cosmetic pen
            # looks the same and Qt strokes it about ten times faster than a scaled one
            painter.setPen(QPen(colour, 0))
        else:
            painter.setPen(QPen(colour, width))
        painter.drawPath(self.path())
        if (self._hover or selected) and not self.exporting:
            self._paint_label(painter)

    def _paint_label(self, painter: QPainter) -> None:
        text = self.label()
        if not text:
            return
        font = style.font(-1.5)
        metrics = QFontMetricsF(font)
        middle = self.path().pointAtPercent(0.5)
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

"""Zoomed far out, the whole network in one item's paint: every wire as a plain line in one
drawLines call (below FAR_ZOOM), then every card as a block in its group's colour, a few
drawRects calls for all of them (below FAR_LOD). Out there a wire or card is a few pixels
and one Python paint per item was most of a frame: 1,200 wires took about 30 ms, and after
each wheel step 1,000 cards were drawn again into their cached pictures.

While the view is that far out (CanvasScene.show_far, from CanvasView.paintEvent), the
wires and cards are flagged as having no contents, so Qt does not call their paint at all;
they are still there for the mouse: hover, selection and dragging work as close up. Close
up, and in exported pictures, the layer draws nothing and each item draws itself."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from gui.canvas import style
from gui.canvas.edge_item import EdgeItem


class FarLayer(QGraphicsItem):
    def __init__(self, scene):
        super().__init__()
        # the scene's dicts of cards and wires, not the scene itself (no reference cycle)
        self._nodes = scene.nodes
        self._edges = scene.edges
        self._lines: list[QLineF] = []
        self._lines_for = -1  # the EdgeItem.generation the lines were made for
        self._rect = scene.sceneRect()
        self.setZValue(-0.5)  # above the grid, under the wires (0) and the cards (1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def boundingRect(self) -> QRectF:
        return self._rect

    def lines(self) -> list[QLineF]:
        """The wires' lines as they are drawn now (remade only after a wire changed)."""
        if self._lines_for != EdgeItem.generation:
            self._lines = [QLineF(*wire.ends()) for wire in self._edges.values()
                           if not wire.hidden_for_drag]
            self._lines_for = EdgeItem.generation
        return self._lines

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        scene = self.scene()
        # what the view's zoom band says (CanvasScene.show_far), not this paint's own level
        # of detail: the items flagged as having no contents are exactly the ones drawn here
        if scene is None or scene.exporting or not scene.far_wires:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(style.wire_colour(), 0))
        painter.drawLines(self.lines())
        selected = [item for item in scene.selectedItems() if isinstance(item, EdgeItem)]
        if selected:
            painter.setPen(QPen(style.highlight_colour(), 0))
            painter.drawLines([QLineF(*wire.ends()) for wire in selected
                               if not wire.hidden_for_drag])
        hovered = scene.hovered_wire
        if hovered is not None and not hovered.hidden_for_drag and not hovered.isSelected():
            painter.setPen(QPen(style.text_colour(), 0))
            painter.drawLine(QLineF(*hovered.ends()))
        if scene.far_cards:
            self._paint_cards(painter)

    def _paint_cards(self, painter: QPainter) -> None:
        """Each card a block in its group's header colour, outlined by its state (selected,
        error, warning), as NodeItem draws itself far out; one drawRects per colour pair."""
        border, highlight = style.border_colour(), style.highlight_colour()
        outlines = {"error": style.ERROR_COLOUR, "warning": style.WARNING_COLOUR}
        width = style.NODE_WIDTH
        blocks: dict[tuple, list[QRectF]] = {}
        far_look = self.scene().far_look
        for item in self._nodes.values():
            position = item.pos()
            look = item._look  # a card not drawn yet has no look: its group and state suffice
            group, severity = (look.group, look.severity) if look is not None \
                else far_look(item.node_id)
            outline = highlight if item.isSelected() else outlines.get(severity, border)
            key = (group, outline.rgba())
            rects = blocks.get(key)
            if rects is None:
                rects = blocks[key] = []
            rects.append(QRectF(position.x(), position.y(), width, item.height))
        for (group, outline), rects in blocks.items():
            painter.setPen(QPen(QColor.fromRgba(outline), 0))
            painter.setBrush(style.header_colour(group))
            painter.drawRects(rects)

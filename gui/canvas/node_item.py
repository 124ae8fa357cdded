"""A node card: kind and key parameters, name, output shape and parameter count, input slots
on the left and the output port on the right. It holds only what it draws; the scene
refreshes it from the graph and the analysis."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem

from gui.canvas import style


@dataclass
class NodeLook:
    """Everything a card shows, compared as a whole to skip needless repaints."""

    title: str = ""
    name: str = ""
    group: str = ""
    shape: str = ""
    params: str = ""
    slots: int = 1
    filled: frozenset = frozenset()
    has_output: bool = True
    outputs: tuple[str, ...] = ("output",)  # named on the card when there are several
    slot_names: tuple[str, ...] = ()  # named input slots ("query", "value", "key")
    severity: str = ""  # "", "warning" or "error"
    # what the tooltip says, written out only when it is shown: (name, type, label, problems
    # as (is_error, severity, message, fix label or ""), the Input's stage in exports)
    tip: tuple = ()
    fixes: tuple = field(default_factory=tuple)  # labels of the fixes offered
    preprocessing: str = ""  # an Input's stage inside exported models (engine's label)

    @property
    def tooltip(self) -> str:
        return tooltip_html(*self.tip) if self.tip else ""


def tooltip_html(name: str, type_name: str, label: str, problems: tuple, stage: str) -> str:
    """A card's tooltip: its name and kind, each problem with its fix, its export stage."""
    lines = [f"<b>{html.escape(name)}</b>: {html.escape(type_name)}"
             + (f" · {html.escape(label)}" if label else "")]
    for is_error, severity, message, fix in problems:
        colour = "#dc2626" if is_error else "#b7791f"
        line = f"<span style='color:{colour}'>{severity}:</span> {html.escape(message)}"
        if fix:
            line += f"<br/><i>fix: {fix} (click the badge)</i>"
        lines.append(line)
    text = "<br/>".join(lines)
    if stage:
        text += f"<br/>{html.escape(stage)}"
    return text


# No ItemSendsGeometryChanges and no itemChange override: Qt calls a Python itemChange about
# a dozen times per card while a project opens (flags, tooltip, z, scene, position), and those
# calls were a third of building a 5,000-node canvas. A card dragged by the mouse moves its
# wires in mouseMoveEvent; the scene moves cards for the graph and redraws their wires itself.
_FLAGS = (QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
          | QGraphicsItem.GraphicsItemFlag.ItemIsMovable)
_CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache


_NO_PEN = QPen(Qt.PenStyle.NoPen)
_PORT_MARGIN = style.PORT_RADIUS + 3  # the ports stick out of the card's sides
_NAME_ROOM = 66  # port names ("query", "state_h") are written outside the card


class NodeItem(QGraphicsRectItem):
    """A QGraphicsRectItem only for its bounding rectangle: Qt reads it in C++, where a
    Python boundingRect was called some 30,000 times in a 5,000-node project's first frame.
    The rectangle (the card and its ports) is never drawn as such: paint draws the card."""

    def __init__(self, node_id: str, look: NodeLook | None = None, slots: int = 1,
                 has_output: bool = True, outputs: int = 1, named_slots: bool = False):
        """A card showing `look`; without one, a card of `slots` input slots (and an output
        port or not) whose look the scene makes when it is first drawn or asked for (see
        `look`): a project opens without making 5,000 looks for cards nobody sees."""
        super().__init__()
        self.node_id = node_id
        self._look = look
        if look is not None:
            slots, has_output, outputs = look.slots, look.has_output, len(look.outputs)
            named_slots = bool(look.slot_names)
        self._named_slots = named_slots
        # what the geometry depends on
        self._slots, self._has_output, self._outputs = slots, has_output, outputs
        self.look_key: tuple | None = None  # what the look was built from (see the scene)
        self.edges: list = []  # EdgeItems ending here, kept up to date by the scene
        self.dimmed_slots: frozenset[int] = frozenset()
        self.output_dimmed = False
        self.exporting = False
        self._height = card_height(max(slots, outputs))
        self.setPen(_NO_PEN)  # the bounding rectangle is the rectangle itself
        self._set_bounds()
        self.setFlags(_FLAGS)
        self.setCacheMode(_CACHE)
        self.setZValue(1.0)

    # ---- what it shows -------------------------------------------------------------------
    @property
    def look(self) -> NodeLook:
        """Everything the card shows, made by the scene the first time it is needed."""
        if self._look is None:
            scene = self.scene()
            self._look = (scene.look_for(self) if scene is not None
                          else NodeLook(slots=self._slots, has_output=self._has_output))
        return self._look

    @property
    def slots(self) -> int:
        """How many input slots the card has (without making its look)."""
        return self._slots

    def set_look(self, look: NodeLook) -> None:
        if look == self._look:
            return
        structure = (look.slots, look.has_output, len(look.outputs), bool(look.slot_names)) != (
            self._slots, self._has_output, self._outputs, self._named_slots)
        self._look = look
        self._slots, self._has_output = look.slots, look.has_output
        self._outputs, self._named_slots = len(look.outputs), bool(look.slot_names)
        if structure:
            self._height = card_height(max(look.slots, self._outputs))
            self._set_bounds()
            for edge in self.edges:
                edge.rebuild()
        self.update()

    def _set_bounds(self) -> None:
        """The card, its ports, and room for port names drawn outside it."""
        left = _PORT_MARGIN + (_NAME_ROOM if self._named_slots else 0)
        right = _PORT_MARGIN + (_NAME_ROOM if self._outputs > 1 else 0)
        self.setRect(-left, -3, style.NODE_WIDTH + left + right, self._height + 6)

    def set_dimmed(self, slots: frozenset[int], output: bool = False) -> None:
        if slots != self.dimmed_slots or output != self.output_dimmed:
            self.dimmed_slots = slots
            self.output_dimmed = output
            self.update()

    def toolTip(self) -> str:  # noqa: N802 (Qt's name)
        """The card's tooltip, from its look: the scene shows it (see CanvasScene.helpEvent);
        not given to Qt with setToolTip, which cost two itemChange calls per card."""
        return self.look.tooltip

    @property
    def height(self) -> float:
        return self._height

    # ---- geometry ------------------------------------------------------------------------
    def card_rect(self) -> QRectF:
        return QRectF(0, 0, style.NODE_WIDTH, self._height)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self.card_rect(), style.CORNER, style.CORNER)
        return path

    def in_port_y(self, slot: int) -> float:
        """Local y of an input slot (its x is 0)."""
        if self._slots <= 1:
            return style.HEADER_HEIGHT + (self._height - style.HEADER_HEIGHT) / 2
        return style.HEADER_HEIGHT + 5 + style.SLOT_SPACING * (slot + 0.5)

    def out_port_y(self, port: int = 0) -> float:
        """Local y of an output port (its x is the card's width)."""
        if self._outputs <= 1:
            return style.HEADER_HEIGHT + (self._height - style.HEADER_HEIGHT) / 2
        return style.HEADER_HEIGHT + 5 + style.SLOT_SPACING * (port + 0.5)

    def in_port_pos(self, slot: int) -> QPointF:
        """Local position of an input slot."""
        return QPointF(0.0, self.in_port_y(slot))

    def out_port_pos(self, port: int = 0) -> QPointF:
        return QPointF(style.NODE_WIDTH, self.out_port_y(port))

    def badge_rect(self) -> QRectF:
        """Where the fix-it badge is drawn (local), when the node offers a fix."""
        return QRectF(style.NODE_WIDTH - style.BADGE_WIDTH - 6,
                      (style.HEADER_HEIGHT - style.BADGE_HEIGHT) / 2,
                      style.BADGE_WIDTH, style.BADGE_HEIGHT)

    def port_at(self, local: QPointF) -> tuple[str, int] | None:
        """("in", slot) or ("out", port) when `local` is on a port."""
        reach = style.PORT_HIT_RADIUS
        for port in range(self._outputs if self._has_output else 0):
            delta = local - self.out_port_pos(port)
            if abs(delta.x()) <= reach and abs(delta.y()) <= reach:
                return "out", port
        for slot in range(self._slots):
            delta = local - self.in_port_pos(slot)
            if abs(delta.x()) <= reach and abs(delta.y()) <= style.SLOT_SPACING / 2:
                return "in", slot
        return None

    # ---- dragging ------------------------------------------------------------------------
    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Qt moves every selected card (or this one); then each moved card snaps to the grid
        while the view asks for it, and each wire of a moved card is redrawn once."""
        scene = self.scene()
        moving = [item for item in scene.selectedItems() if isinstance(item, NodeItem)] \
            if scene is not None and self.isSelected() else [self]
        before = [item.pos() for item in moving]
        super().mouseMoveEvent(event)
        snapping = scene is not None and scene.snapping_move
        grid = style.GRID
        stale = {}
        for item, old in zip(moving, before, strict=True):
            position = item.pos()
            if snapping:
                snapped = QPointF(round(position.x() / grid) * grid,
                                  round(position.y() / grid) * grid)
                if snapped != position:
                    item.setPos(snapped)
                    position = snapped
            if position != old:
                for edge in item.edges:
                    stale[id(edge)] = edge
        for edge in stale.values():
            edge.rebuild()

    # ---- painting ------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        look = self.look
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        rect = self.card_rect()
        selected = self.isSelected() and not self.exporting
        if lod < style.FAR_LOD and not self.exporting:
            self._paint_far(painter, rect, selected)
            return
        accent = style.group_colour(look.group)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)

        outline = QPen(style.border_colour(), 1.0)
        if look.severity == "error":
            outline = QPen(style.ERROR_COLOUR, 2.2)
        elif look.severity == "warning":
            outline = QPen(style.WARNING_COLOUR, 2.0)
        if selected:
            outline = QPen(style.highlight_colour(), 2.6)
        card = QPainterPath()
        card.addRoundedRect(rect, style.CORNER, style.CORNER)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.card_colour())
        painter.drawPath(card)
        header = QPainterPath()
        header.addRect(QRectF(0, 0, rect.width(), style.HEADER_HEIGHT))
        painter.setBrush(style.header_colour(look.group))
        painter.drawPath(card.intersected(header))
        painter.setBrush(accent)
        painter.drawPath(card.intersected(_strip()))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(outline)
        painter.drawPath(card)

        if lod >= style.DETAIL_LOD:
            self._paint_text(painter, rect)
            if look.fixes and not self.exporting:
                self._paint_badge(painter)
        self._paint_ports(painter, accent, lod)

    def _paint_far(self, painter: QPainter, rect: QRectF, selected: bool) -> None:
        """Zoomed far out (a whole 5,000-node graph in view) a card is a few pixels wide: a
        plain block in its group's colour, outlined by its state, looks the same and draws
        many times faster than the rounded card with its ports."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        outline = style.border_colour()
        if selected:
            outline = style.highlight_colour()
        elif self.look.severity == "error":
            outline = style.ERROR_COLOUR
        elif self.look.severity == "warning":
            outline = style.WARNING_COLOUR
        painter.setPen(QPen(outline, 0))
        painter.setBrush(style.header_colour(self.look.group))
        painter.drawRect(rect)

    def _paint_text(self, painter: QPainter, rect: QRectF) -> None:
        look = self.look
        left = 12.0
        right_limit = rect.width() - 10
        if look.fixes and not self.exporting:
            right_limit = self.badge_rect().left() - 4
        title_font = style.font(0, bold=True)
        painter.setFont(title_font)
        painter.setPen(style.text_colour())
        metrics = QFontMetricsF(title_font)
        title = fitted_title(look.title, metrics, right_limit - left)
        painter.drawText(QRectF(left, 0, right_limit - left, style.HEADER_HEIGHT),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, title)

        slot_margin = 14.0 if look.slots > 1 else 0.0
        text_left = left + slot_margin
        width = rect.width() - text_left - 12
        body_top = style.HEADER_HEIGHT + 4
        name_font = style.font(0)
        painter.setFont(name_font)
        name = QFontMetricsF(name_font).elidedText(look.name, Qt.TextElideMode.ElideMiddle, width)
        painter.drawText(QRectF(text_left, body_top, width, style.LINE_HEIGHT),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)
        small = style.font(-1)
        painter.setFont(small)
        painter.setPen(style.muted_text_colour())
        metrics = QFontMetricsF(small)
        for row, text in enumerate((look.shape, look.params or look.preprocessing), start=1):
            if text:
                if text is look.preprocessing:
                    painter.setPen(style.highlight_colour())
                line = QRectF(text_left, body_top + row * style.LINE_HEIGHT, width,
                              style.LINE_HEIGHT)
                painter.drawText(line, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                                 metrics.elidedText(text, Qt.TextElideMode.ElideRight, width))

    def _paint_badge(self, painter: QPainter) -> None:
        badge = self.badge_rect()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.FIX_COLOUR)
        painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
        painter.setPen(QColor(255, 255, 255))
        painter.setFont(style.font(-1.5, bold=True))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "fix")

    def _paint_ports(self, painter: QPainter, accent: QColor, lod: float) -> None:
        look = self.look
        radius = style.PORT_RADIUS
        card = style.card_colour()
        show_numbers = look.slots > 1 and lod >= style.DETAIL_LOD
        if show_numbers:
            painter.setFont(style.font(-2))
        for slot in range(look.slots):
            centre = self.in_port_pos(slot)
            dimmed = slot in self.dimmed_slots and not self.exporting
            colour = QColor(accent)
            if dimmed:
                colour.setAlphaF(0.22)
            painter.setPen(QPen(colour, 1.6))
            painter.setBrush(QBrush(colour) if slot in look.filled else QBrush(card))
            painter.drawEllipse(centre, radius, radius)
            if show_numbers and slot < len(look.slot_names):  # a name, outside, above its wire
                painter.setPen(style.muted_text_colour())
                painter.drawText(QRectF(centre.x() - 64, centre.y() - radius - 12, 60, 12),
                                 Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignRight,
                                 look.slot_names[slot])
            elif show_numbers:
                painter.setPen(style.muted_text_colour())
                painter.drawText(QRectF(centre.x() + radius + 1, centre.y() - 8, 14, 16),
                                 Qt.AlignmentFlag.AlignCenter, str(slot))
        if not look.has_output:
            return
        named = len(look.outputs) > 1 and lod >= style.DETAIL_LOD
        if named:
            painter.setFont(style.font(-2))
        for port, port_name in enumerate(look.outputs):
            colour = QColor(accent)
            if self.output_dimmed and not self.exporting:
                colour.setAlphaF(0.22)
            centre = self.out_port_pos(port)
            painter.setPen(QPen(colour, 1.6))
            painter.setBrush(colour)
            painter.drawEllipse(centre, radius, radius)
            if named:  # outside the card, above its wire
                painter.setPen(style.muted_text_colour())
                painter.drawText(QRectF(centre.x() + 4, centre.y() - radius - 12, 64, 12),
                                 Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft,
                                 port_name)


def card_height(slots: int) -> float:
    """A card's height: the header and three lines, or more for many input slots."""
    return max(style.HEADER_HEIGHT + style.BODY_HEIGHT,
               style.HEADER_HEIGHT + 10 + slots * style.SLOT_SPACING)


def _strip() -> QPainterPath:
    path = QPainterPath()
    path.addRect(QRectF(0, 0, 4, 10_000))
    return path


def fitted_title(title: str, metrics: QFontMetricsF, width: float) -> str:
    """The card's title in `width`: trailing " · " parts (the loss of an Output, say) are
    left out whole before any word is cut, so "Output · 10 · softmax" stays readable."""
    parts = title.split(TITLE_SEPARATOR)
    while len(parts) > 1 and metrics.horizontalAdvance(TITLE_SEPARATOR.join(parts)) > width:
        parts.pop()
    return metrics.elidedText(TITLE_SEPARATOR.join(parts), Qt.TextElideMode.ElideRight, width)


TITLE_SEPARATOR = " · "

"""The canvas widget: shows the document's network and turns mouse and keyboard input into
document edits (wiring, moving, deleting, pasting, fix-its). It never changes items itself;
the scene redraws from the graph's change events."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QFontInfo, QPainter
from PySide6.QtWidgets import QGraphicsView

from engine.catalogue import get_kind
from gui.canvas import export, style
from gui.canvas.clipboard import copy_fragment, read_fragment
from gui.canvas.edge_item import EdgeItem
from gui.canvas.grid import draw_grid
from gui.canvas.menus import build_context_menu
from gui.canvas.node_item import NodeItem
from gui.canvas.scene import CanvasScene
from gui.canvas.wiring import WireDrag
from gui.document import Document
from gui.mime import NODE_KIND_MIME

MIN_SCALE = 0.08
MAX_SCALE = 4.0
READABLE_PX = 10  # a fitted project's card titles are at least this high on screen
DRAG_THRESHOLD = 4  # view pixels a press must travel before it counts as a drag


class CanvasView(QGraphicsView):
    selection_changed = Signal(list)  # ids of the selected nodes
    status_message = Signal(str)  # e.g. why a connection was refused

    def __init__(self, document: Document, parent=None):
        super().__init__(parent)
        self.document = document
        self.canvas = CanvasScene(document, self)
        self.setScene(self.canvas)
        self.snap_to_grid = True
        self._wire: WireDrag | None = None
        self._press_view_pos = QPoint()
        self._pan_from: QPoint | None = None
        self._space_held = False
        self._moving: list[str] = []
        self._pastes: dict[bytes, int] = {}
        self._quiet_selection = False
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        # the grid is drawn once per view change, not again under every moved node
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.setMinimumSize(320, 240)
        self.canvas.selectionChanged.connect(self._on_selection)
        document.project_replaced.connect(self._on_project_replaced)

    # ---- queries -------------------------------------------------------------------------
    def node_item(self, node_id: str) -> NodeItem | None:
        return self.canvas.nodes.get(node_id)

    def port_scene_pos(self, node_id: str, kind: str = "out", slot: int = 0) -> QPointF:
        item = self.canvas.nodes[node_id]
        local = item.out_port_pos(slot) if kind == "out" else item.in_port_pos(slot)
        return item.mapToScene(local)

    def selected_node_ids(self) -> list[str]:
        order = {n.id: i for i, n in enumerate(self.document.graph.nodes)}
        ids = [i.node_id for i in self.canvas.selectedItems() if isinstance(i, NodeItem)]
        return sorted(ids, key=lambda n: order.get(n, 0))

    def selected_edges(self) -> list:
        return [i.edge for i in self.canvas.selectedItems() if isinstance(i, EdgeItem)]

    def zoom(self) -> float:
        return self.transform().m11()

    # ---- selection -----------------------------------------------------------------------
    def select_nodes(self, ids) -> None:
        self._quiet_selection = True
        try:
            self.canvas.clearSelection()
            for node_id in ids:
                item = self.canvas.nodes.get(node_id)
                if item is not None:
                    item.setSelected(True)
        finally:
            self._quiet_selection = False
        self._on_selection()

    def select_all(self) -> None:
        self.select_nodes(list(self.canvas.nodes))

    @Slot()
    def _on_selection(self) -> None:
        if not self._quiet_selection:
            self.selection_changed.emit(self.selected_node_ids())

    @Slot()
    def _on_project_replaced(self) -> None:
        self._cancel_wire()
        self._pastes.clear()
        self.fit_readable()

    def readable_zoom(self) -> float:
        """The least zoom at which the cards' titles are READABLE_PX pixels high."""
        return READABLE_PX / max(1, QFontInfo(style.font(0, bold=True)).pixelSize())

    def fit_readable(self) -> None:
        """Fits the diagram, but never so small that its text cannot be read: a larger
        network is shown from its inputs (its left side), the rest a scroll away."""
        if not self.canvas.nodes:
            self.fit_all()
            return
        diagram = export.diagram_rect(self.canvas)  # measured once for both steps
        self._fit(diagram)
        least = self.readable_zoom()
        if self.zoom() >= least:
            return
        self.resetTransform()
        self.scale(least, least)
        half_width = self.viewport().width() / least / 2
        self.centerOn(diagram.left() + half_width, diagram.center().y())

    # ---- framing -------------------------------------------------------------------------
    def center_on_node(self, node_id: str) -> None:
        item = self.canvas.nodes.get(node_id)
        if item is not None:
            self.centerOn(item.sceneBoundingRect().center())

    def fit_all(self) -> None:
        if not self.canvas.nodes:
            self.resetTransform()
            self.centerOn(0, 0)
            return
        self._fit(export.diagram_rect(self.canvas))

    def _fit(self, diagram: QRectF) -> None:
        self.fitInView(diagram, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.25:
            centre = self.mapToScene(self.viewport().rect().center())
            self.resetTransform()
            self.scale(1.25, 1.25)
            self.centerOn(centre)

    def zoom_by(self, factor: float, view_pos: QPointF | None = None) -> None:
        """Zooms keeping the scene point under `view_pos` (default: the centre) in place."""
        if view_pos is None:
            view_pos = QPointF(self.viewport().rect().center())
        anchor = view_pos.toPoint()
        before = self.mapToScene(anchor)
        target = min(MAX_SCALE, max(MIN_SCALE, self.zoom() * factor))
        factor = target / self.zoom()
        self.scale(factor, factor)
        delta = self.mapToScene(anchor) - before
        self.translate(delta.x(), delta.y())

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.15 ** steps, event.position())
        event.accept()

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            # light or dark switched: the cached grid and cards hold the old colours
            self.resetCachedContent()
            for item in self.canvas.items():
                item.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        # zoomed far out, the scene's FarLayer draws every wire and card in a few calls
        self.canvas.show_far(self.zoom())
        super().paintEvent(event)

    def drawBackground(self, painter: QPainter, rect) -> None:
        draw_grid(painter, rect, self.zoom())

    # ---- edits ---------------------------------------------------------------------------
    def _snapped(self, x: float, y: float) -> tuple[float, float]:
        if not self.snap_to_grid:
            return x, y
        return round(x / style.GRID) * style.GRID, round(y / style.GRID) * style.GRID

    def set_snap_to_grid(self, on: bool) -> None:
        self.snap_to_grid = bool(on)

    def add_node_at(self, type_name: str, scene_pos: QPointF) -> str:
        """Adds a node centred on `scene_pos`; returns its id."""
        height = style.HEADER_HEIGHT + style.BODY_HEIGHT
        position = self._snapped(scene_pos.x() - style.NODE_WIDTH / 2, scene_pos.y() - height / 2)
        kind = get_kind(type_name)
        params = dict(kind.starting_params) if kind is not None else None
        node_id = self.document.add_node(type_name, position, params)
        self.select_nodes([node_id])
        return node_id

    def add_node_at_center(self, type_name: str) -> str:
        """Adds a node in the middle of the view, or below it where a card already sits."""
        centre = self.mapToScene(self.viewport().rect().center())
        height = style.HEADER_HEIGHT + style.BODY_HEIGHT
        cards = [item.sceneBoundingRect() for item in self.canvas.nodes.values()]
        for _ in range(len(cards) + 1):
            spot = QRectF(centre.x() - style.NODE_WIDTH / 2, centre.y() - height / 2,
                          style.NODE_WIDTH, height)
            spot.adjust(-style.GRID, -style.GRID, style.GRID, style.GRID)  # snapping moves it
            if not any(spot.intersects(card) for card in cards):
                break
            centre += QPointF(0, height + style.GRID)
        return self.add_node_at(type_name, centre)

    def delete_selection(self) -> None:
        nodes = self.selected_node_ids()
        gone = set(nodes)
        edges = [e for e in self.selected_edges() if e.source not in gone and e.target not in gone]
        if not nodes and not edges:
            return
        stack = self.document.undo_stack
        both = bool(nodes and edges)
        if both:
            stack.beginMacro("Delete selection")
        try:
            self.document.remove_edges(edges)
            self.document.remove_nodes(nodes)
        finally:
            if both:
                stack.endMacro()

    def copy_selection(self) -> None:
        ids = self.selected_node_ids()
        if ids:
            copy_fragment(self.document.fragment(ids))
            self.status_message.emit(f"Copied {len(ids)} node{'s' if len(ids) > 1 else ''}")

    def paste(self) -> list[str]:
        fragment, raw, error = read_fragment()
        if error:
            self.status_message.emit(error)
            return []
        count = self._pastes.get(raw, 0) + 1
        self._pastes = {raw: count}
        step = 2 * style.GRID * count
        new_ids = self.document.paste(fragment, offset=(step, step))
        self.select_nodes(new_ids)
        return new_ids

    def duplicate_selection(self) -> list[str]:
        ids = self.selected_node_ids()
        if not ids:
            return []
        new_ids = self.document.duplicate(ids)
        self.select_nodes(new_ids)
        return new_ids

    def apply_first_fix(self, node_id: str) -> bool:
        problems = self.canvas.fixable_problems(node_id)
        if not problems:
            return False
        text = self.document.fix_text(problems[0])
        done = self.document.apply_fix(problems[0])
        if done:
            self.status_message.emit(f"Applied: {text}")
        return done

    def export_png(self, path) -> None:
        export.export_png(self.canvas, path)

    def export_svg(self, path) -> None:
        export.export_svg(self.canvas, path, self.document.name or "Dendrite network")

    # ---- mouse ---------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        view_pos = event.position().toPoint()
        scene_pos = self.mapToScene(view_pos)
        self._press_view_pos = view_pos
        button = event.button()
        if button == Qt.MouseButton.MiddleButton or (
                button == Qt.MouseButton.LeftButton and self._space_held):
            self._pan_from = view_pos
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        if button == Qt.MouseButton.LeftButton and self._start_wire(scene_pos):
            event.accept()
            return
        if button == Qt.MouseButton.LeftButton:
            item = self.canvas.node_at(scene_pos)
            if item is not None and item.look.fixes and item.badge_rect().contains(
                    item.mapFromScene(scene_pos)):
                self.apply_first_fix(item.node_id)
                event.accept()
                return
            self.canvas.snapping_move = self.snap_to_grid
        super().mousePressEvent(event)
        if button == Qt.MouseButton.LeftButton:
            self._moving = self.selected_node_ids()

    def _start_wire(self, scene_pos: QPointF) -> bool:
        port = self.canvas.port_at(scene_pos)
        if port is None:
            return False
        node_id, kind, slot = port
        if kind == "out":
            self._wire = WireDrag(self.canvas, node_id, source_port=slot)
            return True
        for edge in self.document.graph.inputs_of(node_id):
            if edge.target_port == slot:
                self._wire = WireDrag(self.canvas, edge.source, detached=edge)
                return True
        return False

    def mouseMoveEvent(self, event) -> None:
        view_pos = event.position().toPoint()
        if self._pan_from is not None:
            delta = view_pos - self._pan_from
            self._pan_from = view_pos
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        if self._wire is not None:
            self._wire.move_to(self.mapToScene(view_pos))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        view_pos = event.position().toPoint()
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        if self._wire is not None:
            wire, self._wire = self._wire, None
            if (view_pos - self._press_view_pos).manhattanLength() < DRAG_THRESHOLD:
                wire.cancel()
            else:
                reason = wire.finish(self.mapToScene(view_pos))
                if reason:
                    self.status_message.emit(f"Not connected: {reason}")
            event.accept()
            return
        super().mouseReleaseEvent(event)
        event.accept()  # a release ending a rubber band is handled, though no item took it
        self.canvas.snapping_move = False
        if event.button() == Qt.MouseButton.LeftButton and self._moving:
            self._commit_moves()

    def _commit_moves(self) -> None:
        graph = self.document.graph
        moves = {}
        for node_id in self._moving:
            item = self.canvas.nodes.get(node_id)
            if item is None or not graph.has_node(node_id):
                continue
            new = (item.pos().x(), item.pos().y())
            old = graph.node(node_id).position
            if new != old:
                moves[node_id] = (old, new)
        self._moving = []
        if moves:
            self.document.move_nodes(moves)

    def _cancel_wire(self) -> None:
        if self._wire is not None:
            self._wire.cancel()
            self._wire = None

    def contextMenuEvent(self, event) -> None:
        menu = build_context_menu(self, self.mapToScene(event.pos()))
        menu.exec(event.globalPos())

    # ---- keyboard ------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selection()
        elif key == Qt.Key.Key_F and not ctrl:
            self.fit_all()
        elif key == Qt.Key.Key_Escape:
            self._cancel_wire()
            self.canvas.clearSelection()
        elif ctrl and key == Qt.Key.Key_A:
            self.select_all()
        elif ctrl and key == Qt.Key.Key_C:
            self.copy_selection()
        elif ctrl and key == Qt.Key.Key_V:
            self.paste()
        elif ctrl and key == Qt.Key.Key_D:
            self.duplicate_selection()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = False
            if self._pan_from is None:
                self.viewport().unsetCursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    # ---- drops from the palette ----------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(NODE_KIND_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasFormat(NODE_KIND_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        data = event.mimeData()
        if not data.hasFormat(NODE_KIND_MIME):
            event.ignore()
            return
        type_name = bytes(data.data(NODE_KIND_MIME)).decode("utf-8", "replace").strip()
        if get_kind(type_name) is None:
            self.status_message.emit(f"Cannot add {type_name!r}: there is no such node kind")
            event.ignore()
            return
        self.add_node_at(type_name, self.mapToScene(event.position().toPoint()))
        event.acceptProposedAction()
        self.setFocus()

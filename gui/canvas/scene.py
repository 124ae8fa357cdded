"""The scene follows the document: items are made, changed and removed only in answer to the
graph's change events (and refreshed from each new analysis), so undo and redo need no
canvas code. An edit touches only the items it concerns."""

from __future__ import annotations

import html

from PySide6.QtCore import QPointF, QRectF, QTimer, Slot
from PySide6.QtWidgets import QGraphicsScene, QToolTip

from engine.catalogue import show_shape
from engine.export.input_preprocessing import project_input_preprocessing
from engine.graph import Edge, GraphEvent
from engine.graph_events import (
    EdgeAdded,
    EdgeRemoved,
    GraphCleared,
    NodeAdded,
    NodeMoved,
    NodeRemoved,
    NodeRenamed,
    ParamChanged,
)
from gui.canvas import style
from gui.canvas.edge_item import EdgeItem
from gui.canvas.node_item import NodeItem, NodeLook
from gui.document import Document

SCENE_EXTENT = 200_000.0


class CanvasScene(QGraphicsScene):
    def __init__(self, document: Document, parent=None):
        super().__init__(parent)
        self.document = document
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[Edge, EdgeItem] = {}
        self.snapping_move = False  # True while the user drags nodes with snapping on
        self._shown_analysis = None  # the analysis the cards show
        self._stages: dict = {}  # each Input's preprocessing in exports (engine's words)
        self._stale_wires: set[EdgeItem] = set()  # wires of moved cards, redrawn once
        self.setSceneRect(QRectF(-SCENE_EXTENT / 2, -SCENE_EXTENT / 2,
                                 SCENE_EXTENT, SCENE_EXTENT))
        document.graph_event.connect(self._on_graph_event)
        document.graph_edited.connect(self._redraw_stale_wires)
        document.project_replaced.connect(self.rebuild)
        document.analysis_changed.connect(self._on_analysis)
        self.rebuild()

    def detach(self) -> None:
        """Stops following the document (a scene that is going away)."""
        self.document.graph_event.disconnect(self._on_graph_event)
        self.document.graph_edited.disconnect(self._redraw_stale_wires)
        self.document.project_replaced.disconnect(self.rebuild)
        self.document.analysis_changed.disconnect(self._on_analysis)

    # ---- building ------------------------------------------------------------------------
    @Slot()
    def rebuild(self) -> None:
        self.clear()
        self.nodes.clear()
        self.edges.clear()
        self._stale_wires.clear()
        graph = self.document.graph
        # cards get their looks from the analysis first, then the wires are drawn to their
        # final ports: each card and wire is built once (opening 5,000 nodes built them twice)
        for node in graph.nodes:
            self._add_node(node.id, with_look=False)
        self._shown_analysis = None
        self._on_analysis(self.document.analysis())
        for edge in graph.edges:
            self._add_edge(edge)

    def _add_node(self, node_id: str, with_look: bool = True) -> None:
        item = NodeItem(node_id)
        self.nodes[node_id] = item
        if with_look:
            item.set_look(self._look(node_id, None))
        item.setPos(*self.document.graph.node(node_id).position)
        self.addItem(item)

    def _add_edge(self, edge: Edge) -> None:
        source, target = self.nodes.get(edge.source), self.nodes.get(edge.target)
        if source is None or target is None or edge in self.edges:
            return
        item = EdgeItem(edge, source, target)
        source.edges.append(item)
        if target is not source:
            target.edges.append(item)
        self.edges[edge] = item
        self.addItem(item)

    def _remove_edge(self, edge: Edge) -> None:
        item = self.edges.pop(edge, None)
        if item is None:
            return
        for end in (item.source_item, item.target_item):
            if item in end.edges:
                end.edges.remove(item)
        self.removeItem(item)

    # ---- following the graph -------------------------------------------------------------
    @Slot(object)
    def _on_graph_event(self, event: GraphEvent) -> None:
        if isinstance(event, NodeMoved):
            item = self.nodes.get(event.node_id)
            if item is not None:
                x, y = event.new
                if item.pos() != QPointF(x, y):
                    self._move_card(item, x, y)
        elif isinstance(event, NodeAdded):
            self._add_node(event.node_id)
        elif isinstance(event, NodeRemoved):
            item = self.nodes.pop(event.node_id, None)
            if item is not None:
                for edge in list(item.edges):
                    self._remove_edge(edge.edge)
                self.removeItem(item)
        elif isinstance(event, EdgeAdded):
            self._add_edge(event.edge)
            self._refresh_node(event.edge.target)
        elif isinstance(event, EdgeRemoved):
            self._remove_edge(event.edge)
            self._refresh_node(event.edge.target)
        elif isinstance(event, ParamChanged | NodeRenamed):
            self._refresh_node(event.node_id)
        elif isinstance(event, GraphCleared):
            self.rebuild()

    def _move_card(self, item: NodeItem, x: float, y: float) -> None:
        """Moves a card; its wires are redrawn when the edit ends, each once (auto-layout
        moves both ends of most wires), or by the event loop's next turn for a change made
        outside an edit."""
        if not self._stale_wires:
            QTimer.singleShot(0, self, self._redraw_stale_wires)
        item.edges_follow = False
        try:
            item.setPos(x, y)
        finally:
            item.edges_follow = True
        self._stale_wires.update(item.edges)

    @Slot()
    def _redraw_stale_wires(self, _edit=None) -> None:
        stale, self._stale_wires = self._stale_wires, set()
        for wire in stale:
            if self.edges.get(wire.edge) is wire:  # still on the canvas
                wire.rebuild()

    def _refresh_node(self, node_id: str) -> None:
        item = self.nodes.get(node_id)
        if item is not None and self.document.graph.has_node(node_id):
            item.look_key = None  # the next analysis rebuilds this card in full
            item.set_look(self._look(node_id, None, keep=item.look))

    @Slot(object)
    def _on_analysis(self, analysis) -> None:
        if analysis is self._shown_analysis:
            return  # a new project: rebuild has shown this very analysis
        self._shown_analysis = analysis
        by_node: dict[str, list] = {}
        for problem in analysis.problems:
            for node_id in (problem.node_id, *problem.also):
                if node_id is not None:
                    by_node.setdefault(node_id, []).append(problem)
        graph = self.document.graph
        self._stages = project_input_preprocessing(self.document.project)
        for node_id, item in self.nodes.items():
            problems = by_node.get(node_id, [])
            node = graph.node(node_id)
            # what the card depends on; unchanged for most nodes after an edit, and much
            # cheaper to compare than the look is to build
            key = (node.name, repr(node.params),
                   tuple(e.target_port for e in graph.inputs_of(node_id)),
                   analysis.inferred.get(node_id),
                   tuple((p.severity, p.message, p.code) for p in problems),
                   self._stages.get(node_id))
            if item.look_key == key:
                continue
            item.look_key = key
            item.set_look(self._look(node_id, analysis, problems))

    def _look(self, node_id: str, analysis, problems=(), keep: NodeLook | None = None):
        """What the card shows. Without an analysis (in the middle of an edit), the shape,
        count and problems drawn before are kept until the next analysis arrives."""
        graph = self.document.graph
        node = graph.node(node_id)
        kind = node.kind
        label = kind.label(node.params) if kind is not None else ""
        title = f"{node.type} · {label}" if label else node.type
        look = NodeLook(
            title=title, name=node.name, group=kind.group if kind else "",
            slots=graph.slot_count(node_id),
            filled=frozenset(e.target_port for e in graph.inputs_of(node_id)),
            has_output=kind is None or kind.has_output)
        if kind is not None and kind.max_inputs == 0:
            look.slots = 0
        if analysis is None:
            if keep is not None:
                look.shape, look.params, look.severity = keep.shape, keep.params, keep.severity
                look.tooltip, look.fixes = keep.tooltip, keep.fixes
            return look
        inferred = analysis.inferred.get(node_id)
        if inferred is not None:
            look.shape = show_shape(inferred.shape)
            look.params = f"{inferred.params:,} params" if inferred.params else ""
        else:
            look.shape = "shape unknown"
        if any(p.is_error for p in problems):
            look.severity = "error"
        elif problems:
            look.severity = "warning"
        look.fixes = tuple(t for t in (self.document.fix_text(p) for p in problems) if t)
        look.tooltip = self._tooltip(node, label, problems)
        stage = self._stages.get(node_id)
        if stage is not None:
            look.preprocessing = stage.label
            look.tooltip += f"<br/>{html.escape(stage.detail)}"
        return look

    def _tooltip(self, node, label: str, problems) -> str:
        lines = [f"<b>{html.escape(node.name)}</b>: {html.escape(node.type)}"
                 + (f" · {html.escape(label)}" if label else "")]
        for problem in problems:
            colour = "#dc2626" if problem.is_error else "#b7791f"
            line = (f"<span style='color:{colour}'>{problem.severity}:</span> "
                    f"{html.escape(problem.message)}")
            fix = self.document.fix_text(problem)
            if fix:
                line += f"<br/><i>fix: {fix} (click the badge)</i>"
            lines.append(line)
        return "<br/>".join(lines)

    # ---- queries for the view ------------------------------------------------------------
    def fixable_problems(self, node_id: str) -> list:
        return [p for p in self.document.analysis().for_node(node_id)
                if self.document.fix_text(p)]

    def edge_text(self, edge: Edge) -> str:
        shape = self.document.analysis().shape(edge.source)
        return show_shape(shape) if shape is not None else "shape unknown"

    def port_at(self, scene_pos: QPointF):
        """(node_id, "in"|"out", slot) for a port under `scene_pos`, else None."""
        reach = style.PORT_HIT_RADIUS
        area = QRectF(scene_pos.x() - reach, scene_pos.y() - reach, 2 * reach, 2 * reach)
        for item in self.items(area):
            if isinstance(item, NodeItem):
                hit = item.port_at(item.mapFromScene(scene_pos))
                if hit is not None:
                    return item.node_id, hit[0], hit[1]
        return None

    def node_at(self, scene_pos: QPointF) -> NodeItem | None:
        for item in self.items(scene_pos):
            if isinstance(item, NodeItem):
                return item
        return None

    def helpEvent(self, event) -> None:
        for item in self.items(event.scenePos()):
            if isinstance(item, NodeItem):
                break
            if isinstance(item, EdgeItem):
                source = self.document.graph.node(item.edge.source).name
                target = self.document.graph.node(item.edge.target).name
                QToolTip.showText(event.screenPos(),
                                  f"{source} → {target} (slot {item.edge.target_port}): "
                                  f"{item.label()}", event.widget())
                event.accept()
                return
        super().helpEvent(event)

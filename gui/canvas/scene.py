"""The scene follows the document: items are made, changed and removed only in answer to the
graph's change events (and refreshed from each new analysis), so undo and redo need no
canvas code. An edit touches only the items it concerns."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QTimer, Slot
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QToolTip

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
from engine.shared_layers import layer_params, owner_of
from gui.canvas import style
from gui.canvas.edge_item import FAR_ZOOM, EdgeItem
from gui.canvas.far_layer import FarLayer
from gui.canvas.node_item import NodeItem, NodeLook
from gui.document import Document

SCENE_EXTENT = 200_000.0
_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


class CanvasScene(QGraphicsScene):
    def __init__(self, document: Document, parent=None):
        super().__init__(parent)
        self.document = document
        self.nodes: dict[str, NodeItem] = {}
        self.edges: dict[Edge, EdgeItem] = {}
        self.snapping_move = False  # True while the user drags nodes with snapping on
        self.exporting = False  # True while a picture of the network is drawn
        self._shown_analysis = None  # the analysis the cards show
        self._stages: dict = {}  # each Input's preprocessing in exports (engine's words)
        self._labels: dict[tuple, str] = {}  # card labels by (kind, repr of parameters)
        self._by_node: dict[str, list] = {}  # the shown analysis's problems by node
        self._stale_wires: set[EdgeItem] = set()  # wires of moved cards, redrawn once
        self.setSceneRect(QRectF(-SCENE_EXTENT / 2, -SCENE_EXTENT / 2,
                                 SCENE_EXTENT, SCENE_EXTENT))
        self.far_layer: FarLayer | None = None  # far out, every wire and card in one item
        self.far_wires = False  # the view is zoomed out past FAR_ZOOM: the layer draws wires
        self.far_cards = False  # ... and past style.FAR_LOD: it draws the cards too
        self.hovered_wire: EdgeItem | None = None
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
        self.hovered_wire = None
        self.far_layer = FarLayer(self)
        self.addItem(self.far_layer)
        graph = self.document.graph
        # each card is made with its final look (from the analysis), then each wire is drawn
        # to its final ports: every card and wire is built once
        analysis = self.document.analysis()
        self._shown_analysis = analysis
        self._by_node = self._problems_by_node(analysis)
        self._stages = project_input_preprocessing(self.document.project)
        nodes = self.nodes
        for node in graph.nodes:
            # a card's look is made when it is first drawn or asked for (look_for)
            kind = node.kind
            item = NodeItem(node.id, slots=0 if kind is not None and kind.max_inputs == 0
                            else graph.slot_count(node.id),
                            has_output=kind is None or kind.has_output,
                            outputs=graph.output_count(node.id),
                            named_slots=kind is not None and bool(kind.input_ports))
            if self.far_cards:
                item.setFlag(_NO_CONTENTS)
            item.setPos(*node.position)
            nodes[node.id] = item
            self.addItem(item)
        for edge in graph.edges:
            self._add_edge(edge)

    def _add_node(self, node_id: str) -> None:
        item = NodeItem(node_id, self._look(node_id, None))
        if self.far_cards:
            item.setFlag(_NO_CONTENTS)
        self.nodes[node_id] = item
        item.setPos(*self.document.graph.node(node_id).position)
        self.addItem(item)

    def _add_edge(self, edge: Edge) -> None:
        source, target = self.nodes.get(edge.source), self.nodes.get(edge.target)
        if source is None or target is None or edge in self.edges:
            return
        item = EdgeItem(edge, source, target)
        if self.far_wires:
            item.setFlag(_NO_CONTENTS)
        source.edges.append(item)
        if target is not source:
            target.edges.append(item)
        self.edges[edge] = item
        self.addItem(item)
        EdgeItem.generation += 1

    def _remove_edge(self, edge: Edge) -> None:
        item = self.edges.pop(edge, None)
        if item is None:
            return
        for end in (item.source_item, item.target_item):
            if item in end.edges:
                end.edges.remove(item)
        self.removeItem(item)
        if self.hovered_wire is item:
            self.hovered_wire = None
        EdgeItem.generation += 1

    # ---- zoomed far out ------------------------------------------------------------------
    def show_far(self, zoom: float) -> None:
        """Hands the drawing of wires (below FAR_ZOOM) and cards (below style.FAR_LOD) to the
        FarLayer, or back to the items; a few milliseconds when the view crosses a band."""
        self.set_far(zoom < FAR_ZOOM, zoom < style.FAR_LOD)

    def set_far(self, wires: bool, cards: bool) -> None:
        if wires != self.far_wires:
            self.far_wires = wires
            for wire in self.edges.values():
                wire.setFlag(_NO_CONTENTS, wires)
            self.far_layer.update()
        if cards != self.far_cards:
            self.far_cards = cards
            for card in self.nodes.values():
                card.setFlag(_NO_CONTENTS, cards)
            self.far_layer.update()

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
        item.setPos(x, y)
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
            keep = item.look  # (made first if it was not: that sets a key)
            item.look_key = None  # the next analysis rebuilds this card in full
            item.set_look(self._look(node_id, None, keep=keep))

    @Slot(object)
    def _on_analysis(self, analysis) -> None:
        if analysis is self._shown_analysis:
            return  # a new project: rebuild has shown this very analysis
        self._shown_analysis = analysis
        by_node = self._by_node = self._problems_by_node(analysis)
        graph = self.document.graph
        self._stages = project_input_preprocessing(self.document.project)
        for node_id, item in self.nodes.items():
            if item._look is None:
                continue  # not made yet: it will be, from this analysis (look_for)
            key, problems = self._look_key(graph.node(node_id), analysis, by_node)
            if item.look_key == key:
                continue
            item.look_key = key
            item.set_look(self._look(node_id, analysis, problems))

    def look_for(self, item: NodeItem) -> NodeLook:
        """The look of a card made without one, from the analysis shown now."""
        node = self.document.graph.node(item.node_id)
        key, problems = self._look_key(node, self._shown_analysis, self._by_node)
        item.look_key = key
        return self._look(node.id, self._shown_analysis, problems)

    def far_look(self, node_id: str) -> tuple[str, str]:
        """The group and state ("", "warning", "error") of a card whose look is not made:
        all that a card shows when zoomed far out."""
        kind = self.document.graph.node(node_id).kind
        problems = self._by_node.get(node_id, ())
        severity = ("error" if any(p.is_error for p in problems) else "warning") \
            if problems else ""
        return (kind.group if kind is not None else ""), severity

    @staticmethod
    def _problems_by_node(analysis) -> dict[str, list]:
        by_node: dict[str, list] = {}
        for problem in analysis.problems:
            for node_id in (problem.node_id, *problem.also):
                if node_id is not None:
                    by_node.setdefault(node_id, []).append(problem)
        return by_node

    def _look_key(self, node, analysis, by_node) -> tuple[tuple, list]:
        """What a card depends on (unchanged for most nodes after an edit, and much cheaper
        to compare than the look is to build), and the node's problems."""
        node_id = node.id
        problems = by_node.get(node_id, [])
        owner = owner_of(self.document.graph, node)  # a shared call shows its owner's
        shown = node.params if owner is node else (owner.name, owner.params)
        key = (node.name, repr(shown),
               tuple(e.target_port for e in self.document.graph.inputs_of(node_id)),
               analysis.inferred.get(node_id),
               tuple((p.severity, p.message, p.code) for p in problems),
               self._stages.get(node_id))
        return key, problems

    def _look(self, node_id: str, analysis, problems=(), keep: NodeLook | None = None):
        """What the card shows. Without an analysis (in the middle of an edit), the shape,
        count and problems drawn before are kept until the next analysis arrives."""
        graph = self.document.graph
        node = graph.node(node_id)
        kind = node.kind
        label = self._label(node) if kind is not None else ""
        title = f"{node.type} · {label}" if label else node.type
        look = NodeLook(
            title=title, name=node.name, group=kind.group if kind else "",
            slots=graph.slot_count(node_id),
            filled=frozenset(e.target_port for e in graph.inputs_of(node_id)),
            has_output=kind is None or kind.has_output,
            outputs=(kind.port_names(layer_params(graph, node)) if kind is not None
                     else ("output",) * graph.output_count(node_id)),
            slot_names=kind.input_ports if kind is not None else ())
        if kind is not None and kind.max_inputs == 0:
            look.slots = 0
        if analysis is None:
            if keep is not None:
                look.shape, look.params, look.severity = keep.shape, keep.params, keep.severity
                look.tip, look.fixes = keep.tip, keep.fixes
            return look
        inferred = analysis.inferred.get(node_id)
        if inferred is not None:
            look.shape = show_shape(inferred.shape)
            look.params = f"{inferred.params:,} params" if inferred.params else ""
        else:
            look.shape = "shape unknown"
        owner = owner_of(graph, node)
        if owner is not node:  # a shared call: its weights are counted at the owner
            look.params = f"weights of {owner.name}"
        said = ()
        if problems:
            look.severity = "error" if any(p.is_error for p in problems) else "warning"
            fix_text = self.document.fix_text
            said = tuple((p.is_error, p.severity, p.message, fix_text(p) or "")
                         for p in problems)
            look.fixes = tuple(fix for *_, fix in said if fix)
        stage = self._stages.get(node_id)
        if stage is not None:
            look.preprocessing = stage.label
        look.tip = (node.name, node.type, label, said, stage.detail if stage is not None else "")
        return look

    def _label(self, node) -> str:
        """The kind's short label of the node's parameters ("32 · relu"), remembered by kind
        and parameters: the same few labels are asked for again for every card. A shared
        call shows its owner's."""
        owner = owner_of(self.document.graph, node)
        key = (node.type, repr(owner.params))
        label = self._labels.get(key)
        if label is None:
            if len(self._labels) > 10_000:
                self._labels.clear()
            label = self._labels[key] = node.kind.label(owner.params)
        return label

    # ---- queries for the view ------------------------------------------------------------
    def fixable_problems(self, node_id: str) -> list:
        return [p for p in self.document.analysis().for_node(node_id)
                if self.document.fix_text(p)]

    def edge_text(self, edge: Edge) -> str:
        shape = self.document.analysis().shape(edge.source, edge.source_port)
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
                # a card's tooltip lives in its look, not in Qt's item (see NodeItem.toolTip)
                QToolTip.showText(event.screenPos(), item.toolTip(), event.widget())
                event.accept()
                return
            if isinstance(item, EdgeItem):
                source = self.document.graph.node(item.edge.source).name
                target = self.document.graph.node(item.edge.target).name
                QToolTip.showText(event.screenPos(),
                                  f"{source} → {target} (slot {item.edge.target_port}): "
                                  f"{item.label()}", event.widget())
                event.accept()
                return
        super().helpEvent(event)

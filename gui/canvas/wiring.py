"""Dragging a connection: from an output port to an input slot, or from a connected input
slot to detach its wire and drop it elsewhere.

While a wire is dragged, every input slot the graph would refuse (same node, a cycle, a
taken slot) is dimmed. A refused drop changes nothing and reports the graph's reason.
Detaching is one undo step: dropping the wire on empty canvas disconnects it, dropping it on
another slot reconnects it there (disconnect and connect in one "Reconnect" macro), and
dropping it back where it was changes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF

from engine.errors import ConnectionRefused
from engine.graph import Edge
from gui.canvas.edge_item import RubberWire


class WireDrag:
    def __init__(self, scene, source_id: str, detached: Edge | None = None,
                 source_port: int = 0):
        self.scene = scene
        self.document = scene.document
        self.source_id = source_id
        self.detached = detached
        self.source_port = detached.source_port if detached is not None else source_port
        source_item = scene.nodes[source_id]
        self.wire = RubberWire(source_item.mapToScene(
            source_item.out_port_pos(self.source_port)))
        scene.addItem(self.wire)
        if detached is not None:
            scene.edges[detached].hidden_for_drag = True
            scene.edges[detached].update()
        self._dim_refused()

    def _dim_refused(self) -> None:
        """Dims the slots a drop would be refused on, in one pass over the graph."""
        graph = self.document.graph
        upstream = graph.ancestors(self.source_id) | {self.source_id}
        for node_id, item in self.scene.nodes.items():
            kind = graph.node(node_id).kind
            slots = item.slots
            if node_id in upstream or (kind is not None and kind.max_inputs == 0):
                refused = frozenset(range(slots))
            else:
                refused = frozenset(e.target_port for e in graph.inputs_of(node_id)
                                    if e != self.detached)
            item.set_dimmed(refused, output=True)

    def move_to(self, scene_pos: QPointF) -> None:
        self.wire.set_end(scene_pos)

    def finish(self, scene_pos: QPointF) -> str | None:
        """Makes the connection the drop asks for; returns the reason when it is refused."""
        target = self._target(scene_pos)
        try:
            if self.detached is None:
                if target is not None:
                    self.document.connect(self.source_id, target[0], target[1],
                                          self.source_port)
                return None
            return self._finish_detached(target)
        except ConnectionRefused as refused:
            return str(refused)
        finally:
            self.cancel()

    def _finish_detached(self, target) -> str | None:
        edge = self.detached
        if target is None:
            self.document.disconnect(edge)
            return None
        node_id, slot = target
        if node_id == edge.target and slot in (edge.target_port, None):
            return None
        graph = self.document.graph
        graph.check_connect(self.source_id, node_id, slot, self.source_port)  # or says why
        stack = self.document.undo_stack
        stack.beginMacro(f"Reconnect {graph.node(self.source_id).name}")
        try:
            self.document.disconnect(edge)
            self.document.connect(self.source_id, node_id, slot, self.source_port)
        finally:
            stack.endMacro()
        return None

    def _target(self, scene_pos: QPointF):
        """(node_id, slot) under the drop: an input slot, or a card (its first free slot)."""
        port = self.scene.port_at(scene_pos)
        if port is not None:
            node_id, kind, slot = port
            return (node_id, slot) if kind == "in" else None
        item = self.scene.node_at(scene_pos)
        if item is not None and item.node_id != self.source_id:
            return item.node_id, None
        return None

    def cancel(self) -> None:
        if self.wire.scene() is not None:
            self.scene.removeItem(self.wire)
        if self.detached is not None and self.detached in self.scene.edges:
            self.scene.edges[self.detached].hidden_for_drag = False
            self.scene.edges[self.detached].update()
        for item in self.scene.nodes.values():
            item.set_dimmed(frozenset(), output=False)

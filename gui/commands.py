"""Undoable edits. Each command calls the engine graph's API and nothing else; the canvas and
panels follow the graph's change events, so undo and redo need no view code."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtGui import QUndoCommand

from engine.graph import Edge, Graph


class AddNodeCommand(QUndoCommand):
    def __init__(self, graph: Graph, type_name: str, position, params=None, name=None,
                 node_id: str | None = None, extra: dict | None = None):
        super().__init__(f"Add {type_name}")
        self.graph = graph
        self.type_name = type_name
        self.position = position
        self.params = dict(params or {})
        self.extra = dict(extra or {})  # e.g. the layer a shared call calls
        self.node_id = node_id or graph.new_id()
        self.name = name or graph.unique_name(graph_base_name(type_name))

    def redo(self):
        self.graph.add_node(self.type_name, self.params, self.name, self.position, self.node_id,
                            extra=self.extra)

    def undo(self):
        self.graph.remove_node(self.node_id)


def graph_base_name(type_name: str) -> str:
    from engine.catalogue import get_kind

    kind = get_kind(type_name)
    return kind.base_name if kind else "node"


class RemoveNodeCommand(QUndoCommand):
    def __init__(self, graph: Graph, node_id: str):
        super().__init__(f"Delete {graph.node(node_id).name}")
        self.graph = graph
        self.node_id = node_id
        self.saved = None

    def redo(self):
        self.saved = self.graph.remove_node(self.node_id)

    def undo(self):
        node, index, edges = self.saved
        self.graph.add_node(node.type, copy.deepcopy(node.params), node.name, node.position,
                            node.id, index=index, extra=node.extra, allow_unknown=True)
        for position, edge in edges:
            self.graph.add_edge_unchecked(edge, position)


class ConnectCommand(QUndoCommand):
    """Checked when made: the graph raises ConnectionRefused before anything is pushed."""

    def __init__(self, graph: Graph, source: str, target: str, port: int | None = None,
                 source_port: int = 0):
        super().__init__("Connect")
        self.graph = graph
        port = graph.check_connect(source, target, port, source_port)
        self.edge = Edge(source, target, port, source_port)
        self.setText(f"Connect {graph.node(source).name} to {graph.node(target).name}")

    def redo(self):
        self.graph.add_edge_unchecked(self.edge)

    def undo(self):
        self.graph.disconnect(self.edge)


class DisconnectCommand(QUndoCommand):
    def __init__(self, graph: Graph, edge: Edge):
        super().__init__(f"Disconnect {graph.node(edge.source).name} from "
                         f"{graph.node(edge.target).name}")
        self.graph = graph
        self.edge = edge
        self.index = graph.edge_index(edge)

    def redo(self):
        self.index = self.graph.disconnect(self.edge)

    def undo(self):
        self.graph.add_edge_unchecked(self.edge, self.index)


_ABSENT = object()


class SetParamCommand(QUndoCommand):
    def __init__(self, graph: Graph, node_id: str, key: str, value: Any):
        node = graph.node(node_id)
        super().__init__(f"Set {node.name}.{key}")
        self.graph = graph
        self.node_id = node_id
        self.key = key
        self.value = copy.deepcopy(value)
        # the sentinel itself, not a deep copy of it, so that undo can tell "was absent"
        self.old = copy.deepcopy(node.params[key]) if key in node.params else _ABSENT

    def redo(self):
        self.graph.set_param(self.node_id, self.key, copy.deepcopy(self.value))

    def undo(self):
        if self.old is _ABSENT:
            self.graph.unset_param(self.node_id, self.key)
        else:
            self.graph.set_param(self.node_id, self.key, copy.deepcopy(self.old))


class RenameCommand(QUndoCommand):
    def __init__(self, graph: Graph, node_id: str, name: str):
        self.old = graph.node(node_id).name
        super().__init__(f"Rename {self.old} to {name}")
        self.graph = graph
        self.node_id = node_id
        self.name = name

    def redo(self):
        self.graph.rename(self.node_id, self.name)

    def undo(self):
        self.graph.rename(self.node_id, self.old)


class MoveCommand(QUndoCommand):
    """One step per drag: every node moved, from where it was to where it ended."""

    def __init__(self, graph: Graph, moves: dict[str, tuple[tuple, tuple]], text="Move"):
        super().__init__(text)
        self.graph = graph
        self.moves = dict(moves)

    def redo(self):
        for node_id, (_old, new) in self.moves.items():
            self.graph.move(node_id, *new)

    def undo(self):
        for node_id, (old, _new) in self.moves.items():
            self.graph.move(node_id, *old)


class SetSectionCommand(QUndoCommand):
    """Replaces one of the project's sections ("name", "data", "training") with a new value."""

    def __init__(self, project, section: str, value: Any, text: str = ""):
        super().__init__(text or f"Change {section}")
        self.project = project
        self.section = section
        self.value = copy.deepcopy(value)
        self.old = copy.deepcopy(getattr(project, section))

    def redo(self):
        self.project.set_section(self.section, self.value)

    def undo(self):
        self.project.set_section(self.section, self.old)

"""The open project as the GUI sees it: the engine project, its undo stack and its file.

Views read the engine's graph and listen to `graph_event`; they change it only through the
edit methods here, each of which pushes an undoable command. The document is modified
exactly when the undo stack is not clean.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QUndoStack

from engine.catalogue import get_kind
from engine.graph import Edge, GraphEvent
from engine.layout import auto_layout
from engine.losses import usual_loss
from engine.project import Project
from engine.project_io import load_project, save_project
from engine.validation import FIX_INSERT_FLATTEN, FIX_MISSING_LOSS, Analysis, Problem, analyse
from gui.commands import (
    AddNodeCommand,
    ConnectCommand,
    DisconnectCommand,
    MoveCommand,
    RemoveNodeCommand,
    RenameCommand,
    SetParamCommand,
    SetSectionCommand,
)


class Document(QObject):
    graph_event = Signal(object)  # engine GraphEvent, for the canvas
    analysis_changed = Signal(object)  # Analysis after every finished edit, undo or redo
    project_replaced = Signal()  # a new project was opened: views rebuild
    section_changed = Signal(str)  # "name", "data" or "training" changed
    modified_changed = Signal(bool)
    path_changed = Signal(object)

    def __init__(self, project: Project | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.undo_stack.indexChanged.connect(self._after_edit)
        self.project = Project()
        self._analysis: Analysis | None = None
        self.bound_shapes: dict = {}
        self.replace_project(project or Project())

    # ---- state ---------------------------------------------------------------------------
    @property
    def graph(self):
        return self.project.graph

    @property
    def path(self) -> Path | None:
        return self.project.path

    @property
    def name(self) -> str:
        return self.project.name

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    def analysis(self) -> Analysis:
        if self._analysis is None:
            self._analysis = analyse(self.graph, self.bound_shapes)
        return self._analysis

    # ---- files ---------------------------------------------------------------------------
    def replace_project(self, project: Project) -> None:
        """Shows another project; the undo history starts again, clean."""
        self.project.graph.unsubscribe(self._on_graph_event)
        self.project = project
        project.graph.subscribe(self._on_graph_event)
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self._analysis = None
        self.project_replaced.emit()
        self.path_changed.emit(project.path)
        self.modified_changed.emit(False)
        self.analysis_changed.emit(self.analysis())

    def open(self, path) -> None:
        """Raises ProjectLoadError with the reason; the current project stays as it was."""
        self.replace_project(load_project(path))

    def save(self, path=None) -> Path:
        target = Path(path) if path else self.project.path
        if target is None:
            raise ValueError("the project has no file yet: use Save As")
        save_project(self.project, target)
        self.undo_stack.setClean()
        self.path_changed.emit(target)
        return target

    # ---- edits ---------------------------------------------------------------------------
    def add_node(self, type_name: str, position=(0.0, 0.0), params=None, name=None) -> str:
        command = AddNodeCommand(self.graph, type_name, position, params, name)
        self.undo_stack.push(command)
        return command.node_id

    def remove_nodes(self, node_ids) -> None:
        node_ids = [n for n in node_ids if self.graph.has_node(n)]
        if not node_ids:
            return
        with self._macro(f"Delete {len(node_ids)} nodes" if len(node_ids) > 1 else ""):
            for node_id in node_ids:
                self.undo_stack.push(RemoveNodeCommand(self.graph, node_id))

    def connect(self, source: str, target: str, port: int | None = None) -> Edge:
        """Raises the graph's ConnectionRefused (saying why) without changing anything."""
        command = ConnectCommand(self.graph, source, target, port)
        self.undo_stack.push(command)
        return command.edge

    def disconnect(self, edge: Edge) -> None:
        self.undo_stack.push(DisconnectCommand(self.graph, edge))

    def remove_edges(self, edges) -> None:
        edges = [e for e in edges if e in self.graph.edges]
        if edges:
            with self._macro("Delete connections" if len(edges) > 1 else ""):
                for edge in edges:
                    self.disconnect(edge)

    def set_param(self, node_ids, key: str, value) -> None:
        """Sets one parameter on one node or on several nodes of one kind, as one step."""
        if isinstance(node_ids, str):
            node_ids = [node_ids]
        changes = [n for n in node_ids if self.graph.node(n).params.get(key) != value
                   or key not in self.graph.node(n).params]
        if not changes:
            return
        with self._macro(f"Set {key} on {len(changes)} nodes" if len(changes) > 1 else ""):
            for node_id in changes:
                self.undo_stack.push(SetParamCommand(self.graph, node_id, key, value))

    def rename(self, node_id: str, name: str) -> None:
        if self.graph.node(node_id).name != name:
            self.undo_stack.push(RenameCommand(self.graph, node_id, name))

    def move_nodes(self, moves: dict[str, tuple[tuple, tuple]], text: str = "Move") -> None:
        moves = {n: (tuple(o), tuple(p)) for n, (o, p) in moves.items() if tuple(o) != tuple(p)}
        if moves:
            self.undo_stack.push(MoveCommand(self.graph, moves, text))

    def auto_layout(self) -> None:
        new = auto_layout(self.graph)
        moves = {n: (self.graph.node(n).position, pos) for n, pos in new.items()}
        self.move_nodes(moves, "Auto-layout")

    def set_section(self, section: str, value, text: str = "") -> None:
        command = SetSectionCommand(self.project, section, value, text)
        command.on_change = self.section_changed.emit
        self.undo_stack.push(command)

    # ---- clipboard -----------------------------------------------------------------------
    def fragment(self, node_ids) -> dict:
        """Plain data for the clipboard: the nodes and the edges inside the set."""
        chosen = set(node_ids)
        whole = self.graph.to_dict()
        return {"nodes": [n for n in whole["nodes"] if n["id"] in chosen],
                "edges": [e for e in whole["edges"]
                          if e["source"] in chosen and e["target"] in chosen]}

    def paste(self, fragment: dict, offset=(30.0, 30.0), text: str = "Paste") -> list[str]:
        """Adds copies with new ids and unique names; edges inside the set are kept."""
        new_ids: dict[str, str] = {}
        taken: set[str] = set()
        with self._macro(text):
            for item in fragment.get("nodes", []):
                if get_kind(item.get("type", "")) is None:
                    continue
                stem = item.get("name") or get_kind(item["type"]).base_name
                name = self.graph.unique_name(stem, taken)
                taken.add(name)
                x, y = item.get("position", (0, 0))
                command = AddNodeCommand(self.graph, item["type"], (x + offset[0], y + offset[1]),
                                         copy.deepcopy(item.get("params", {})), name)
                self.undo_stack.push(command)
                new_ids[item["id"]] = command.node_id
            for edge in fragment.get("edges", []):
                if edge["source"] in new_ids and edge["target"] in new_ids:
                    self.undo_stack.push(ConnectCommand(
                        self.graph, new_ids[edge["source"]], new_ids[edge["target"]],
                        edge.get("target_port", 0)))
        return list(new_ids.values())

    def duplicate(self, node_ids) -> list[str]:
        return self.paste(self.fragment(node_ids), text="Duplicate")

    # ---- fix-its -------------------------------------------------------------------------
    @staticmethod
    def fix_text(problem: Problem) -> str | None:
        """The label of the fix offered for a problem, or None when there is none."""
        if problem.code == FIX_INSERT_FLATTEN:
            return "Insert Flatten"
        if problem.code == FIX_MISSING_LOSS:
            return "Use the usual loss"
        return None

    def apply_fix(self, problem: Problem) -> bool:
        """Applies the problem's fix as one undoable step; False when there is none."""
        node_id = problem.node_id
        if node_id is None or not self.graph.has_node(node_id):
            return False
        node = self.graph.node(node_id)
        if problem.code == FIX_MISSING_LOSS:
            params = node.kind.resolved(node.params)
            config = params.get("config") if isinstance(params.get("config"), dict) else {}
            activation = params.get("activation") or config.get("activation") or "linear"
            loss = usual_loss(str(activation), params.get("units"))
            with self._macro(f"Fix: {node.name} loss {loss}"):
                self.undo_stack.push(SetParamCommand(self.graph, node_id, "loss", loss))
            return True
        if problem.code == FIX_INSERT_FLATTEN:
            inputs = self.graph.inputs_of(node_id)
            if not inputs:
                return False
            edge = inputs[0]
            src = self.graph.node(edge.source).position
            x, y = node.position
            with self._macro(f"Fix: insert Flatten before {node.name}"):
                self.disconnect(edge)
                command = AddNodeCommand(self.graph, "Flatten",
                                         ((src[0] + x) / 2, (src[1] + y) / 2))
                self.undo_stack.push(command)
                self.undo_stack.push(ConnectCommand(self.graph, edge.source, command.node_id))
                self.undo_stack.push(ConnectCommand(self.graph, command.node_id, node_id,
                                                    edge.target_port))
            return True
        return False

    # ---- plumbing ------------------------------------------------------------------------
    def _macro(self, text: str):
        return _Macro(self.undo_stack, text)

    def _on_graph_event(self, event: GraphEvent) -> None:
        self._analysis = None
        self.graph_event.emit(event)

    @Slot(bool)
    def _on_clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(not clean)

    @Slot(int)
    def _after_edit(self, _index: int) -> None:
        self.analysis_changed.emit(self.analysis())


class _Macro:
    """`with` block that groups commands into one undo step (nothing when text is empty)."""

    def __init__(self, stack: QUndoStack, text: str):
        self.stack = stack
        self.text = text

    def __enter__(self):
        if self.text:
            self.stack.beginMacro(self.text)
        return self

    def __exit__(self, *exc):
        if self.text:
            self.stack.endMacro()
        return False

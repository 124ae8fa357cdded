"""The open project as the GUI sees it: the engine project, its undo stack and its file.

Views read the engine's graph and listen to its typed events: `graph_event` for each change
as it happens (the canvas moves one card), `graph_edited` once per finished edit with all of
its changes (a form that lists nodes refreshes only if nodes came, went or were renamed),
then `analysis_changed`. They change the graph only through the edit methods here, each of
which pushes an undoable command; fix-its come from the engine (engine.fixes). The document
is modified exactly when the undo stack is not clean.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QUndoStack

from engine.catalogue import get_kind
from engine.fixes import AddNode, Connect, Disconnect, SetParam, fix_for, fix_label
from engine.graph import Edge, GraphEvent
from engine.graph_events import GraphEdit, NodeMoved
from engine.layout import auto_layout
from engine.project import Project
from engine.project_analysis import analyse_project
from engine.project_io import load_project, save_project
from engine.shared_layers import SHARES, owner_of
from engine.validation import Analysis, Problem
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
    graph_event = Signal(object)  # each engine GraphEvent as it happens, for the canvas
    # the GraphEdit of each finished edit, undo or redo (one for a macro of 1,000 moves),
    # emitted before analysis_changed: views that list nodes refresh from it
    graph_edited = Signal(object)
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
        self._edit_events: list[GraphEvent] = []  # the changes of the edit under way
        self._replacing = False
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
            self._analysis = analyse_project(self.project)
        return self._analysis

    # ---- files ---------------------------------------------------------------------------
    def replace_project(self, project: Project) -> None:
        """Shows another project; the undo history starts again, clean."""
        self.project.graph.unsubscribe(self._on_graph_event)
        self.project.unsubscribe_sections(self._on_section_event)
        self.project = project
        project.graph.subscribe(self._on_graph_event)
        project.subscribe_sections(self._on_section_event)
        # clearing the stack announces a new index: no view may hear of the old project's
        # analysis as this one's (its cards would be looked up in the new graph)
        self._replacing = True
        try:
            self.undo_stack.clear()
            self.undo_stack.setClean()
        finally:
            self._replacing = False
        self._analysis = None
        self._edit_events = []
        self.project_replaced.emit()
        self.path_changed.emit(project.path)
        self.modified_changed.emit(False)
        self.analysis_changed.emit(self.analysis())

    def close(self) -> None:
        """Lets go of the project and the undo history now, in this thread: the document stops
        listening to the engine (which held it in a reference cycle) and its commands are
        deleted with the stack's signals blocked, so nothing is left for the garbage collector
        to finalise later, perhaps in another thread."""
        self.project.graph.unsubscribe(self._on_graph_event)
        self.project.unsubscribe_sections(self._on_section_event)
        blocked = self.undo_stack.blockSignals(True)
        self.undo_stack.clear()
        self.undo_stack.blockSignals(blocked)
        self._analysis = None

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

    def connect(self, source: str, target: str, port: int | None = None,
                source_port: int = 0) -> Edge:
        """Raises the graph's ConnectionRefused (saying why) without changing anything."""
        command = ConnectCommand(self.graph, source, target, port, source_port)
        self.undo_stack.push(command)
        return command.edge

    def add_shared_call(self, node_id: str, offset=(0.0, 140.0)) -> str:
        """A node that calls `node_id`'s layer again (engine.shared_layers), below it."""
        node = self.graph.node(node_id)
        owner = owner_of(self.graph, node)
        x, y = node.position
        command = AddNodeCommand(self.graph, node.type, (x + offset[0], y + offset[1]), {},
                                 self.graph.unique_name(f"{owner.name}_call"),
                                 extra={SHARES: owner.id})
        command.setText(f"Call {owner.name} again")
        self.undo_stack.push(command)
        return command.node_id

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
        self.undo_stack.push(SetSectionCommand(self.project, section, value, text))

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
                shares = item.get(SHARES)  # a shared call: of the pasted owner, or the same
                extra = {SHARES: new_ids.get(shares, shares)} if isinstance(shares, str) and (
                    shares in new_ids or self.graph.has_node(shares)) else {}
                command = AddNodeCommand(self.graph, item["type"], (x + offset[0], y + offset[1]),
                                         copy.deepcopy(item.get("params", {})), name,
                                         extra=extra)
                self.undo_stack.push(command)
                new_ids[item["id"]] = command.node_id
            for edge in fragment.get("edges", []):
                if edge["source"] in new_ids and edge["target"] in new_ids:
                    self.undo_stack.push(ConnectCommand(
                        self.graph, new_ids[edge["source"]], new_ids[edge["target"]],
                        edge.get("target_port", 0), edge.get("source_port", 0)))
        return list(new_ids.values())

    def duplicate(self, node_ids) -> list[str]:
        return self.paste(self.fragment(node_ids), text="Duplicate")

    # ---- fix-its -------------------------------------------------------------------------
    @staticmethod
    def fix_text(problem: Problem) -> str | None:
        """The label of the engine's fix for a problem, or None when there is none."""
        return fix_label(problem)

    def apply_fix(self, problem: Problem) -> bool:
        """Makes the engine's fix as one undoable step; False when there is none."""
        fix = fix_for(self.graph, problem)
        if fix is None:
            return False
        with self._macro(fix.text):
            for edit in fix.edits:
                self.undo_stack.push(self._command_for(edit))
        return True

    def _command_for(self, edit):
        if isinstance(edit, SetParam):
            return SetParamCommand(self.graph, edit.node_id, edit.key, edit.value)
        if isinstance(edit, Disconnect):
            return DisconnectCommand(self.graph, edit.edge)
        if isinstance(edit, AddNode):
            return AddNodeCommand(self.graph, edit.type_name, edit.position,
                                  node_id=edit.node_id)
        if isinstance(edit, Connect):
            return ConnectCommand(self.graph, edit.source, edit.target, edit.port,
                                  edit.source_port)
        raise TypeError(f"no command for {edit!r}")

    # ---- plumbing ------------------------------------------------------------------------
    def _macro(self, text: str):
        return _Macro(self.undo_stack, text)

    def _on_graph_event(self, event: GraphEvent) -> None:
        if not isinstance(event, NodeMoved):  # positions are not part of the analysis
            self._analysis = None
        self._edit_events.append(event)
        self.graph_event.emit(event)

    def _on_section_event(self, event) -> None:
        self._analysis = None  # the binding and the sections' checks are in the analysis
        self.section_changed.emit(event.section)

    @Slot(bool)
    def _on_clean_changed(self, clean: bool) -> None:
        self.modified_changed.emit(not clean)

    @Slot(int)
    def _after_edit(self, _index: int) -> None:
        if self._replacing:
            return
        edit, self._edit_events = GraphEdit(tuple(self._edit_events)), []
        if edit.events:
            self.graph_edited.emit(edit)
            if edit.only_moves and self._analysis is not None:
                return  # the analysis is the one every view shows: nothing to refresh
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

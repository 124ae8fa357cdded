"""Replacing the project's graph, data and training settings as ONE undoable edit: restoring
a recorded run, or applying a search's best values."""

from __future__ import annotations

import copy

from PySide6.QtGui import QUndoCommand

from engine.graph import Graph


class ReplaceContentCommand(QUndoCommand):
    """`replacement` is a Project whose graph, data and training take `project`'s place. The
    command holds the engine project, not the document: a command that held its document
    would keep it alive from its own undo stack."""

    def __init__(self, project, replacement, text: str):
        super().__init__(text)
        self.project = project
        self.new = (replacement.graph.copy(), copy.deepcopy(replacement.data),
                    copy.deepcopy(replacement.training))
        self.old = (project.graph.copy(), copy.deepcopy(project.data),
                    copy.deepcopy(project.training))

    def _apply(self, graph: Graph, data, training) -> None:
        self.project.graph.fill_from(graph)
        for section, value in (("data", data), ("training", training)):
            self.project.set_section(section, value)  # the document hears it and tells views

    def redo(self):
        self._apply(*self.new)

    def undo(self):
        self._apply(*self.old)


def restore_run_command(project, record) -> ReplaceContentCommand:
    """Raises DendriteError when the run's graph or settings cannot be read as a project."""
    return ReplaceContentCommand(project, record.project(), f"Restore run {record.id}")

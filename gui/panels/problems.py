"""The problems panel: every validation message, errors first, kept current after each edit.

Clicking a problem (or pressing Enter on it) asks the window to select and centre its node;
a problem with a plain fix offers it on a button, applied as one undoable step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.problem_words import for_people, place_in_window
from engine.validation import Analysis, Problem
from gui.document import Document

SEVERITY, NODE, MESSAGE = range(3)
_PROBLEM_ROLE = Qt.ItemDataRole.UserRole


def count_text(errors: int, warnings: int) -> str:
    """"2 errors, 1 warning", or "No problems"."""
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts) or "No problems"


class ProblemList(QTreeWidget):
    """The list itself; Enter activates the current problem like a click."""

    entered = Signal(QTreeWidgetItem)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.entered.emit(self.currentItem())
            event.accept()
            return
        super().keyPressEvent(event)


class ProblemsPanel(QWidget):
    node_activated = Signal(str)  # the id of the node a chosen problem is about

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.header = QLabel()
        self.fix_button = QPushButton("Apply fix")
        self.fix_button.setToolTip("Apply the suggested fix for the selected problem "
                                   "(undoable).")
        self.fix_button.clicked.connect(self._on_fix_clicked)
        self.list = ProblemList()
        self.list.setColumnCount(3)
        self.list.setHeaderLabels(["Severity", "Node", "Message"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setWordWrap(False)
        self.list.setAlternatingRowColors(True)
        header = self.list.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(SEVERITY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NODE, QHeaderView.ResizeMode.Interactive)
        self.list.itemClicked.connect(self._on_item_clicked)
        self.list.entered.connect(self._on_item_entered)
        self.list.currentItemChanged.connect(self._on_current_changed)

        top = QHBoxLayout()
        top.setContentsMargins(4, 2, 4, 2)
        top.addWidget(self.header, 1)
        top.addWidget(self.fix_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(top)
        column.addWidget(self.list)

        document.analysis_changed.connect(self.show_analysis)
        self.show_analysis(document.analysis())

    # ---- contents ------------------------------------------------------------------------
    @Slot(object)
    def show_analysis(self, analysis: Analysis) -> None:
        problems = sorted(analysis.problems, key=lambda p: 0 if p.is_error else 1)
        self.header.setText(count_text(len(analysis.errors), len(analysis.warnings)))
        error_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        warning_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        items = []
        for problem in problems:
            item = QTreeWidgetItem()
            item.setIcon(SEVERITY, error_icon if problem.is_error else warning_icon)
            item.setText(SEVERITY, "Error" if problem.is_error else "Warning")
            place = place_in_window(problem.where, problem.node_name)
            item.setText(NODE, problem.node_name if problem.node_id else place or "(whole graph)")
            item.setText(MESSAGE, problem.message)
            fix = self.document.fix_text(problem)
            tip = for_people(problem)
            item.setToolTip(MESSAGE, tip + (f"\nFix: {fix}" if fix else ""))
            item.setData(SEVERITY, _PROBLEM_ROLE, problem)
            items.append(item)
        self.list.setUpdatesEnabled(False)
        try:
            self.list.clear()
            self.list.addTopLevelItems(items)
        finally:
            self.list.setUpdatesEnabled(True)
        self._on_current_changed(self.list.currentItem())

    def problems_shown(self) -> list[Problem]:
        return [self.problem_of(self.list.topLevelItem(i))
                for i in range(self.list.topLevelItemCount())]

    @staticmethod
    def problem_of(item: QTreeWidgetItem | None) -> Problem | None:
        return None if item is None else item.data(SEVERITY, _PROBLEM_ROLE)

    # ---- interaction ---------------------------------------------------------------------
    @Slot(QTreeWidgetItem, int)
    def _on_item_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        self._activate(item)

    @Slot(QTreeWidgetItem)
    def _on_item_entered(self, item: QTreeWidgetItem) -> None:
        self._activate(item)

    def _activate(self, item: QTreeWidgetItem) -> None:
        problem = self.problem_of(item)
        if problem is not None and problem.node_id is not None \
                and self.document.graph.has_node(problem.node_id):
            self.node_activated.emit(problem.node_id)

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_current_changed(self, current, _previous=None) -> None:
        problem = self.problem_of(current)
        fix = self.document.fix_text(problem) if problem is not None else None
        self.fix_button.setEnabled(fix is not None)
        self.fix_button.setText(f"Fix: {fix}" if fix else "Apply fix")

    @Slot()
    def _on_fix_clicked(self) -> None:
        problem = self.problem_of(self.list.currentItem())
        if problem is not None:
            self.document.apply_fix(problem)

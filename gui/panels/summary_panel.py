"""The summary panel: the model as Keras's `model.summary()` would show it, computed by the
engine's shape inference after every edit (no TensorFlow needed), with the preprocessing an
exported model puts after each Input (the data's scaling, a CSV's column encoding), worded
as the CLI `summary` words it (engine.summary.preprocessing_lines)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.export.input_preprocessing import project_input_preprocessing
from engine.summary import Summary, preprocessing_lines, summarise
from engine.validation import Analysis
from gui.document import Document
from gui.panels.param_widgets import mute

COLUMNS = ("Layer name", "Kind", "Output shape", "Params", "Connected to")
NAME, KIND, SHAPE, PARAMS, CONNECTED = range(len(COLUMNS))
_NODE_ROLE = Qt.ItemDataRole.UserRole


def totals_text(summary: Summary) -> str:
    return (f"Total params: {summary.total:,}   "
            f"Trainable params: {summary.trainable:,}   "
            f"Non-trainable params: {summary.non_trainable:,}")


class SummaryPanel(QWidget):
    node_activated = Signal(str)  # a row was clicked: the id of its node

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.summary: Summary | None = None
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.cellClicked.connect(self._on_cell_clicked)
        self.totals_label = QLabel()
        self.totals_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preprocessing_label = QLabel()
        self.preprocessing_label.setWordWrap(True)
        self.preprocessing_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note_label = mute(QLabel())
        self.note_label.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.table, 1)
        column.addWidget(self.totals_label)
        column.addWidget(self.preprocessing_label)
        column.addWidget(self.note_label)
        self._fitted_rows = -1
        document.analysis_changed.connect(self.show_analysis)
        document.section_changed.connect(self._on_section_changed)
        self.show_analysis(document.analysis())

    @Slot(object)
    def show_analysis(self, analysis: Analysis) -> None:
        """Shows the model of the document's graph as `analysis` found it."""
        summary = summarise(self.document.graph, analysis,
                            project_input_preprocessing(self.document.project))
        before = self.summary.rows if self.summary is not None else ()
        self.summary = summary
        table = self.table
        table.setUpdatesEnabled(False)
        try:
            table.setRowCount(len(summary.rows))
            for row, line in enumerate(summary.rows):
                if row < len(before) and before[row] == line:
                    continue  # an edit changes few rows; large graphs stay quick
                cells = (line.name, line.kind, line.shape, f"{line.params:,}",
                         ", ".join(line.connected_to) or "-")
                for column, text in enumerate(cells):
                    self._set_cell(row, column, text)
                self.table.item(row, NAME).setData(_NODE_ROLE, line.node_id)
        finally:
            table.setUpdatesEnabled(True)
        if len(summary.rows) != self._fitted_rows:
            self._fitted_rows = len(summary.rows)
            table.resizeColumnsToContents()
        self.totals_label.setText(totals_text(summary))
        self.preprocessing_label.setText("\n".join(preprocessing_lines(summary)))
        self.preprocessing_label.setVisible(bool(summary.preprocessing))
        self.note_label.setText(self._note(analysis))
        self.note_label.setVisible(bool(self.note_label.text()))

    @Slot(str)
    def _on_section_changed(self, section: str) -> None:
        if section == "data":  # the scaling or the CSV changed what an export puts in
            self.show_analysis(self.document.analysis())

    def _set_cell(self, row: int, column: int, text: str) -> None:
        item = self.table.item(row, column)
        if item is None:
            item = QTableWidgetItem(text)
            if column == PARAMS:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, column, item)
        elif item.text() != text:
            item.setText(text)

    @staticmethod
    def _note(analysis: Analysis) -> str:
        if not analysis.model_nodes:
            return "No Output is connected yet: the model is empty."
        if analysis.errors:
            return ("The graph has errors (see Problems): layers whose shape is unknown "
                    "count no parameters.")
        return ""

    def node_id_at(self, row: int) -> str | None:
        item = self.table.item(row, NAME)
        return None if item is None else item.data(_NODE_ROLE)

    @Slot(int, int)
    def _on_cell_clicked(self, row: int, _column: int) -> None:
        node_id = self.node_id_at(row)
        if node_id is not None and self.document.graph.has_node(node_id):
            self.node_activated.emit(node_id)

"""The summary panel: the model as Keras's `model.summary()` would show it, computed by the
engine's shape inference after every edit (no TensorFlow needed), with the preprocessing an
exported model puts after each Input (the data's scaling, a CSV's column encoding), worded
as the CLI `summary` words it (engine.summary.preprocessing_lines)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
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


class SummaryModel(QAbstractTableModel):
    """The summary's rows as a table model: a 5,000-layer model is one list, not 25,000 cell
    items built when a project opens."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.cells: list[tuple[str, ...]] = []
        self.node_ids: list[str] = []

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.cells)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == PARAMS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == _NODE_ROLE and index.column() == NAME:
            return self.node_ids[index.row()]
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return super().headerData(section, orientation, role)

    def set_rows(self, cells: list[tuple[str, ...]], node_ids: list[str]) -> None:
        if len(cells) == len(self.cells):  # an edit changes few rows: only they repaint
            changed = [r for r, (old, new) in enumerate(zip(self.cells, cells, strict=True))
                       if old != new or self.node_ids[r] != node_ids[r]]
            self.cells, self.node_ids = cells, node_ids
            if changed:
                self.dataChanged.emit(self.index(changed[0], 0),
                                      self.index(changed[-1], len(COLUMNS) - 1))
            return
        self.beginResetModel()
        self.cells, self.node_ids = cells, node_ids
        self.endResetModel()

    def text(self, row: int, column: int) -> str:
        return self.cells[row][column]


class SummaryPanel(QWidget):
    node_activated = Signal(str)  # a row was clicked: the id of its node

    def __init__(self, document: Document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.summary: Summary | None = None
        self.model = SummaryModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(200)  # column widths from 200 rows, not all
        self.table.clicked.connect(self._on_clicked)
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
        self.summary = summary
        self.model.set_rows([(line.name, line.kind, line.shape, f"{line.params:,}",
                              ", ".join(line.connected_to) or "-") for line in summary.rows],
                            [line.node_id for line in summary.rows])
        if len(summary.rows) != self._fitted_rows:
            self._fitted_rows = len(summary.rows)
            self.table.resizeColumnsToContents()
        self.totals_label.setText(totals_text(summary))
        self.preprocessing_label.setText("\n".join(preprocessing_lines(summary)))
        self.preprocessing_label.setVisible(bool(summary.preprocessing))
        self.note_label.setText(self._note(analysis))
        self.note_label.setVisible(bool(self.note_label.text()))

    @Slot(str)
    def _on_section_changed(self, section: str) -> None:
        if section == "data":  # the scaling or the CSV changed what an export puts in
            self.show_analysis(self.document.analysis())

    @staticmethod
    def _note(analysis: Analysis) -> str:
        if not analysis.model_nodes:
            return "No Output is connected yet: the model is empty."
        if analysis.errors:
            return ("The graph has errors (see Problems): layers whose shape is unknown "
                    "count no parameters.")
        return ""

    def node_id_at(self, row: int) -> str | None:
        if not 0 <= row < self.model.rowCount():
            return None
        return self.model.node_ids[row]

    def cell_rect(self, row: int, column: int = NAME):
        """Where a cell is drawn, in the table's viewport (for a click)."""
        return self.table.visualRect(self.model.index(row, column))

    @Slot(QModelIndex)
    def _on_clicked(self, index: QModelIndex) -> None:
        node_id = self.node_id_at(index.row())
        if node_id is not None and self.document.graph.has_node(node_id):
            self.node_activated.emit(node_id)

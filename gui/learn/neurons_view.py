"""McCulloch-Pitts neurons as logic gates: toggle A and B, watch C fire, fill the truth table."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.learn.neurons import (
    INPUT_ROWS,
    NETWORKS,
    gate_name,
    threshold_fires,
    threshold_truth_table,
)
from gui.learn.neuron_diagram import NeuronDiagram

FREE_COLUMN = len(NETWORKS)
EXPLANATION = (
    "<p><b>C = A</b> (identity): A reaches C through two connections, so A alone makes C fire.</p>"
    "<p><b>C = A ∧ B</b> (AND): one connection each; C needs both A and B.</p>"
    "<p><b>C = A ∨ B</b> (OR): two connections each; either input alone is enough.</p>"
    "<p><b>C = A ∧ ¬B</b>: A excites C through two connections, B inhibits it; C fires when A "
    "is active and B is not.</p>"
    "<p>The <b>free neuron</b> is a threshold logic unit: it weighs its inputs and fires when the "
    "weighted sum reaches θ. Change the weights and θ to build AND, OR, NAND, NOR, NOT A... "
    "No choice gives XOR: no single threshold separates (0,1) and (1,0) from (0,0) and (1,1).</p>"
)
CURRENT_ROW = QColor("#fff3bf")


class NeuronsView(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.a = 0
        self.b = 0
        self.button_a = self._toggle("A")
        self.button_b = self._toggle("B")
        intro = QLabel(
            "A McCulloch-Pitts neuron fires when at least two of its incoming connections are "
            "active; an active inhibitory connection (red, round end) stops it firing."
        )
        intro.setWordWrap(True)

        self.diagram = NeuronDiagram()
        for column, network in enumerate(NETWORKS):
            inputs = tuple(sorted({*network.excitatory, *network.inhibitory}))
            self.diagram.add_network(
                column, network.formula, network.excitatory, network.inhibitory, inputs
            )
        self.diagram.add_network(FREE_COLUMN, "free neuron", {"A": 1, "B": 1})
        self.diagram.add_weight_label(FREE_COLUMN, "A", "")
        self.diagram.add_weight_label(FREE_COLUMN, "B", "")

        self.table = QTableWidget(len(INPUT_ROWS), 2 + len(NETWORKS))
        self.table.setHorizontalHeaderLabels(["A", "B", *[n.formula for n in NETWORKS]])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        for row, (a, b) in enumerate(INPUT_ROWS):
            for column, value in enumerate((a, b)):
                self.table.setItem(row, column, self._cell(str(value)))
            for column in range(len(NETWORKS)):
                self.table.setItem(row, 2 + column, self._cell(""))
        self.table.resizeColumnsToContents()
        self.table.setMinimumWidth(420)
        self.table.setFixedHeight(
            self.table.horizontalHeader().height() + 4 * self.table.rowHeight(0) + 4
        )

        controls = QHBoxLayout()
        controls.addWidget(QLabel("Inputs:"))
        controls.addWidget(self.button_a)
        controls.addWidget(self.button_b)
        controls.addStretch(1)

        left = QVBoxLayout()
        left.addWidget(intro)
        left.addLayout(controls)
        left.addWidget(self.diagram)
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        left.addWidget(explanation)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(QLabel("Truth table (rows fill in as you try each input)"))
        right.addWidget(self.table)
        right.addWidget(self._free_mode_box())
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self._refresh()

    # Free mode ---------------------------------------------------------------------------
    def _free_mode_box(self) -> QGroupBox:
        box = QGroupBox("Free mode: a threshold neuron fires when w_A·A + w_B·B ≥ θ")
        self.weight_a = self._spin(1.0)
        self.weight_b = self._spin(1.0)
        self.threshold = self._spin(2.0)
        self.gate_label = QLabel()
        font = QFont()
        font.setPointSize(12)
        font.setBold(True)
        self.gate_label.setFont(font)
        self.free_table_label = QLabel()
        form = QFormLayout()
        form.addRow("w_A", self.weight_a)
        form.addRow("w_B", self.weight_b)
        form.addRow("threshold θ", self.threshold)
        side = QVBoxLayout()
        side.addWidget(self.gate_label)
        side.addWidget(self.free_table_label)
        side.addStretch(1)
        row = QHBoxLayout(box)
        row.addLayout(form)
        row.addLayout(side, 1)
        return box

    def free_gate(self) -> str:
        return gate_name(self._free_table())

    def _free_table(self) -> list[int]:
        return threshold_truth_table(
            self.weight_a.value(), self.weight_b.value(), self.threshold.value()
        )

    # Slots -------------------------------------------------------------------------------
    @Slot()
    def _refresh(self) -> None:
        self.a = int(self.button_a.isChecked())
        self.b = int(self.button_b.isChecked())
        self.button_a.setText(f"A = {self.a}")
        self.button_b.setText(f"B = {self.b}")
        for column, network in enumerate(NETWORKS):
            self.diagram.set_lit(column, "A", bool(self.a))
            self.diagram.set_lit(column, "B", bool(self.b))
            self.diagram.set_lit(column, "C", bool(network.fires(self.a, self.b)))
        row = INPUT_ROWS.index((self.a, self.b))
        for r in range(len(INPUT_ROWS)):
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                item.setBackground(CURRENT_ROW if r == row else QColor("white"))
        for column, network in enumerate(NETWORKS):
            self.table.item(row, 2 + column).setText(str(network.fires(self.a, self.b)))
        self.current_row = row
        self._refresh_free()

    @Slot()
    def _refresh_free(self) -> None:
        w_a, w_b, theta = self.weight_a.value(), self.weight_b.value(), self.threshold.value()
        self.diagram.set_lit(FREE_COLUMN, "A", bool(self.a))
        self.diagram.set_lit(FREE_COLUMN, "B", bool(self.b))
        self.diagram.set_lit(
            FREE_COLUMN, "C", bool(threshold_fires(w_a, w_b, theta, self.a, self.b))
        )
        self.diagram.set_weight_label(FREE_COLUMN, "A", f"w_A = {w_a:g}")
        self.diagram.set_weight_label(FREE_COLUMN, "B", f"w_B = {w_b:g}")
        self.diagram.set_caption(FREE_COLUMN, f"free neuron, θ = {theta:g}")
        table = self._free_table()
        self.gate_label.setText(f"This neuron computes: {self.free_gate()}")
        self.free_table_label.setText(
            "\n".join(
                f"A={a}  B={b}  →  {out}" for (a, b), out in zip(INPUT_ROWS, table, strict=True)
            )
        )

    # Helpers -----------------------------------------------------------------------------
    def _toggle(self, name: str) -> QPushButton:
        button = QPushButton(f"{name} = 0")
        button.setCheckable(True)
        button.setMinimumWidth(80)
        button.setObjectName(name)
        button.toggled.connect(self._refresh)
        return button

    def _spin(self, value: float) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-5.0, 5.0)
        spin.setSingleStep(0.5)
        spin.setDecimals(1)
        spin.setValue(value)
        spin.valueChanged.connect(self._refresh_free)
        return spin

    @staticmethod
    def _cell(text: str) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        return item

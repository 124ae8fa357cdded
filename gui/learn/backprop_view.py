"""Backpropagation step by step on a real Keras model: the 2-3-1 XOR network by default, or
the project on the canvas. Back and Forward walk through the seed's algorithm (mini-batch,
forward layer by layer, loss, backward, the chain rule for one weight, the update); the
numbers come from the engine, computed with TensorFlow in a background thread."""

from __future__ import annotations

import copy

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.project import Project
from gui.background import Job, run_in_background
from gui.learn.backprop_diagram import NetworkDiagram
from gui.learn.backprop_tables import Table, step_tables

DEFAULT_PROJECT_BATCH = 4


def _make_demo():
    from engine.learn.backprop import demo_session

    session = demo_session()
    return session, session.walk()


def _make_project(project: Project, batch_size: int):
    from engine.learn.backprop import project_session

    session = project_session(project, batch_size)
    return session, session.walk()


def _advance(session):
    return session, session.advance()


def _refollow(session, weight):
    return session, session.walk(weight)


class BackpropView(QWidget):
    """`walk_ready` fires each time new numbers arrive (tests wait for it)."""

    walk_ready = Signal()
    failed = Signal(str)
    current_project_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.session = None
        self.walk = None
        self.step_index = 0
        self.job: Job | None = None
        self._show_after = "batch"  # the kind of step shown when the next numbers arrive
        self.source_label = QLabel("2-3-1 network on XOR")
        self.source_label.setWordWrap(True)
        self.demo_button = QPushButton("XOR 2-3-1 demo")
        self.project_button = QPushButton("Open the current project")
        self.project_button.setToolTip("Step through the network on the canvas, on the first "
                                       "samples of its training split")
        self.batch_size = QSpinBox()
        self.batch_size.setRange(1, 256)
        self.batch_size.setValue(DEFAULT_PROJECT_BATCH)
        self.back_button = QPushButton("◀ Back")
        self.forward_button = QPushButton("Forward ▶")
        self.next_batch_button = QPushButton("Apply the update, next batch")
        self.step_label = QLabel()
        bold = QFont()
        bold.setBold(True)
        bold.setPointSize(bold.pointSize() + 2)
        self.step_label.setFont(bold)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.weight_layer = QComboBox()
        self.weight_row = QSpinBox()
        self.weight_column = QSpinBox()
        self.follow_button = QPushButton("Follow this weight")
        self.values_caption, self.values_table = QLabel(), _table()
        self.weights_caption, self.weights_table = QLabel(), _table()
        self.chain_text = QLabel()
        self.chain_text.setFont(QFont("monospace"))
        self.chain_text.setWordWrap(True)
        self.diagram = NetworkDiagram()
        self._lay_out()
        self.demo_button.clicked.connect(self.open_demo)
        self.project_button.clicked.connect(self.current_project_requested)
        self.back_button.clicked.connect(self.step_back)
        self.forward_button.clicked.connect(self.step_forward)
        self.next_batch_button.clicked.connect(self.next_batch)
        self.follow_button.clicked.connect(self.follow_weight)
        self.weight_layer.currentTextChanged.connect(self._weight_layer_changed)
        self.diagram.weight_clicked.connect(self._weight_clicked)
        self.open_demo()

    def _lay_out(self) -> None:
        source = QHBoxLayout()
        source.addWidget(QLabel("Network:"))
        source.addWidget(self.source_label, 1)
        source.addWidget(self.demo_button)
        source.addWidget(self.project_button)
        source.addWidget(QLabel("batch"))
        source.addWidget(self.batch_size)
        steps = QHBoxLayout()
        steps.addWidget(self.back_button)
        steps.addWidget(self.step_label, 1)
        steps.addWidget(self.forward_button)
        steps.addWidget(self.next_batch_button)
        follow = QHBoxLayout()
        follow.addWidget(QLabel("Chain rule for the weight of layer"))
        follow.addWidget(self.weight_layer)
        follow.addWidget(QLabel("from input (0: bias)"))
        follow.addWidget(self.weight_row)
        follow.addWidget(QLabel("to neuron"))
        follow.addWidget(self.weight_column)
        follow.addWidget(self.follow_button)
        follow.addStretch(1)
        numbers = QWidget()
        column = QVBoxLayout(numbers)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in (self.explanation, self.values_caption, self.values_table,
                       self.weights_caption, self.weights_table, self.chain_text):
            column.addWidget(widget)
        splitter = QSplitter()
        splitter.addWidget(self.diagram)
        splitter.addWidget(numbers)
        splitter.setSizes([380, 620])
        layout = QVBoxLayout(self)
        layout.addLayout(source)
        layout.addLayout(steps)
        layout.addLayout(follow)
        layout.addWidget(splitter, 1)

    # ---- computing (in the background) ---------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.job is not None and not self.job.is_finished

    def _run(self, function, *args) -> None:
        if self.busy:
            return
        self._set_enabled(False)
        self.job = Job(function, *args)
        self.job.succeeded.connect(self._on_walk)
        self.job.failed.connect(self._on_failed)
        run_in_background(self.job, "dendrite-backprop")

    def wait(self) -> None:
        """Waits for the computation under way (if any) to end."""
        if self.job is not None:
            self.job.wait()

    @Slot()
    def open_demo(self) -> None:
        self.source_label.setText("2-3-1 network on XOR: computing…")
        self._show_after = "batch"
        self._run(_make_demo)

    def open_project(self, project: Project | None) -> None:
        """Steps through `project`'s own network (a copy: editing goes on meanwhile)."""
        if project is None:
            self._on_failed("there is no project open")
            return
        copied = Project(project.name, project.graph.copy(), copy.deepcopy(project.data),
                         copy.deepcopy(project.training), copy.deepcopy(project.extra),
                         project.path)
        self.source_label.setText(f"{project.name}: loading the data and the model…")
        self._show_after = "batch"
        self._run(_make_project, copied, self.batch_size.value())

    @Slot()
    def next_batch(self) -> None:
        if self.session is not None:
            self._show_after = "batch"
            self._run(_advance, self.session)

    @Slot()
    def follow_weight(self) -> None:
        if self.session is None or not self.weight_layer.currentText():
            return
        weight = (self.weight_layer.currentText(), self.weight_row.value() - 1,
                  self.weight_column.value() - 1)
        self._show_after = "chain"
        self._run(_refollow, self.session, weight)

    @Slot(object)
    def _on_walk(self, result) -> None:
        self.session, self.walk = result
        kinds = [step.kind for step in self.walk.steps]
        self.step_index = kinds.index(self._show_after) if self._show_after in kinds else 0
        from engine.learn.backprop_text import inference_note

        self.source_label.setText(f"{self.session.title}; SGD steps applied: "
                                  f"{self.session.steps_applied}"
                                  + inference_note(self.walk))
        self._fill_weight_choice()
        self._set_enabled(True)
        self.show_step()
        self.walk_ready.emit()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.source_label.setText(f"Cannot step through it: {message}")
        self._set_enabled(True)
        self.failed.emit(message)

    # ---- stepping -------------------------------------------------------------------------
    @Slot()
    def step_forward(self) -> None:
        if self.walk is not None and self.step_index < len(self.walk.steps) - 1:
            self.step_index += 1
            self.show_step()

    @Slot()
    def step_back(self) -> None:
        if self.walk is not None and self.step_index > 0:
            self.step_index -= 1
            self.show_step()

    @property
    def step(self):
        return self.walk.steps[self.step_index] if self.walk else None

    def show_step(self) -> None:
        step, steps = self.step, self.walk.steps
        self.step_label.setText(f"Step {self.step_index + 1} of {len(steps)}: {step.title}")
        self.explanation.setText(step.text)
        values, weights = step_tables(self.walk, step)
        _fill(self.values_table, self.values_caption, values)
        _fill(self.weights_table, self.weights_caption, weights)
        self.chain_text.setText("\n".join(self.walk.chain.lines())
                                if step.kind in ("chain", "update") else "")
        self.chain_text.setVisible(step.kind in ("chain", "update"))
        self.diagram.show_step(self.walk, step)
        self.back_button.setEnabled(self.step_index > 0)
        self.forward_button.setEnabled(self.step_index < len(steps) - 1)

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.demo_button, self.project_button, self.next_batch_button,
                       self.follow_button):
            widget.setEnabled(enabled)

    def _fill_weight_choice(self) -> None:
        chain = self.walk.chain
        self.weight_layer.blockSignals(True)
        self.weight_layer.clear()
        self.weight_layer.addItems([n.name for n in self.walk.followable])
        self.weight_layer.setCurrentText(chain.layer)
        self.weight_layer.blockSignals(False)
        self._weight_layer_changed(chain.layer)
        self.weight_row.setValue(chain.row + 1)
        self.weight_column.setValue(chain.column + 1)

    @Slot(str, int, int)
    def _weight_clicked(self, layer: str, row: int, column: int) -> None:
        self.weight_layer.setCurrentText(layer)
        self.weight_row.setValue(row + 1)
        self.weight_column.setValue(column + 1)
        self.follow_weight()

    @Slot(str)
    def _weight_layer_changed(self, name: str) -> None:
        if self.walk is None or not name:
            return
        inputs, units = self.walk.node(name).kernel.shape
        self.weight_row.setRange(0, inputs)
        self.weight_column.setRange(1, units)


def _table() -> QTableWidget:
    table = QTableWidget()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    return table


def _fill(table: QTableWidget, caption: QLabel, data: Table) -> None:
    caption.setText(data.caption)
    table.clear()
    table.setRowCount(len(data.rows))
    table.setColumnCount(len(data.columns))
    table.setVerticalHeaderLabels(data.rows)
    table.setHorizontalHeaderLabels(data.columns)
    for r, row in enumerate(data.cells):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    table.setVisible(bool(data.rows))
    if data.selected is not None:
        table.setCurrentCell(*data.selected)

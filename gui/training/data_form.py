"""The `data` section as a form: dataset, synthetic options, CSV file, scaling, split, and the
binding of Inputs to columns and Outputs to targets. Every edit is one undoable
`document.set_section("data", ...)`; an undo refreshes the form from the project."""

from __future__ import annotations

import contextlib
import copy
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from gui.training.engine_api import (
    ColumnSpecError,
    columns_from_text,
    columns_text,
    dataset_names,
    sources,
)

SCALINGS = ["none", "standard", "divide255"]


class DataForm(QWidget):
    problem = Signal(str)  # a typed value the form could not take, with the reason

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.n_columns: int | None = None
        self.feature_names: list[str] | None = None
        self.target_names: list[str] = ["target"]
        self.source = QComboBox()
        self.source.setObjectName("data_source")
        self.source.addItems(sources())
        self.name = QComboBox()
        self.name.setObjectName("data_name")
        self.csv_path = QLineEdit()
        self.csv_path.setObjectName("csv_path")
        self.browse = QPushButton("Browse…")
        self.csv_target = QLineEdit()
        self.csv_target.setPlaceholderText("target column name")
        self.samples = QSpinBox()
        self.samples.setRange(4, 1_000_000)
        self.noise = QDoubleSpinBox()
        self.noise.setRange(0.0, 10.0)
        self.noise.setSingleStep(0.05)
        self.synthetic_seed = QSpinBox()
        self.synthetic_seed.setRange(0, 2**31 - 1)
        self.scaling = QComboBox()
        self.scaling.setObjectName("data_scaling")
        self.scaling.addItems(SCALINGS)
        self.test_fraction = _fraction_box()
        self.validation_fraction = _fraction_box()
        self.split_seed = QSpinBox()
        self.split_seed.setRange(0, 2**31 - 1)
        self.binding = QTableWidget(0, 3)
        self.binding.setObjectName("data_binding")
        self.binding.setHorizontalHeaderLabels(["node", "kind", "columns / target"])
        self.binding.horizontalHeader().setStretchLastSection(True)
        self.binding.verticalHeader().setVisible(False)

        csv_row = QHBoxLayout()
        csv_row.addWidget(self.csv_path, 1)
        csv_row.addWidget(self.browse)
        form = QFormLayout(self)
        form.addRow("Source", self.source)
        form.addRow("Dataset", self.name)
        form.addRow("CSV file", csv_row)
        form.addRow("CSV target", self.csv_target)
        form.addRow("Samples", self.samples)
        form.addRow("Noise", self.noise)
        form.addRow("Data seed", self.synthetic_seed)
        form.addRow("Scaling", self.scaling)
        form.addRow("Test fraction", self.test_fraction)
        form.addRow("Validation fraction", self.validation_fraction)
        form.addRow("Split seed", self.split_seed)
        form.addRow(self.binding)
        self.form = form

        self.source.activated.connect(self._on_source)
        self.name.activated.connect(self._on_edit)
        self.browse.clicked.connect(self._on_browse)
        for line in (self.csv_path, self.csv_target):
            line.editingFinished.connect(self._on_edit)
        for box in (self.samples, self.noise, self.synthetic_seed, self.test_fraction,
                    self.validation_fraction, self.split_seed):
            box.editingFinished.connect(self._on_edit)
        self.scaling.activated.connect(self._on_edit)
        self.binding.itemChanged.connect(self._on_binding_item)
        document.section_changed.connect(self._on_section_changed)
        document.project_replaced.connect(self.refresh)
        document.graph_event.connect(self._on_graph_event)
        self._refreshing = False
        self.refresh()

    # ---- project -> form -------------------------------------------------------------------
    def spec(self) -> dict:
        return copy.deepcopy(self.document.project.data or {})

    @Slot()
    def refresh(self) -> None:
        self._refreshing = True
        try:
            self._fill()
        finally:
            self._refreshing = False

    def _fill(self) -> None:
        spec = self.spec()
        dataset = spec.get("dataset") or {}
        source = dataset.get("source", "synthetic")
        blockers = [QSignalBlocker(w) for w in (self.source, self.name, self.scaling,
                                                self.binding)]
        self.source.setCurrentText(source)
        self.name.clear()
        self.name.addItems(dataset_names(source))
        self.name.setCurrentText(str(dataset.get("name", "")))
        self.csv_path.setText(str(dataset.get("path", "")))
        target = dataset.get("target", "")
        self.csv_target.setText(", ".join(target) if isinstance(target, list) else str(target))
        self.samples.setValue(int(dataset.get("samples", 200)))
        self.noise.setValue(float(dataset.get("noise", 0.1)))
        self.synthetic_seed.setValue(int(dataset.get("seed", 42) or 0))
        self.scaling.setCurrentText(spec.get("scaling", "none") or "none")
        split = spec.get("split") or {}
        self.test_fraction.setValue(float(split.get("test", 0.2) or 0.0))
        self.validation_fraction.setValue(float(split.get("validation", 0.2) or 0.0))
        self.split_seed.setValue(int(split.get("seed", 42) or 0))
        is_csv = source == "csv"
        is_synthetic = source == "synthetic"
        # form rows: 1 dataset, 2 CSV file, 3 CSV target, 4-6 synthetic options
        for row, visible in ((1, not is_csv), (2, is_csv), (3, is_csv), (4, is_synthetic),
                             (5, is_synthetic), (6, is_synthetic)):
            self.form.setRowVisible(row, visible)
        self._fill_binding(spec)
        del blockers

    def _fill_binding(self, spec: dict) -> None:
        graph = self.document.graph
        inputs = spec.get("inputs") or {}
        targets = spec.get("targets") or {}
        rows = [n for n in graph.nodes if n.kind is not None
                and (n.kind.is_input or n.kind.is_output)]
        self.binding.setRowCount(len(rows))
        for row, node in enumerate(rows):
            name = QTableWidgetItem(node.name)
            name.setData(256, node.id)  # Qt.UserRole
            name.setFlags(name.flags() & ~_editable())
            self.binding.setItem(row, 0, name)
            kind = QTableWidgetItem(node.type)
            kind.setFlags(kind.flags() & ~_editable())
            self.binding.setItem(row, 1, kind)
            if node.kind.is_input:
                self.binding.removeCellWidget(row, 2)
                bound = inputs.get(node.id) or {}
                text = ("reshape " + "x".join(str(d) for d in bound["reshape"])
                        if "reshape" in bound else columns_text(bound.get("columns", "all")))
                self.binding.setItem(row, 2, QTableWidgetItem(text))
            else:
                self.binding.setItem(row, 2, QTableWidgetItem(""))
                combo = QComboBox()
                combo.addItems(self.target_names)
                combo.setCurrentText(str(targets.get(node.id, "target")))
                combo.setProperty("node_id", node.id)
                combo.activated.connect(self._on_target_picked)
                self.binding.setCellWidget(row, 2, combo)

    def set_data_info(self, prepared) -> None:
        """What the loaded data allows: its column count, feature and target names."""
        self.n_columns = prepared.dataset.n_columns
        self.feature_names = list(prepared.feature_names)
        self.target_names = list(prepared.dataset.targets)
        self.refresh()

    # ---- form -> project -------------------------------------------------------------------
    def _push(self, spec: dict, text: str) -> None:
        if spec != (self.document.project.data or {}):
            self.document.set_section("data", spec, text)

    @Slot(int)
    def _on_source(self, _index: int) -> None:
        source = self.source.currentText()
        spec = self.spec()
        names = dataset_names(source)
        dataset: dict = {"source": source}
        if names:
            dataset["name"] = names[0]
        if source == "synthetic":
            dataset.update({"samples": 200, "noise": 0.1, "seed": 42})
        spec["dataset"] = dataset
        self._push(spec, f"Data source {source}")

    @Slot()
    def _on_edit(self, *_args) -> None:
        if self._refreshing:
            return
        spec = self.spec()
        source = self.source.currentText()
        dataset: dict = {"source": source}
        if source == "csv":
            dataset["path"] = self.csv_path.text().strip()
            names = [t.strip() for t in self.csv_target.text().split(",") if t.strip()]
            dataset["target"] = names[0] if len(names) == 1 else names
        else:
            dataset["name"] = self.name.currentText()
        if source == "synthetic":
            dataset.update({"samples": self.samples.value(), "noise": self.noise.value(),
                            "seed": self.synthetic_seed.value()})
        spec["dataset"] = dataset
        spec["scaling"] = self.scaling.currentText()
        spec["split"] = {"test": self.test_fraction.value(),
                         "validation": self.validation_fraction.value(),
                         "seed": self.split_seed.value()}
        self._push(spec, "Change data settings")

    @Slot()
    def _on_browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose a CSV file", "", "CSV (*.csv)")
        if not path:
            return
        project_path = self.document.path
        shown = Path(path)
        if project_path is not None:
            with contextlib.suppress(ValueError):
                shown = shown.relative_to(Path(project_path).parent)
        self.csv_path.setText(str(shown))
        self._on_edit()

    @Slot(QTableWidgetItem)
    def _on_binding_item(self, item: QTableWidgetItem) -> None:
        if self._refreshing or item.column() != 2:
            return
        node_id = self.binding.item(item.row(), 0).data(256)
        text = item.text().strip()
        spec = self.spec()
        inputs = dict(spec.get("inputs") or {})
        try:
            if text.lower().startswith("reshape"):
                dims = [int(d) for d in text[7:].replace(",", "x").split("x") if d.strip()]
                if not dims or min(dims) < 1:
                    raise ColumnSpecError(f"{text!r}: write reshape HxW, e.g. reshape 28x28")
                inputs[node_id] = {"reshape": dims}
            else:
                inputs[node_id] = {"columns": columns_from_text(text, self.n_columns,
                                                                self.feature_names)}
        except (ColumnSpecError, ValueError) as exc:
            name = self.document.graph.node(node_id).name
            self.problem.emit(f"Input {name}: {exc}")
            self.refresh()
            return
        spec["inputs"] = inputs
        self._push(spec, f"Bind {self.document.graph.node(node_id).name}")

    @Slot(int)
    def _on_target_picked(self, _index: int) -> None:
        combo = self.sender()
        node_id = combo.property("node_id")
        spec = self.spec()
        targets = dict(spec.get("targets") or {})
        targets[node_id] = combo.currentText()
        spec["targets"] = targets
        self._push(spec, f"Target of {self.document.graph.node(node_id).name}")

    @Slot(str)
    def _on_section_changed(self, section: str) -> None:
        if section == "data":
            self.refresh()

    @Slot(object)
    def _on_graph_event(self, _event) -> None:
        self.refresh()


def _fraction_box() -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0.0, 0.9)
    box.setDecimals(3)
    box.setSingleStep(0.05)
    return box


def _editable():
    from PySide6.QtCore import Qt

    return Qt.ItemFlag.ItemIsEditable

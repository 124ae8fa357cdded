"""The `data` section as a form: dataset, synthetic options, CSV file, scaling, split, and the
binding of Inputs to columns and Outputs to targets. Every edit is one undoable
`document.set_section("data", ...)`; an undo refreshes the form from the project."""

from __future__ import annotations

import contextlib
import copy
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from engine.data.columns import reference_name, target_reference
from engine.sections import DATA, scaling_of
from gui.training.data_source_options import kept_options
from gui.training.engine_api import (
    ColumnSpecError,
    columns_from_text,
    columns_text,
    dataset_names,
    sources,
)
from gui.training.setting_widgets import (
    choice_box,
    float_box,
    int_box,
    names_box,
    show,
    shown,
)

COMBO_ARROW = 28  # what a combo box adds to its text's width (arrow and frame)
CSV_SETTINGS = ("dataset.keep_columns", "dataset.leave_out")  # the rest of dataset.*: synthetic


class DataForm(QWidget):
    problem = Signal(str)  # a typed value the form could not take, with the reason

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.n_columns: int | None = None
        self.feature_names: list[str] | None = None
        self.target_names: list[str] = ["target"]
        self.main_target = "target"  # the dataset's own target's key (a CSV's first column)
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
        field = DATA.field
        self.samples = int_box(field("dataset.samples"))
        self.noise = float_box(field("dataset.noise"))
        self.synthetic_seed = int_box(field("dataset.seed"))
        self.scaling = choice_box(field("scaling"))
        self.test_fraction = float_box(field("split.test"))
        self.validation_fraction = float_box(field("split.validation"))
        self.split_seed = int_box(field("split.seed"))
        self.keep_columns = names_box(field("dataset.keep_columns"))
        self.leave_out = names_box(field("dataset.leave_out"))
        # each declared setting the form shows, by its path in the section
        self.settings = {"dataset.samples": self.samples, "dataset.noise": self.noise,
                         "dataset.seed": self.synthetic_seed, "scaling": self.scaling,
                         "split.test": self.test_fraction,
                         "split.validation": self.validation_fraction,
                         "split.seed": self.split_seed,
                         "dataset.keep_columns": self.keep_columns,
                         "dataset.leave_out": self.leave_out}
        # the binding table is filled when the form is shown or the table asked for (see
        # `binding`): a hidden Data tab costs nothing when a 5,000-node project opens
        self._binding_stale = False
        self._binding_table = QTableWidget(0, 3)
        self._binding_table.setObjectName("data_binding")
        self._binding_table.setHorizontalHeaderLabels(["node", "kind", "columns / target"])
        header = self._binding_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self._binding_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._binding_table.verticalHeader().setVisible(False)

        csv_row = QHBoxLayout()
        csv_row.addWidget(self.csv_path, 1)
        csv_row.addWidget(self.browse)
        form = QFormLayout(self)
        form.addRow("Source", self.source)
        form.addRow("Dataset", self.name)
        form.addRow("CSV file", csv_row)
        self._file_row = csv_row
        form.addRow("CSV target", self.csv_target)
        for path in self.settings:
            form.addRow(field(path).title, self.settings[path])
        form.addRow(self._binding_table)
        self.form = form

        self.source.activated.connect(self._on_source)
        self.name.activated.connect(self._on_edit)
        self.browse.clicked.connect(self._on_browse)
        for line in (self.csv_path, self.csv_target, self.keep_columns, self.leave_out):
            line.editingFinished.connect(self._on_edit)
        for box in (self.samples, self.noise, self.synthetic_seed, self.test_fraction,
                    self.validation_fraction, self.split_seed):
            box.editingFinished.connect(self._on_edit)
        self.scaling.activated.connect(self._on_edit)
        self._binding_table.itemChanged.connect(self._on_binding_item)
        document.section_changed.connect(self._on_section_changed)
        document.project_replaced.connect(self.refresh)
        document.graph_edited.connect(self._on_graph_edited)
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
        blockers = [QSignalBlocker(w) for w in (self.source, self.name, self._binding_table,
                                                *self.settings.values())]
        self.source.setCurrentText(source)
        self.name.clear()
        self.name.addItems(dataset_names(source))
        self.name.setCurrentText(str(dataset.get("name", "")))
        self.csv_path.setText(str(dataset.get("path", "")))
        target = dataset.get("target", "")
        self.csv_target.setText(", ".join(target) if isinstance(target, list) else str(target))
        for path, widget in self.settings.items():
            show(widget, DATA.field(path), DATA.value(spec, path))
        self.scaling.setCurrentText(scaling_of(spec))
        is_csv = source == "csv"
        is_folder = source == "image_folder"  # its path in the file row
        self.form.labelForField(self._file_row).setText("Image folder" if is_folder
                                                        else "CSV file")
        is_synthetic = source == "synthetic"
        # form rows: 1 dataset, 2 CSV file, 3 CSV target, 4-6 synthetic options, 11-12 CSV
        # columns kept or left out
        for row, visible in ((1, not is_csv and not is_folder), (2, is_csv or is_folder),
                             (3, is_csv), (4, is_synthetic),
                             (5, is_synthetic), (6, is_synthetic), (11, is_csv), (12, is_csv)):
            self.form.setRowVisible(row, visible)
        if self.isVisible():
            self._binding_stale = False
            self._fill_binding(spec)
        else:
            self._binding_stale = True
        del blockers

    @property
    def binding(self) -> QTableWidget:
        """The table binding Inputs to columns and Outputs to targets, up to date."""
        if self._binding_stale:
            self._fill_binding_now()
        return self._binding_table

    def _fill_binding_now(self) -> None:
        self._binding_stale = False
        refreshing, self._refreshing = self._refreshing, True
        try:
            with QSignalBlocker(self._binding_table):
                self._fill_binding(self.spec())
        finally:
            self._refreshing = refreshing

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if self._binding_stale:
            self._fill_binding_now()
        super().showEvent(event)

    def _fill_binding(self, spec: dict) -> None:
        graph = self.document.graph
        # a damaged section shows as unbound; the Problems panel names the bad value
        inputs = spec.get("inputs") if isinstance(spec.get("inputs"), dict) else {}
        targets = spec.get("targets") if isinstance(spec.get("targets"), dict) else {}
        rows = [n for n in graph.nodes if n.kind is not None
                and (n.kind.is_input or n.kind.is_output)]
        self._binding_table.setRowCount(len(rows))
        for row, node in enumerate(rows):
            self._set_cell_text(row, 0, node.name, node.id)
            self._set_cell_text(row, 1, node.type)
            if node.kind.is_input:
                # the row was an Output's (an open editor is a cell widget too: kept)
                if isinstance(self._binding_table.cellWidget(row, 2), QComboBox):
                    self._binding_table.removeCellWidget(row, 2)
                bound = inputs.get(node.id)
                bound = bound if isinstance(bound, dict) else {}
                text = ("reshape " + "x".join(str(d) for d in bound["reshape"])
                        if "reshape" in bound else columns_text(bound.get("columns", "all")))
                self._set_cell_text(row, 2, text, editable=True)
            else:
                self._set_cell_text(row, 2, "")
                combo = self._binding_table.cellWidget(row, 2)
                if not isinstance(combo, QComboBox):
                    combo = QComboBox()
                    combo.activated.connect(self._on_target_picked)
                    self._binding_table.setCellWidget(row, 2, combo)
                with QSignalBlocker(combo):
                    combo.clear()
                    combo.addItems(self.target_names)
                    ref = targets.get(node.id, "target")
                    combo.setCurrentText(self.main_target if ref == "target"
                                         else reference_name(ref))
                combo.setProperty("node_id", node.id)
        self._fit_binding_width(rows)

    def _fit_binding_width(self, rows) -> None:
        """The table asks for the width its headers, names and target boxes need, so that
        nothing in it is cut and it never scrolls sideways."""
        table, header = self._binding_table, self._binding_table.horizontalHeader()
        text = table.fontMetrics().horizontalAdvance
        pad = 2 * table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 12
        names = [max([text(n.name) for n in rows], default=0) + pad,
                 max([text(n.type) for n in rows], default=0) + pad,
                 max([text(t) for t in self.target_names], default=0) + COMBO_ARROW + pad]
        widths = [max(header.sectionSizeHint(c), names[c]) for c in range(3)]
        table.setMinimumWidth(sum(widths) + 2 * table.frameWidth() + 2)

    def _set_cell_text(self, row: int, column: int, text: str, node_id: str | None = None,
                       editable: bool = False) -> None:
        """Updates the cell in place: replacing items while the table closes the editor of
        the edit that led here would orphan that editor, and the next edit would fail."""
        item = self._binding_table.item(row, column)
        if item is None:
            item = QTableWidgetItem(text)
            if not editable:
                item.setFlags(item.flags() & ~_editable())
            self._binding_table.setItem(row, column, item)
        elif item.text() != text:
            item.setText(text)
        flags = item.flags() | _editable() if editable else item.flags() & ~_editable()
        if item.flags() != flags:
            item.setFlags(flags)
        if node_id is not None and item.data(256) != node_id:
            item.setData(256, node_id)  # Qt.UserRole

    def set_data_info(self, prepared) -> None:
        """What the loaded data allows: its column count, feature and target names."""
        self.n_columns = prepared.dataset.n_columns
        self.feature_names = list(prepared.feature_names)
        self.target_names = list(prepared.dataset.targets)
        self.main_target = prepared.dataset.main_key
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
        spec["dataset"] = dataset
        self._push(spec, f"Data source {source}")

    @Slot()
    def _on_edit(self, *_args) -> None:
        if self._refreshing:
            return
        spec = self.spec()
        source = self.source.currentText()
        dataset: dict = {"source": source}
        if source == "image_folder":
            dataset["path"] = self.csv_path.text().strip()
        elif source == "csv":
            dataset["path"] = self.csv_path.text().strip()
            names = [t.strip() for t in self.csv_target.text().split(",") if t.strip()]
            dataset["target"] = names[0] if len(names) == 1 else names
        elif source == "points":  # drawn in the Learn tab's 2-D editor: kept as they are
            dataset["points"] = (spec.get("dataset") or {}).get("points")
        else:
            dataset["name"] = self.name.currentText()
        dataset.update(kept_options(spec.get("dataset"), dataset))  # image and text options
        spec["dataset"] = dataset
        for path, widget in self.settings.items():
            if _belongs(path, source):
                spec = DATA.with_value(spec, path, shown(widget, DATA.field(path)))
        self._push(spec, "Change data settings")

    @Slot()
    def _on_browse(self) -> None:
        if self.source.currentText() == "image_folder":
            path = QFileDialog.getExistingDirectory(self, "Choose a folder with one subfolder "
                                                    "per class")
        else:
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
        node_id = self._binding_table.item(item.row(), 0).data(256)
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
        targets[node_id] = target_reference(combo.currentText(), self.main_target)
        spec["targets"] = targets
        self._push(spec, f"Target of {self.document.graph.node(node_id).name}")

    @Slot(str)
    def _on_section_changed(self, section: str) -> None:
        if section == "data":
            self.refresh()

    @Slot(object)
    def _on_graph_edited(self, edit) -> None:
        if edit.changes_membership:  # the binding table lists Inputs and Outputs by name
            self.refresh()


def _editable():
    from PySide6.QtCore import Qt

    return Qt.ItemFlag.ItemIsEditable


def _belongs(setting: str, source: str) -> bool:
    """Whether a declared setting applies to a dataset from `source`."""
    if not setting.startswith("dataset."):
        return True
    return source == ("csv" if setting in CSV_SETTINGS else "synthetic")

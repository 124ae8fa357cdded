"""The Runs tab: every run recorded beside the project (engine.runs), sortable by any test
figure; ticked runs overlay their loss curves; two selected runs are compared (graph and
settings, the changed nodes selected on the canvas); a run is restored as one undoable edit,
with its trained weights when it kept them; Pin keeps a run's weights (the latest and the best
run keep theirs too, engine.runs.weights); deleting asks first."""

from __future__ import annotations

import math
from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.errors import DendriteError
from engine.params import show_value
from engine.runs import RunList, delete_run, list_runs
from engine.runs.diff import graph_diff
from engine.runs.record import run_order
from engine.runs.tensorboard import SETTING as TENSORBOARD
from engine.runs.tensorboard import logs_folder, tensorboard_command
from engine.runs.weights import has_weights, pin_run, prune_weights, run_state
from engine.sections import TRAINING
from gui.training.run_commands import restore_run_command

FIXED_COLUMNS = ["Run", "Started", "Epochs", "Ending", "Seconds", "Pinned", "Weights"]
SETTING_COLUMNS = ["optimizer", "learning_rate", "batch_size"]
NOT_SAVED = "Save the project to keep a history of its training runs."
PENS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b"]


class _SortItem(QTableWidgetItem):
    """Sorts by the number it holds (a run without the figure sorts last)."""

    def __init__(self, value):
        text = "" if value is None else (f"{value:.4g}" if isinstance(value, float)
                                         else show_value(value).strip("'\""))
        super().__init__(text)
        self.value = value

    def __lt__(self, other):
        mine, theirs = _key(self.value), _key(getattr(other, "value", None))
        return mine < theirs


def _key(value):
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (0, float(value), "")
    return (1, 0.0, "" if value is None else str(value))


class RunsPanel(QWidget):
    highlight_requested = Signal(list)  # node ids a comparison found changed

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        # the training panel's SessionRunner (set by the window): a restored run's weights
        # go to its session; without one, Restore brings back the graph and settings only
        self.runner = None
        self.runs = RunList()
        self.status = QLabel(NOT_SAVED)
        self.status.setObjectName("runs_status")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("runs_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setLabel("bottom", "epoch")
        self.plot.setLabel("left", "loss")
        self.plot.addLegend(offset=(-10, 10))  # top right, clear of falling curves
        self.diff_view = QPlainTextEdit()
        self.diff_view.setObjectName("runs_diff")
        self.diff_view.setReadOnly(True)
        self.diff_view.setPlaceholderText("Select two runs and press Compare.")
        self.compare_button = QPushButton("Compare")
        self.restore_button = QPushButton("Restore this run")
        self.pin_button = QPushButton("Pin")
        self.pin_button.setToolTip("Keep the selected runs' weights (a pinned run restores "
                                   "trained); press again to unpin")
        self.delete_button = QPushButton("Delete…")
        self.refresh_button = QPushButton("Refresh")
        self.tensorboard_box = QCheckBox(TRAINING.field(TENSORBOARD).title)
        self.tensorboard_box.setObjectName("tensorboard_logs")
        self.tensorboard_box.setToolTip(TRAINING.field(TENSORBOARD).help)
        for name, button in (("compare_runs", self.compare_button),
                             ("restore_run", self.restore_button),
                             ("pin_runs", self.pin_button),
                             ("delete_runs", self.delete_button),
                             ("refresh_runs", self.refresh_button)):
            button.setObjectName(name)
        self._lay_out()
        self.compare_button.clicked.connect(self.compare)
        self.restore_button.clicked.connect(self.restore)
        self.pin_button.clicked.connect(self.toggle_pin)
        self.delete_button.clicked.connect(self.delete)
        self.refresh_button.clicked.connect(self.refresh)
        self.tensorboard_box.toggled.connect(self._on_tensorboard_toggled)
        document.section_changed.connect(self._show_tensorboard_setting)
        document.project_replaced.connect(self._show_tensorboard_setting)
        self._show_tensorboard_setting()
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        document.path_changed.connect(self._on_path_changed)
        self.refresh()

    def _lay_out(self) -> None:
        buttons = QHBoxLayout()
        for button in (self.compare_button, self.restore_button, self.pin_button,
                       self.delete_button, self.refresh_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.tensorboard_box)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.plot)
        lower.addWidget(self.diff_view)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)

    # ---- TensorBoard ------------------------------------------------------------------
    def _show_tensorboard_setting(self, *_args) -> None:
        blocked = self.tensorboard_box.blockSignals(True)
        self.tensorboard_box.setChecked(bool(self.document.project.setting("training",
                                                                           TENSORBOARD)))
        self.tensorboard_box.blockSignals(blocked)

    @Slot(bool)
    def _on_tensorboard_toggled(self, on: bool) -> None:
        training = TRAINING.with_value(self.document.project.training, TENSORBOARD, on)
        self.document.set_section("training", training,
                                  "Write TensorBoard logs" if on else "No TensorBoard logs")

    def tensorboard_text(self) -> str:
        path = self.document.path
        where = (f"The logs of each run go to {logs_folder(path)}" if path is not None
                 else "Save the project first: the logs go in a folder beside it")
        state = "on" if self.document.project.setting("training", TENSORBOARD) else "off"
        return (f"TensorBoard logs are {state} (the Runs tab's checkbox). {where}.\n\n"
                f"Open them with:\n{tensorboard_command(path)}")

    @Slot()
    def show_tensorboard_command(self) -> None:
        QMessageBox.information(self, "TensorBoard logs", self.tensorboard_text())

    # ---- reading ----------------------------------------------------------------------
    @Slot(object)
    def _on_path_changed(self, _path) -> None:
        self.refresh()

    @Slot(object)
    def on_session_event(self, event) -> None:
        """The training session's events (SessionRunner.event): a recorded run is listed."""
        if getattr(event, "kind", None) == "run_recorded":
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        path = self.document.path
        self.runs = list_runs(path) if path is not None else RunList()
        if path is None:
            self.status.setText(NOT_SAVED)
        else:
            count = len(self.runs.records)
            words = f"{count} run{'s' if count != 1 else ''} recorded beside {path.name}."
            self.status.setText(" ".join([words, *self.runs.problems]))
        self._fill_table()
        self._draw_curves()

    def _fill_table(self) -> None:
        figures = sorted({k for r in self.runs.records for k in r.test})
        headers = FIXED_COLUMNS + SETTING_COLUMNS + [f"test {f}" for f in figures]
        self.table.blockSignals(True)
        self.table.setSortingEnabled(False)
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.runs.records))
        for row, record in enumerate(self.runs.records):
            first = _SortItem(record.id)
            first.setFlags(first.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            first.setCheckState(Qt.CheckState.Unchecked)
            first.setData(Qt.ItemDataRole.UserRole, record.id)
            settings = record.settings()
            kept = "kept" if has_weights(self.document.path, record.id) else ""
            values = [record.started.replace("T", " ")[:19], record.epochs, record.reason,
                      record.seconds, "pinned" if record.pinned else "", kept,
                      *(settings.get(k) for k in SETTING_COLUMNS),
                      *(record.test.get(f) for f in figures)]
            self.table.setItem(row, 0, first)
            for column, value in enumerate(values, start=1):
                self.table.setItem(row, column, _SortItem(value))
        self.table.setSortingEnabled(True)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def column_of(self, header: str) -> int:
        labels = [self.table.horizontalHeaderItem(i).text()
                  for i in range(self.table.columnCount())]
        return labels.index(header)

    def run_ids(self) -> list[str]:
        """The runs in the order the table shows them."""
        return [self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)
                for r in range(self.table.rowCount())]

    def _ids_where(self, test) -> list[str]:
        return [self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)
                for r in range(self.table.rowCount()) if test(r)]

    def ticked_ids(self) -> list[str]:
        return self._ids_where(
            lambda r: self.table.item(r, 0).checkState() == Qt.CheckState.Checked)

    def selected_ids(self) -> list[str]:
        rows = {i.row() for i in self.table.selectedItems()}
        return self._ids_where(lambda r: r in rows)

    # ---- curves -----------------------------------------------------------------------
    @Slot(QTableWidgetItem)
    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            self._draw_curves()

    def _draw_curves(self) -> None:
        self.plot.clear()
        self.curves = {}
        for number, run_id in enumerate(self.ticked_ids()):
            record = self.runs.by_id(run_id)
            colour = PENS[number % len(PENS)]
            for key, style in (("loss", Qt.PenStyle.SolidLine),
                               ("val_loss", Qt.PenStyle.DashLine)):
                values = np.array(record.curve(key), dtype=float)
                if not len(values):
                    continue
                epochs = np.arange(1, len(values) + 1)
                self.curves[(run_id, key)] = self.plot.plot(
                    epochs, np.where(np.isfinite(values), values, math.nan),
                    pen=pg.mkPen(colour, width=2, style=style), name=f"{run_id} {key}")

    # ---- actions ----------------------------------------------------------------------
    def _update_buttons(self) -> None:
        count = len(self.selected_ids())
        self.compare_button.setEnabled(count == 2)
        self.restore_button.setEnabled(count == 1)
        self.pin_button.setEnabled(count >= 1)
        chosen = [self.runs.by_id(i) for i in self.selected_ids()]
        self.pin_button.setText("Unpin" if chosen and all(r.pinned for r in chosen)
                                else "Pin")
        self.delete_button.setEnabled(count >= 1)

    @Slot()
    def compare(self) -> list[str]:
        """What changed from the older selected run to the newer one."""
        chosen = [self.runs.by_id(i) for i in self.selected_ids()]
        if len(chosen) != 2:
            return []
        old, new = sorted(chosen, key=run_order)
        diff = graph_diff(old.graph, new.graph, {"training": old.training, "data": old.data},
                          {"training": new.training, "data": new.data})
        lines = diff.lines()
        self.diff_view.setPlainText(f"From {old.id} to {new.id}:\n" + "\n".join(lines))
        present = [i for i in diff.changed_ids() if self.document.graph.has_node(i)]
        if present:
            self.highlight_requested.emit(sorted(present))
        return lines

    @Slot()
    def restore(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        record = self.runs.by_id(ids[0])
        try:
            command = restore_run_command(self.document.project, record)
        except DendriteError as exc:
            self.status.setText(f"Run {record.id} cannot be restored: {exc}")
            return
        self.document.undo_stack.push(command)
        path = self.document.path
        if self.runner is not None and path is not None and has_weights(path, record.id):
            # read in the worker thread, as a sidecar is; the session says what it restored
            reader = partial(run_state, path, record, self.document.project.graph.copy())
            self.runner.load(self.document.project.copy(), reader)
            self.status.setText(f"Restored the graph, settings and trained weights of run "
                                f"{record.id} (Undo puts back the graph and settings).")
            return
        self.status.setText(f"Restored the graph and settings of run {record.id} "
                            "(Undo puts back what was there).")

    @Slot()
    def toggle_pin(self) -> None:
        """Pins the selected runs (their weights stay), or unpins them when all are."""
        chosen = [self.runs.by_id(i) for i in self.selected_ids()]
        path = self.document.path
        if not chosen or path is None:
            return
        pinned = not all(r.pinned for r in chosen)
        failed = []
        for record in chosen:
            try:
                pin_run(path, record, pinned)
            except (OSError, DendriteError) as exc:
                failed.append(f"{record.id}: {exc}")
        if not pinned:
            prune_weights(path)
        selected = {r.id for r in chosen}
        self.refresh()
        self._select(selected)
        if failed:
            self.status.setText("Not changed: " + "; ".join(failed))
            return
        bare = [r.id for r in chosen if not has_weights(path, r.id)]
        words = "Pinned" if pinned else "Unpinned"
        note = (f" {', '.join(bare)} kept no weights (only the latest, the best and pinned "
                "runs keep theirs): restoring it brings back the graph and settings only."
                if pinned and bare else "")
        self.status.setText(f"{words} {len(chosen)} run{'s' if len(chosen) > 1 else ''}."
                            + note)

    def _select(self, ids: set[str]) -> None:
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) in ids:
                self.table.selectRow(row)
        self.table.setSelectionMode(mode)

    @Slot()
    def delete(self) -> None:
        ids = self.selected_ids()
        if not ids or self.document.path is None:
            return
        answer = QMessageBox.question(
            self, "Delete runs", f"Delete {len(ids)} recorded run{'s' if len(ids) > 1 else ''}"
            " from the history? This cannot be undone.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        failed = []
        for run_id in ids:
            try:
                delete_run(self.document.path, run_id)
            except (OSError, DendriteError) as exc:
                failed.append(f"{run_id}: {exc}")
        self.refresh()
        if failed:
            self.status.setText("Not deleted: " + "; ".join(failed))

"""Live training curves: the per-batch loss and the per-epoch history of every loss and metric.

Data arrives through plain method calls from the GUI thread (the panel's slots); the curves are
redrawn from a timer so a burst of batches costs one `setData`, never one per batch.

The axes must not be laid out again on every redraw: while training, the GUI thread gets the
interpreter lock only between the worker's slices, so each of the hundreds of Python calls an
axis relayout makes (tick positions, texts, widths) can wait for it. The views therefore follow
the data in steady steps (`gui.training.plot_range.SteadyRange`: 1, 2, 2.5, 5 x 10^k, whole decades in log scale)
instead of pyqtgraph's auto-range, the x axes are set to the run's end when it starts, the
left axis has a fixed width and the axes are cached as pixmaps: a redraw during a run changes
the curves only. A user's pan or zoom is left alone until the plot's "A" (auto-range) button
is pressed.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QIODevice, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.atomic_file import WriteError, atomic_write
from gui.training.plot_range import SteadyRange

REFRESH_MS = 100  # 10 Hz, the rate the trainer reports batches at
AXIS_WIDTH = 54  # pixels of the left axis (tick texts such as 0.0025 or 1e+03 fit)
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf"]


def base_key(key: str) -> str:
    return key[4:] if key.startswith("val_") else key


def _plot_widget(title: str, x_label: str, y_label: str) -> pg.PlotWidget:
    widget = pg.PlotWidget(background="w")
    item = widget.getPlotItem()
    item.setTitle(title, color="#333333", size="10pt")
    item.showGrid(x=True, y=True, alpha=0.25)
    item.setLabel("bottom", x_label)
    item.setLabel("left", y_label)
    item.getAxis("left").enableAutoSIPrefix(False)
    item.getAxis("left").setWidth(AXIS_WIDTH)
    for name in ("left", "bottom", "top", "right"):  # a redraw of the curves blits them
        item.getAxis(name).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    item.setClipToView(True)
    item.setDownsampling(auto=True, mode="peak")
    return widget


class BatchLossPlot(QWidget):
    """Loss of every reported batch, in preallocated arrays that double when full."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plot = _plot_widget("Loss per batch", "batch", "loss")
        self.curve = self.plot.plot(pen=pg.mkPen(PALETTE[0], width=1))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self._x = np.empty(1024, dtype=np.float64)
        self._y = np.empty(1024, dtype=np.float64)
        self.count = 0
        self._log = False
        self._dirty = False
        self.range = SteadyRange(self.plot, self._mark_dirty)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._refresh)
        self._timer.start()

    def _mark_dirty(self) -> None:
        self._dirty = True

    def clear(self) -> None:
        self.count = 0
        self.range.reset()
        self._dirty = True

    def append(self, steps, losses) -> None:
        """Adds points (global batch numbers and their losses); drawn at the next refresh."""
        steps = np.asarray(steps, dtype=np.float64).ravel()
        losses = np.asarray(losses, dtype=np.float64).ravel()
        need = self.count + len(steps)
        if need > len(self._x):
            size = max(need, 2 * len(self._x))
            self._x = np.resize(self._x, size)
            self._y = np.resize(self._y, size)
        self._x[self.count:need] = steps
        self._y[self.count:need] = losses
        self.count = need
        self._dirty = True

    def values(self) -> tuple[np.ndarray, np.ndarray]:
        return self._x[:self.count], self._y[:self.count]

    def set_log_y(self, on: bool) -> None:
        self._log = on
        self.plot.getPlotItem().setLogMode(False, on)
        self.range.reset()
        self._dirty = True

    @Slot()
    def _refresh(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        x, y = self.values()
        if self._log:
            y = np.where(y > 0, y, np.nan)
        self.range.follow([x], [y], self._log)
        self.curve.setData(x, y, connect="finite")


class HistoryPlot(QWidget):
    """One curve per history key (the seed's `pd.DataFrame(history.history).plot()`), live."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plot = _plot_widget("Every loss and metric per epoch", "epoch", "value")
        self.legend = self.plot.getPlotItem().addLegend(
            offset=(-10, 10), brush=pg.mkBrush(255, 255, 255, 210))
        self.readout = QLabel(" ")
        self.readout.setObjectName("history_readout")
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        layout.addWidget(self.readout)
        self.history: dict[str, list[float]] = {}
        self.curves: dict[str, pg.PlotDataItem] = {}
        self._colors: dict[str, str] = {}
        self._log = False
        self._dirty = False
        self._cursor = pg.InfiniteLine(angle=90, movable=False,
                                       pen=pg.mkPen("#888888", style=Qt.PenStyle.DotLine))
        self._cursor.setVisible(False)
        self.plot.addItem(self._cursor, ignoreBounds=True)
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.range = SteadyRange(self.plot, self._mark_dirty)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._refresh)
        # half a period after the batch plot's: the window paints the two in separate passes
        QTimer.singleShot(REFRESH_MS // 2, self._timer.start)

    # ---- data ------------------------------------------------------------------------------
    @property
    def epochs(self) -> int:
        return max((len(v) for v in self.history.values()), default=0)

    def _mark_dirty(self) -> None:
        self._dirty = True

    def clear(self) -> None:
        """Empties the curves. They and their legend entries stay for the next run's first
        epoch (usually the same keys), so a Start does not rebuild them; a key that does not
        come back goes then."""
        self.history = {}
        for curve in self.curves.values():
            curve.setData([], [])
        self._cursor.setVisible(False)
        self.readout.setText(" ")
        self.range.reset()
        self._dirty = True

    def set_history(self, history: dict) -> None:
        """Replaces everything with a whole history ({key: [value per epoch]})."""
        self.clear()
        for key, values in history.items():
            self.history[key] = [_number(v) for v in values]
        self._dirty = True

    def append_epoch(self, logs: dict) -> None:
        """Adds one epoch; a key first seen now is padded with NaN for earlier epochs."""
        epoch = self.epochs
        for key, value in logs.items():
            series = self.history.setdefault(key, [])
            series.extend([math.nan] * (epoch - len(series)))
            series.append(_number(value))
        for series in self.history.values():
            series.extend([math.nan] * (epoch + 1 - len(series)))
        self._dirty = True

    def point_count(self) -> int:
        return sum(int(np.isfinite(c.getData()[1]).sum()) if c.getData()[1] is not None else 0
                   for c in self.curves.values())

    # ---- view ------------------------------------------------------------------------------
    def set_log_y(self, on: bool) -> None:
        self._log = on
        self.plot.getPlotItem().setLogMode(False, on)
        self.range.reset()
        self._dirty = True

    def _color(self, key: str) -> str:
        base = base_key(key)
        if base not in self._colors:
            self._colors[base] = PALETTE[len(self._colors) % len(PALETTE)]
        return self._colors[base]

    @Slot()
    def _refresh(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        if self.history:
            for key in [k for k in self.curves if k not in self.history]:
                curve = self.curves.pop(key)
                self.legend.removeItem(curve)
                self.plot.removeItem(curve)
        xs, ys = [], []
        for key in sorted(self.history, key=lambda k: (base_key(k), k.startswith("val_"))):
            y = np.asarray(self.history[key], dtype=np.float64)
            if self._log:
                y = np.where(y > 0, y, np.nan)
            x = np.arange(1, len(y) + 1, dtype=np.float64)
            xs.append(x)
            ys.append(y)
            curve = self.curves.get(key)
            if curve is None:
                style = Qt.PenStyle.DashLine if key.startswith("val_") else Qt.PenStyle.SolidLine
                curve = self.plot.plot(pen=pg.mkPen(self._color(key), width=2, style=style),
                                       symbol="o", symbolSize=4,
                                       symbolBrush=self._color(key), name=key)
                self.curves[key] = curve
            curve.setData(x, y, connect="finite")
        self.range.follow(xs, ys, self._log)

    @Slot(object)
    def _on_mouse_moved(self, pos) -> None:
        item = self.plot.getPlotItem()
        if not self.history or not item.sceneBoundingRect().contains(pos):
            self._cursor.setVisible(False)
            return
        x = item.vb.mapSceneToView(pos).x()
        self.show_readout(int(round(x)))

    def show_readout(self, epoch: int) -> str:
        """Puts the cursor on an epoch (counted from 1) and lists every value there."""
        epoch = min(max(epoch, 1), max(self.epochs, 1))
        self._cursor.setPos(epoch)
        self._cursor.setVisible(True)
        parts = [f"epoch {epoch}"]
        for key in sorted(self.history):
            series = self.history[key]
            if epoch <= len(series):
                parts.append(f"{key} {_show(series[epoch - 1])}")
        text = "   ".join(parts)
        self.readout.setText(text)
        return text

    # ---- export ----------------------------------------------------------------------------
    def write_csv(self, path) -> Path:
        path = Path(path)
        keys = list(self.history)
        handle = io.StringIO(newline="")
        writer = csv.writer(handle)
        writer.writerow(["epoch", *keys])
        for i in range(self.epochs):
            row = [i + 1]
            for key in keys:
                series = self.history[key]
                row.append("" if i >= len(series) or math.isnan(series[i])
                           else repr(series[i]))
            writer.writerow(row)
        atomic_write(path, handle.getvalue().encode("utf-8"))
        return path


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _show(value: float) -> str:
    return "nan" if math.isnan(value) else f"{value:.4g}"


class TrainingPlots(QWidget):
    """Both plots with a log-scale toggle and PNG/CSV export."""

    exported = Signal(str)  # the path written

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.batch_plot = BatchLossPlot()
        self.history_plot = HistoryPlot()
        self.log_check = QCheckBox("Log scale")
        self.log_check.setObjectName("log_scale")
        self.log_check.toggled.connect(self.set_log_y)
        self.png_button = QPushButton("Export PNG…")
        self.png_button.setObjectName("export_png")
        self.png_button.clicked.connect(self._ask_png)
        self.csv_button = QPushButton("Export CSV…")
        self.csv_button.setObjectName("export_csv")
        self.csv_button.clicked.connect(self._ask_csv)
        bar = QHBoxLayout()
        bar.addWidget(self.log_check)
        bar.addStretch(1)
        bar.addWidget(self.png_button)
        bar.addWidget(self.csv_button)
        plots = QHBoxLayout()
        plots.addWidget(self.batch_plot, 2)
        plots.addWidget(self.history_plot, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(plots, 1)

    @Slot(bool)
    def set_log_y(self, on: bool) -> None:
        self.batch_plot.set_log_y(on)
        self.history_plot.set_log_y(on)

    def clear(self) -> None:
        self.batch_plot.clear()
        self.history_plot.clear()

    def expect(self, last_epoch: int, batches_per_epoch: int) -> None:
        """A run going to `last_epoch` (counted over the session) starts: the x axes are set
        to its end at once, so they are not laid out again as the curves grow."""
        self.batch_plot.range.expect(last_epoch * max(1, batches_per_epoch))
        self.history_plot.range.expect(last_epoch)
        self.batch_plot._dirty = self.history_plot._dirty = True

    def refresh_now(self) -> None:
        self.batch_plot._refresh()
        self.history_plot._refresh()

    def write_png(self, path) -> Path:
        self.refresh_now()
        path = Path(path)
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not self.grab().save(buffer, "PNG"):
            raise WriteError(path, None, "the picture could not be encoded as PNG")
        atomic_write(path, bytes(buffer.data()))
        return path

    def write_csv(self, path) -> Path:
        return self.history_plot.write_csv(path)

    @Slot()
    def _ask_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export the curves as PNG", "curves.png",
                                              "PNG image (*.png)")
        if path:
            self._export(self.write_png, path)

    @Slot()
    def _ask_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export the history as CSV", "history.csv",
                                              "CSV table (*.csv)")
        if path:
            self._export(self.write_csv, path)

    def _export(self, write, path: str) -> None:
        try:
            self.exported.emit(str(write(path)))
        except OSError as exc:  # engine.atomic_file.WriteError names the file and the cause
            QMessageBox.warning(self, "Cannot export", str(exc))

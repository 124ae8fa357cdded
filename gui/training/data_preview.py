"""What the loaded data looks like: its first rows (or images with their labels), each
column's type and missing values, the main target's spread as a small plot, the shapes of
the splits and what loading did."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from engine.data.profile import column_profiles, target_distribution
from gui.training.plots import PALETTE

IMAGE_SIZE = 56
GRID_COLUMNS = 8
SMALL_RANGE = 64  # pixel values up to this (but above 1) are stretched to 0-255


def image_pixmap(image: np.ndarray, size: int = IMAGE_SIZE) -> QPixmap:
    """A pixmap of one image: (height, width) or (height, width, 1) grey, (height, width, 3)
    colour; 0-255 or 0-1 values alike (other ranges, e.g. standard-scaled or the digits'
    0-16, are stretched)."""
    values = np.asarray(image, dtype=np.float64)
    if values.ndim == 3 and values.shape[-1] == 1:
        values = values[..., 0]
    low = values.min() if values.size else 0.0
    top = values.max() if values.size else 1.0
    if low < 0 or top > 255:
        values = (values - low) / ((top - low) or 1.0)
        top = 1.0
    if top <= 1.0:
        values = values * 255.0
    elif top < SMALL_RANGE:  # e.g. the digits' 0-16
        values = values * (255.0 / top)
    pixels = np.ascontiguousarray(np.clip(values, 0, 255).astype(np.uint8))
    height, width = pixels.shape[:2]
    if pixels.ndim == 3:
        qimage = QImage(pixels.data, width, height, 3 * width,
                        QImage.Format.Format_RGB888).copy()
    else:
        qimage = QImage(pixels.data, width, height, width,
                        QImage.Format.Format_Grayscale8).copy()
    return QPixmap.fromImage(qimage).scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                                            Qt.TransformationMode.FastTransformation)


class ImageGrid(QWidget):
    """Images with their labels under them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.labels: list[str] = []

    def show_images(self, images, labels) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.labels = list(labels)
        for i, (image, label) in enumerate(zip(images, labels, strict=False)):
            cell = QWidget()
            box = QVBoxLayout(cell)
            box.setContentsMargins(2, 2, 2, 2)
            picture = QLabel()
            picture.setPixmap(image_pixmap(image))
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption = QLabel(str(label))
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(picture)
            box.addWidget(caption)
            self.grid.addWidget(cell, i // GRID_COLUMNS, i % GRID_COLUMNS)


class DataPreview(QWidget):
    """A table for tabular data, a grid for images, and a text summary under them."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableView()
        self.table.setObjectName("data_preview_table")
        self.model = QStandardItemModel(self)
        self.table.setModel(self.model)
        self.images = ImageGrid()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.images)
        self.columns = QTableView()
        self.columns.setObjectName("data_columns")
        self.columns_model = QStandardItemModel(0, 4, self)
        self.columns.setModel(self.columns_model)
        self.columns.verticalHeader().setVisible(False)
        self.columns.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.columns.horizontalHeader().setStretchLastSection(True)
        self.distribution = pg.PlotWidget(background=None)
        self.distribution.setObjectName("target_distribution")
        self.distribution.setMouseEnabled(x=False, y=False)
        self.distribution.setMinimumHeight(150)
        self.distribution.setLabel("left", "samples")
        self.bars: pg.BarGraphItem | None = None
        self.shown_distribution = None
        self.summary = QLabel("No data loaded yet.")
        self.summary.setObjectName("data_summary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack, 3)
        facts = QHBoxLayout()
        facts.addWidget(self.columns, 1)
        facts.addWidget(self.distribution, 1)
        layout.addLayout(facts, 2)
        layout.addWidget(self.summary)

    def show_data(self, prepared, rows: int = 16) -> None:
        preview = prepared.preview(rows)
        if prepared.is_image:
            self.images.show_images(preview.images, preview.labels)
            self.stack.setCurrentWidget(self.images)
        else:
            self.model.clear()
            self.model.setHorizontalHeaderLabels([str(c) for c in preview.columns])
            for row in preview.rows:
                self.model.appendRow([_cell(v) for v in row])
            self.table.resizeColumnsToContents()
            self.stack.setCurrentWidget(self.table)
        self._show_columns(prepared)
        self._show_distribution(prepared)
        self.summary.setText(summary_text(prepared))

    def _show_columns(self, prepared) -> None:
        profiles = column_profiles(prepared)
        self.columns_model.clear()
        self.columns_model.setHorizontalHeaderLabels(["column", "type", "missing", "range"])
        for profile in profiles:
            self.columns_model.appendRow([
                _cell(profile.name), _cell(profile.kind), _cell(str(profile.missing)),
                _cell(f"{profile.low:.4g} to {profile.high:.4g}")])
        self.columns.setVisible(bool(profiles))

    def _show_distribution(self, prepared) -> None:
        shown = target_distribution(prepared)
        self.shown_distribution = shown
        if self.bars is not None:
            self.distribution.removeItem(self.bars)
        positions = np.arange(len(shown.counts))
        self.bars = pg.BarGraphItem(x=positions, height=shown.counts, width=0.8,
                                    brush=pg.mkBrush(PALETTE[0]))
        self.distribution.addItem(self.bars)
        step = max(1, len(shown.labels) // 8)  # every label when few, some when many
        ticks = [(i, label) for i, label in enumerate(shown.labels) if i % step == 0]
        self.distribution.getAxis("bottom").setTicks([ticks])
        what = "class" if shown.task == "classification" else "target value"
        self.distribution.setTitle(f"Target by {what} (training split)", size="9pt")

    def show_message(self, text: str) -> None:
        self.summary.setText(text)

    def clear(self, text: str) -> None:
        """No data: empty tables and plot, and `text` saying why."""
        self.model.clear()
        self.columns_model.clear()
        self.images.show_images([], [])
        if self.bars is not None:
            self.distribution.removeItem(self.bars)
            self.bars = None
        self.shown_distribution = None
        self.summary.setText(text)


def _cell(value) -> QStandardItem:
    text = f"{value:.4g}" if isinstance(value, float) else str(value)
    item = QStandardItem(text)
    item.setEditable(False)
    return item


def summary_text(prepared) -> str:
    """Shapes of each split, class counts of the training split, what loading did."""
    lines = [prepared.dataset.description or prepared.dataset.name]
    shapes = ", ".join(f"{name} {list(shape)}" for name, shape in prepared.shapes().items())
    lines.append(f"Shapes: {shapes}")
    counts = prepared.class_counts("train")
    if counts:
        lines.append("Classes in the training split: "
                     + ", ".join(f"{name}: {count}" for name, count in counts.items()))
    else:
        lines.append(f"Task: {prepared.task}")
    lines.extend(prepared.report.messages)
    return "\n".join(lines)

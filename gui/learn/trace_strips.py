"""One traced example drawn node by node: a strip of coloured cells per node (blue negative,
white 0, red positive, scaled to the node's largest value), a grey image for a 2-D tensor,
each output's values beside its target, and, for a two-feature input, each neuron's output
over the input plane as a small heat map."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

ROW_HEIGHT = 46
NAME_WIDTH = 150
CELL = 18
MAX_CELLS = 256  # cells per node; more values are summarised in the row's text
IMAGE_SIDE = 84
MAP_SIDE = 40  # a neuron's map over the input plane (two-feature inputs)
MAX_MAPS = 16


def cell_colour(value: float, scale: float) -> QColor:
    """Blue for negative, white for 0, red for positive, by the value's share of `scale`."""
    share = 0.0 if scale <= 0 else max(-1.0, min(1.0, value / scale))
    fade = int(255 * (1 - abs(share)))
    return QColor(255, fade, fade) if share >= 0 else QColor(fade, fade, 255)


def map_image(grid: np.ndarray) -> QImage:
    """A neuron's (size, size) map as an image: first feature across, second upwards."""
    scale = float(np.abs(grid).max())
    size = grid.shape[0]
    image = QImage(size, size, QImage.Format.Format_RGB32)
    for i in range(size):
        for j in range(size):
            image.setPixelColor(i, size - 1 - j, cell_colour(float(grid[i, j]), scale))
    return image


def is_image(values: np.ndarray) -> bool:
    return values.ndim == 2 and min(values.shape) >= 4


class TraceStrips(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.sample = None
        self.maps = None  # engine NeuronMaps of the model, or None
        self.map_images: dict[str, list[QImage]] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def show_sample(self, sample, maps=None) -> None:
        if maps is not self.maps:
            self.maps = maps
            self.map_images = {} if maps is None else {
                name: [map_image(grid[:, :, k]) for k in range(min(grid.shape[2], MAX_MAPS))]
                for name, grid in maps.maps.items()}
        self.sample = sample
        self.updateGeometry()
        self.update()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.updateGeometry()  # the strips wrap to the width

    def _per_line(self) -> int:
        return max(8, (self.width() - NAME_WIDTH - 10) // CELL)

    def _lines(self, node) -> int:
        count = min(np.asarray(node.values).size, MAX_CELLS)
        return -(-count // self._per_line())

    def _row_height(self, node) -> int:
        if is_image(node.values):
            return IMAGE_SIDE + 8
        maps = MAP_SIDE + 6 if node.name in self.map_images else 0
        return ROW_HEIGHT + CELL * (self._lines(node) - 1) + maps

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        rows = self.sample.nodes if self.sample else []
        return QSize(NAME_WIDTH + CELL * 32 + 20,
                     max(120, sum(self._row_height(n) for n in rows) + 10))

    def row_text(self, node) -> str:
        """The words under a node's strip: its size and range, and an output's target."""
        flat = np.asarray(node.values, dtype=float).ravel()
        text = f"{flat.size} values, {flat.min():.3f} to {flat.max():.3f}"
        target = self.sample.targets.get(node.name) if node.is_output else None
        if target is not None:
            shown = " ".join(f"{v:.3f}" for v in flat[:6])
            text = f"output {shown}{' …' if flat.size > 6 else ''}   target " + \
                   " ".join(f"{v:g}" for v in np.ravel(target)[:6])
            names = self.sample.class_names
            if names and flat.size == len(names) > 1:
                best = int(flat.argmax())
                chance = flat if node.probabilities is None else np.ravel(node.probabilities)
                text += f"   → {names[best]} (p = {chance[best]:.3f})"
        return text

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        if self.sample is None:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "computing…")
            return
        font = QFont()
        font.setPointSize(9)
        painter.setFont(font)
        top = 6
        for node in self.sample.nodes:
            height = self._row_height(node)
            painter.setPen(self.palette().text().color())
            painter.drawText(QRectF(6, top, NAME_WIDTH - 10, 20), Qt.AlignmentFlag.AlignLeft,
                             node.name)
            values = np.asarray(node.values, dtype=float)
            if is_image(values):
                self._paint_image(painter, values, NAME_WIDTH, top)
                text_left = NAME_WIDTH + IMAGE_SIDE + 10
                painter.drawText(QRectF(text_left, top, 400, 20), Qt.AlignmentFlag.AlignLeft,
                                 self.row_text(node))
            else:
                self._paint_strip(painter, values.ravel(), NAME_WIDTH, top)
                painter.setPen(self.palette().text().color())
                below = top + CELL * self._lines(node) + 2
                painter.drawText(QRectF(NAME_WIDTH, below, 900, 18),
                                 Qt.AlignmentFlag.AlignLeft, self.row_text(node))
                self._paint_maps(painter, node.name, below + 20)
            top += height
        painter.end()

    def _paint_maps(self, painter: QPainter, name: str, top: float) -> None:
        painter.setPen(QPen(QColor("#868e96"), 0.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for k, image in enumerate(self.map_images.get(name, [])):
            target = QRectF(NAME_WIDTH + k * (MAP_SIDE + 4), top, MAP_SIDE, MAP_SIDE)
            painter.drawImage(target, image)
            painter.drawRect(target)

    def _paint_strip(self, painter: QPainter, flat: np.ndarray, left: int, top: int) -> None:
        scale = float(np.abs(flat).max()) if flat.size else 0.0
        painter.setPen(QPen(QColor("#868e96"), 0.5))
        per_line = self._per_line()
        for i, value in enumerate(flat[:MAX_CELLS]):
            painter.setBrush(cell_colour(float(value), scale))
            line, place = divmod(i, per_line)
            painter.drawRect(QRectF(left + place * CELL, top + line * CELL, CELL - 2, CELL - 2))

    def _paint_image(self, painter: QPainter, values: np.ndarray, left: int, top: int) -> None:
        low, high = float(values.min()), float(values.max())
        span = high - low or 1.0
        rows, columns = values.shape
        side = IMAGE_SIDE / max(rows, columns)
        painter.setPen(Qt.PenStyle.NoPen)
        for r in range(rows):
            for c in range(columns):
                grey = int(255 * (values[r, c] - low) / span)
                painter.setBrush(QColor(grey, grey, grey))
                painter.drawRect(QRectF(left + c * side, top + r * side, side + 0.5, side + 0.5))

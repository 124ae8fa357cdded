"""The network of the backprop walk-through drawn as neurons and weights: each neuron shows
the first sample's activation on the way forward and its ∂L/∂a on the way back; the
current layer is shaded and the followed weight drawn in orange. Hovering a weight shows
its value and gradient; clicking it follows that weight's chain rule."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from engine.learn.backprop_text import number
from gui.learn.backprop_tables import MAX_UNITS

RADIUS = 20
POSITIVE, NEGATIVE, FOLLOWED = QColor("#1864ab"), QColor("#c92a2a"), QColor("#f08c00")
SHADE = QColor(255, 236, 179, 140)
HIT_DISTANCE = 5.0  # pixels from a weight's line that count as on it


class NetworkDiagram(QWidget):
    weight_clicked = Signal(str, int, int)  # layer, row (input), column (neuron)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.walk = None
        self.step = None
        self.setMouseTracking(True)
        self.setMinimumSize(360, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def show_step(self, walk, step) -> None:
        self.walk, self.step = walk, step
        self.update()

    def labels(self) -> dict[str, list[str]]:
        """The text in each node's neurons at this step (what is painted)."""
        if self.walk is None:
            return {}
        kinds = [s.kind for s in self.walk.steps]
        index = self.walk.steps.index(self.step)
        going_back = index > kinds.index("loss")
        forward_done = [s.node for s in self.walk.steps[: index + 1] if s.kind == "forward"]
        back_done = [s.node for s in self.walk.steps[: index + 1] if s.kind == "backward"]
        found = {}
        for node in self.walk.nodes:
            values = node.a[0].ravel()
            shown = node.is_input or node.name in forward_done
            if going_back and node.name in back_done and node.d_a is not None:
                values, shown = node.d_a[0].ravel(), True
            found[node.name] = ([f"{v:.2f}" for v in values[:MAX_UNITS]] if shown
                                else [""] * min(values.size, MAX_UNITS))
        return found

    def _positions(self) -> dict[str, list[QPointF]]:
        nodes = self.walk.nodes
        width, height = self.width(), self.height() - 30
        positions = {}
        for column, node in enumerate(nodes):
            x = width * (column + 0.5) / len(nodes)
            count = min(node.a[0].size, MAX_UNITS)
            positions[node.name] = [QPointF(x, height * (row + 0.5) / count + 5)
                                    for row in range(count)]
        return positions

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if self.walk is None:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "computing…")
            return
        positions = self._positions()
        current = self.step.node if self.step else None
        if current in positions:
            x = positions[current][0].x()
            painter.fillRect(QRectF(x - 2 * RADIUS, 0, 4 * RADIUS, self.height()), SHADE)
        self._paint_weights(painter)
        labels = self.labels()
        font = QFont()
        font.setPointSize(8)
        painter.setFont(font)
        for node in self.walk.nodes:
            for point, text in zip(positions[node.name], labels[node.name], strict=False):
                painter.setPen(QPen(QColor("#333333"), 1.5))
                painter.setBrush(QColor("#e7f5ff") if node.is_input else QColor("#f8f9fa"))
                painter.drawEllipse(point, RADIUS, RADIUS)
                painter.drawText(QRectF(point.x() - RADIUS, point.y() - RADIUS, 2 * RADIUS,
                                        2 * RADIUS), Qt.AlignmentFlag.AlignCenter, text)
            bottom = QRectF(positions[node.name][0].x() - 60, self.height() - 24, 120, 20)
            painter.drawText(bottom, Qt.AlignmentFlag.AlignCenter, node.name)
        painter.drawText(QRectF(8, 4, self.width() - 16, 18), Qt.AlignmentFlag.AlignLeft,
                         self.legend())
        painter.end()

    def legend(self) -> str:
        kinds = [s.kind for s in self.walk.steps]
        if self.walk.steps.index(self.step) > kinds.index("loss"):
            return "sample 1: ∂L/∂a on the way back (a where not reached yet)"
        return "sample 1: activations a on the way forward"

    def weight_lines(self):
        """(layer, row, column, start, end) of every weight drawn."""
        positions = self._positions()
        for node in self.walk.followable:
            source = self.walk.node(node.sources[0])
            if source.name not in positions:
                continue
            for i, start in enumerate(positions[source.name][: node.kernel.shape[0]]):
                for j, end in enumerate(positions[node.name][: node.kernel.shape[1]]):
                    yield node.name, i, j, start, end

    def weight_at(self, point: QPointF) -> tuple[str, int, int] | None:
        """The weight whose line passes within HIT_DISTANCE of `point` (the nearest)."""
        if self.walk is None:
            return None
        best, found = HIT_DISTANCE, None
        for name, i, j, start, end in self.weight_lines():
            distance = _distance(point, start, end)
            if distance <= best:
                best, found = distance, (name, i, j)
        return found

    def weight_text(self, weight: tuple[str, int, int]) -> str:
        name, i, j = weight
        node = self.walk.node(name)
        return (f"w[{i + 1},{j + 1}] of {name} = {number(node.kernel[i, j])}\n"
                f"∂L/∂w = {number(node.kernel_grad[i, j])}, after the update "
                f"{number(node.kernel_new[i, j])}\nclick to follow its chain rule")

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        weight = self.weight_at(event.position())
        if weight is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self.weight_text(weight), self)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        weight = self.weight_at(event.position())
        if weight is not None and event.button() == Qt.MouseButton.LeftButton:
            self.weight_clicked.emit(*weight)

    def _paint_weights(self, painter: QPainter) -> None:
        chain = self.walk.chain
        followed = (chain.layer, chain.row, chain.column) if chain else None
        biggest = {n.name: float(abs(n.kernel).max()) or 1.0 for n in self.walk.weighted}
        for name, i, j, start, end in self.weight_lines():
            weight = float(self.walk.node(name).kernel[i, j])
            if (name, i, j) == followed:
                painter.setPen(QPen(FOLLOWED, 5.0))
            else:
                colour = POSITIVE if weight >= 0 else NEGATIVE
                painter.setPen(QPen(colour, 0.5 + 3.0 * abs(weight) / biggest[name]))
            painter.drawLine(start, end)


def _distance(point: QPointF, start: QPointF, end: QPointF) -> float:
    """From `point` to the segment start-end."""
    dx, dy = end.x() - start.x(), end.y() - start.y()
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else ((point.x() - start.x()) * dx + (point.y() - start.y()) * dy) / length
    t = max(0.0, min(1.0, t))
    return ((point.x() - start.x() - t * dx) ** 2 + (point.y() - start.y() - t * dy) ** 2) ** 0.5

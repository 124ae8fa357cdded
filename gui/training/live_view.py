"""Live views beside the training curves: the decision boundary (or regression surface) of
the user's own network over its two-feature data, with each hidden neuron's heat map, and
per-layer histograms of the weights and of their loss gradients, epoch by epoch.

Everything is computed in the training thread by engine.learn.live_watch (a Keras callback
registered on the session); the frames arrive through the session's events and are only
painted here. The latest frame's weight snapshot is also what the canvas hover card shows
(gui.learn.live_weights_hover).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from engine.learn.live_watch import LiveWatch
from gui.learn.plot_style import (
    CLASS_0_COLOUR,
    CLASS_1_COLOUR,
    REGION_0_COLOUR,
    REGION_1_COLOUR,
    make_plot,
    two_colour_lookup,
)
from gui.learn.trace_strips import map_image
from gui.training.plot_range import SteadyRange

CLASS_COLOURS = [CLASS_0_COLOUR, CLASS_1_COLOUR, "#2f9e44", "#c92a2a", "#862e9c", "#1098ad",
                 "#e67700", "#495057", "#d6336c", "#5c940d"]
REGION_COLOURS = [REGION_0_COLOUR, REGION_1_COLOUR, "#b2f2bb", "#ffc9c9", "#eebefa",
                  "#99e9f2", "#ffd8a8", "#dee2e6", "#fcc2d7", "#d8f5a2"]
MAX_MAPS = 8  # neuron maps shown per hidden layer
MAP_SIDE = 34
WAITING = ("Start training: the weights and gradients of every layer appear here after each "
           "epoch.")


def surface_colours(surface: np.ndarray, task: str) -> np.ndarray:
    """(size, size, 3) uint8 colours of an output surface: the class regions (lighter where
    the model is less sure), or a blue-to-yellow scale for a value."""
    surface = np.asarray(surface, dtype=float)
    if task == "classification" and surface.shape[-1] == 1:
        lookup = two_colour_lookup(REGION_0_COLOUR, REGION_1_COLOUR)
        index = np.clip(surface[..., 0], 0, 1) * 255
        return lookup[index.astype(np.int64)]
    if task == "classification":
        classes = surface.argmax(axis=-1)
        sure = surface.max(axis=-1)
        base = np.array([pg.mkColor(REGION_COLOURS[k % len(REGION_COLOURS)]).getRgb()[:3]
                         for k in range(surface.shape[-1])], dtype=float)[classes]
        share = np.clip((sure - 1 / surface.shape[-1]) / (1 - 1 / surface.shape[-1]), 0, 1)
        return (255 * (1 - share[..., None]) + base * share[..., None]).astype(np.uint8)
    values = surface[..., 0]
    low, high = float(values.min()), float(values.max())
    scaled = (values - low) / (high - low) if high > low else np.zeros_like(values)
    lookup = two_colour_lookup("#4263eb", "#fcc419")
    return lookup[(scaled * 255).astype(np.int64)]


class BoundaryView(QWidget):
    """The plane: the output's regions under the training points, hidden neurons' maps below."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.plane = None
        self.frame = None
        self.plot = make_plot("Decision boundary", "x1", "x2")
        self.plot.setObjectName("live_boundary_plot")
        self.image = pg.ImageItem()
        self.image.setZValue(-10)
        self.plot.addItem(self.image)
        self.points = pg.ScatterPlotItem(size=7, pen=pg.mkPen("#212529", width=0.6))
        self.plot.addItem(self.points)
        self.caption = QLabel("")
        self.caption.setObjectName("live_boundary_caption")
        self.caption.setWordWrap(True)
        self.neurons = NeuronMapsStrip()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.caption)
        layout.addWidget(self.neurons)

    def set_plane(self, plane) -> None:
        self.plane = plane
        self.frame = None
        task = plane.task
        self.plot.setTitle("Decision boundary" if task == "classification" else
                           "Regression surface", color="#333333", size="12pt")
        self.plot.getAxis("bottom").setLabel(plane.feature_names[0])
        self.plot.getAxis("left").setLabel(plane.feature_names[1])
        if task == "classification":
            classes = np.asarray(plane.targets).astype(np.int64)
            brushes = [pg.mkBrush(CLASS_COLOURS[int(c) % len(CLASS_COLOURS)]) for c in classes]
        else:
            values = np.asarray(plane.targets, dtype=float)
            low, high = float(values.min()), float(values.max())
            lookup = two_colour_lookup("#4263eb", "#fcc419")
            scaled = (values - low) / (high - low) if high > low else np.zeros_like(values)
            brushes = [pg.mkBrush(*lookup[int(s * 255)]) for s in scaled]
        self.points.setData(plane.points[:, 0], plane.points[:, 1], brush=brushes)
        self.image.clear()
        self.plot.setXRange(*plane.x_range, padding=0)
        self.plot.setYRange(*plane.y_range, padding=0)
        self.caption.setText("Waiting for the first epoch…")
        self.neurons.set_maps({})

    def show_frame(self, frame) -> None:
        if self.plane is None or frame.surface is None:
            return
        self.frame = frame
        plane = self.plane
        self.image.setImage(surface_colours(frame.surface, plane.task), autoLevels=False,
                            levels=(0, 255))
        self.image.setRect(QRectF(plane.x_range[0], plane.y_range[0],
                                  plane.x_range[1] - plane.x_range[0],
                                  plane.y_range[1] - plane.y_range[0]))
        what = "class regions" if plane.task == "classification" else "predicted value"
        self.caption.setText(f"Epoch {frame.epoch}: the {what} of output "
                             f"“{plane.output_name}” over the input plane, under the "
                             f"{len(plane.points)} training points.")
        self.neurons.set_maps(frame.maps)


class NeuronMapsStrip(QWidget):
    """Each hidden neuron's output over the plane: one row per layer."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.images: dict[str, list[QImage]] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_maps(self, maps: dict) -> None:
        self.images = {name: [map_image(grid[:, :, k])
                              for k in range(min(grid.shape[2], MAX_MAPS))]
                       for name, grid in maps.items() if grid.ndim == 3}
        self.setFixedHeight(max(1, len(self.images)) * (MAP_SIDE + 6) if self.images else 0)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(400, len(self.images) * (MAP_SIDE + 6))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        font = QFont()
        font.setPointSize(8)
        painter.setFont(font)
        for row, (name, images) in enumerate(self.images.items()):
            top = row * (MAP_SIDE + 6) + 2
            painter.setPen(QColor("#495057"))
            painter.drawText(QRectF(0, top, 90, MAP_SIDE), Qt.AlignmentFlag.AlignVCenter, name)
            painter.setPen(QPen(QColor("#868e96"), 0.5))
            for k, image in enumerate(images):
                target = QRectF(94 + k * (MAP_SIDE + 4), top, MAP_SIDE, MAP_SIDE)
                painter.drawImage(target, image)
                painter.drawRect(target)


class HistogramView(QWidget):
    """Pick a layer, scrub the epochs: its weights' and its gradients' histograms."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.frames: list = []  # (epoch, weight_histograms, gradient_histograms)
        self.layer_box = QComboBox()
        self.layer_box.setObjectName("histogram_layer")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("histogram_epoch")
        self.slider.setEnabled(False)
        self.epoch_label = QLabel(WAITING)
        self.epoch_label.setObjectName("histogram_epoch_label")
        self.epoch_label.setWordWrap(True)
        self.weights_plot = make_plot("Weights", "value", "count")
        self.gradients_plot = make_plot("Loss gradients", "value", "count")
        top = QHBoxLayout()
        top.addWidget(QLabel("Layer"))
        top.addWidget(self.layer_box, 1)
        top.addWidget(QLabel("Epoch"))
        top.addWidget(self.slider, 2)
        plots = QVBoxLayout()
        plots.addWidget(self.weights_plot)
        plots.addWidget(self.gradients_plot)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.epoch_label)
        layout.addLayout(plots, 1)
        self.layer_box.currentIndexChanged.connect(self._redraw)
        self.slider.valueChanged.connect(self._redraw)
        # one bar item per plot, updated in place, and axes that move in steps: rebuilding
        # items and re-ranging axes every epoch stalled the window while training ran
        self.bars = {}
        self.ranges = {}
        for plot, colour in ((self.weights_plot, "#4263eb"), (self.gradients_plot, "#e8590c")):
            self.bars[plot] = pg.BarGraphItem(x0=[], x1=[], height=[], brush=colour,
                                              pen=pg.mkPen("w", width=0.5))
            plot.addItem(self.bars[plot])
            self.ranges[plot] = SteadyRange(plot, self._redraw)
        self._stale = False  # frames arrived while hidden: drawn when shown

    def clear(self) -> None:
        self.frames.clear()
        self.layer_box.clear()
        self.slider.setEnabled(False)
        self.epoch_label.setText(WAITING)
        for plot, bars in self.bars.items():
            bars.setOpts(x0=[], x1=[], height=[])
            self.ranges[plot].reset()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._redraw()

    def add_frame(self, frame) -> None:
        at_end = not self.frames or self.slider.value() == len(self.frames) - 1
        self.frames.append((frame.epoch, frame.weight_histograms, frame.gradient_histograms))
        names = list(frame.weight_histograms)
        if [self.layer_box.itemText(i) for i in range(self.layer_box.count())] != names:
            chosen = self.layer_box.currentText()
            self.layer_box.blockSignals(True)
            self.layer_box.clear()
            self.layer_box.addItems(names)
            if chosen in names:
                self.layer_box.setCurrentText(chosen)
            self.layer_box.blockSignals(False)
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(self.frames) - 1)
        self.slider.setEnabled(len(self.frames) > 1)
        if at_end:
            self.slider.setValue(len(self.frames) - 1)
        self.slider.blockSignals(False)
        self._redraw()

    def shown(self):
        """(epoch, layer name, weight histogram, gradient histogram) shown now, or None."""
        if not self.frames or not self.layer_box.currentText():
            return None
        epoch, weights, gradients = self.frames[self.slider.value()]
        name = self.layer_box.currentText()
        return epoch, name, weights.get(name), gradients.get(name)

    @Slot()
    def _redraw(self, *_args) -> None:
        shown = self.shown()
        if shown is None:
            for bars in self.bars.values():
                bars.setOpts(x0=[], x1=[], height=[])
            return
        epoch, name, weights, gradients = shown
        epochs = [f[0] for f in self.frames]
        self.epoch_label.setText(f"Layer “{name}” after epoch {epoch}: its weights and their "
                                 "loss gradients on 64 training samples (frames for epochs "
                                 f"{_epoch_list(epochs)}).")
        self._stale = not self.isVisible()
        if self._stale:
            return
        for plot, histogram in ((self.weights_plot, weights), (self.gradients_plot, gradients)):
            if histogram is None:
                self.bars[plot].setOpts(x0=[], x1=[], height=[])
                continue
            edges = np.asarray(histogram.edges, dtype=float)
            counts = np.asarray(histogram.counts, dtype=float)
            self.bars[plot].setOpts(x0=edges[:-1], x1=edges[1:], height=counts)
            self.ranges[plot].follow([edges], [np.append(counts, 0.0)], False)


def _epoch_list(epochs: list[int]) -> str:
    if len(epochs) <= 6:
        return ", ".join(map(str, epochs))
    return f"{epochs[0]}–{epochs[-1]}, {len(epochs)} of them"


class LiveTrainingView(QTabWidget):
    """The live views; `attach` registers the engine's callback factory on the session."""

    frame_shown = Signal(object)  # the engine's LiveFrame, once painted

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("live_training_view")
        self.boundary = BoundaryView()
        self.histograms = HistogramView()
        self.latest = None  # the newest LiveFrame (weights for the canvas hover card)
        self.plane = None
        self.watch: LiveWatch | None = None
        self.addTab(self.histograms, "Weights over time")

    def sizeHint(self) -> QSize:
        return QSize(560, 480)

    def attach(self, session, runner) -> None:
        self.watch = LiveWatch(session.announce)
        session.callback_factories.append(self.watch.factory)
        runner.event.connect(self.on_event)

    @Slot(object)
    def on_event(self, event) -> None:
        kind = getattr(event, "kind", None)
        if kind == "start" and event.initial_epoch == 0:
            self.histograms.clear()
            self._show_plane(None)
        elif kind == "live_plane":
            self._show_plane(event)
        elif kind == "live_frame":
            self.latest = event
            self.histograms.add_frame(event)
            self.boundary.show_frame(event)
            self.frame_shown.emit(event)
        elif kind == "live_problem":
            self.histograms.epoch_label.setText(event.message)

    def _show_plane(self, plane) -> None:
        self.plane = plane
        index = self.indexOf(self.boundary)
        if plane is None:
            if index >= 0:
                self.removeTab(index)
            return
        self.boundary.set_plane(plane)
        if index < 0:
            self.insertTab(0, self.boundary, "Decision boundary")
        self.setCurrentWidget(self.boundary)

"""The perceptron rule on logic gates or on points the user places, one update at a time."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from engine.learn.perceptron import (
    DEFAULT_LEARNING_RATE,
    GATE_TARGETS,
    PerceptronTrainer,
    gate_dataset,
    linearly_separable,
)
from gui.learn.plot_style import (
    CLASS_0_COLOUR,
    CLASS_1_COLOUR,
    REGION_0_COLOUR,
    REGION_1_COLOUR,
    add_legend,
    make_plot,
    two_colour_lookup,
)

CUSTOM = "your points (click to add)"
LOW, HIGH = -0.5, 1.5
GRID = 80
RUN_INTERVAL_MS = 120
RUN_EPOCH_LIMIT = 200
REMOVE_RADIUS = 0.07
DEFAULT_POINTS = (
    np.array([[0.1, 0.2], [0.3, 0.1], [0.2, 0.6], [0.8, 0.9], [1.0, 0.6], [0.7, 1.2]]),
    np.array([0, 0, 0, 1, 1, 1]),
)


class PerceptronView(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.custom_points, self.custom_classes = (a.copy() for a in DEFAULT_POINTS)
        self.dataset = QComboBox()
        self.dataset.addItems([*GATE_TARGETS, CUSTOM])
        self.step_function = QComboBox()
        self.step_function.addItems(["heaviside", "sign"])
        self.learning_rate = QDoubleSpinBox()
        self.learning_rate.setRange(0.01, 2.0)
        self.learning_rate.setSingleStep(0.05)
        self.learning_rate.setValue(DEFAULT_LEARNING_RATE)
        self.sample_button = QPushButton("One sample")
        self.epoch_button = QPushButton("One epoch")
        self.run_button = QPushButton("Run")
        self.run_button.setCheckable(True)
        self.reset_button = QPushButton("Reset")
        self.click_class_0 = QRadioButton("class 0")
        self.click_class_1 = QRadioButton("class 1")
        self.click_class_1.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.click_class_0)
        group.addButton(self.click_class_1)
        self.weights_label = QLabel()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setMinimumHeight(60)

        self.plot = make_plot("Perceptron decision line", "x₁", "x₂")
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setRange(xRange=(LOW, HIGH), yRange=(LOW, HIGH), padding=0)
        self.plot.setAspectLocked(True)
        self.regions = pg.ImageItem()
        self.regions.setLookupTable(two_colour_lookup(REGION_0_COLOUR, REGION_1_COLOUR))
        self.regions.setOpacity(0.5)
        self.plot.addItem(self.regions)
        add_legend(self.plot)
        self.class_0 = self.plot.plot(
            [], [], pen=None, symbol="s", symbolSize=13, symbolBrush=CLASS_0_COLOUR, name="class 0"
        )
        self.class_1 = self.plot.plot(
            [],
            [],
            pen=None,
            symbol="o",
            symbolSize=13,
            symbolBrush=CLASS_1_COLOUR,
            symbolPen="#7a5900",
            name="class 1",
        )
        self.current = self.plot.plot(
            [],
            [],
            pen=None,
            symbol="o",
            symbolSize=24,
            symbolBrush=None,
            symbolPen=pg.mkPen("#c92a2a", width=2),
            name="next sample",
        )
        self.line = self.plot.plot([], [], pen=pg.mkPen("k", width=3), name="w·x + b = 0")
        self.plot.scene().sigMouseClicked.connect(self._plot_clicked)

        self.errors_plot = make_plot("Errors per epoch", "epoch", "errors")
        self.errors_plot.setMinimumHeight(180)
        self.errors_curve = self.errors_plot.plot(
            [],
            [],
            pen=pg.mkPen("#c92a2a", width=2),
            symbol="o",
            symbolSize=6,
            symbolBrush="#c92a2a",
        )

        self.timer = QTimer(self)
        self.timer.setInterval(RUN_INTERVAL_MS)
        self.timer.timeout.connect(self._run_tick)
        self.sample_button.clicked.connect(self.step_sample)
        self.epoch_button.clicked.connect(self.step_epoch)
        self.run_button.toggled.connect(self._run_toggled)
        self.reset_button.clicked.connect(self.reset)
        self.dataset.currentTextChanged.connect(self.reset)
        self.step_function.currentTextChanged.connect(self.reset)
        self.learning_rate.valueChanged.connect(self.reset)

        form = QFormLayout()
        form.addRow("Data", self.dataset)
        form.addRow("Step function", self.step_function)
        form.addRow("Learning rate η", self.learning_rate)
        clicks = QHBoxLayout()
        clicks.addWidget(self.click_class_0)
        clicks.addWidget(self.click_class_1)
        form.addRow("A click adds", clicks)
        buttons = QHBoxLayout()
        for button in (self.sample_button, self.epoch_button, self.run_button, self.reset_button):
            buttons.addWidget(button)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addLayout(buttons)
        rule = QLabel("Rule: w ← w + η (y − ŷ) x,  b ← b + η (y − ŷ)")
        side.addWidget(rule)
        side.addWidget(self.weights_label)
        side.addWidget(self.status_label)
        side.addWidget(self.errors_plot, 1)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setMaximumWidth(460)
        layout = QHBoxLayout(self)
        layout.addWidget(self.plot, 3)
        layout.addWidget(side_widget, 2)
        self.reset()

    # State ---------------------------------------------------------------------------------
    def data(self) -> tuple[np.ndarray, np.ndarray]:
        if self.dataset.currentText() == CUSTOM:
            return self.custom_points.copy(), self.custom_classes.copy()
        return gate_dataset(self.dataset.currentText())

    @Slot()
    def reset(self) -> None:
        points, classes = self.data()
        self.trainer = PerceptronTrainer(
            points, classes, self.learning_rate.value(), self.step_function.currentText()
        )
        self.separable = linearly_separable(points, classes)
        self._redraw()

    @Slot()
    def step_sample(self) -> None:
        self.trainer.train_sample()
        self._redraw()

    @Slot()
    def step_epoch(self) -> None:
        self.trainer.train_epoch()
        self._redraw()

    @Slot(bool)
    def _run_toggled(self, running: bool) -> None:
        self.run_button.setText("Pause" if running else "Run")
        if running:
            self.timer.start()
        else:
            self.timer.stop()

    @Slot()
    def _run_tick(self) -> None:
        self.step_sample()
        if self.trainer.converged or self.trainer.epoch >= RUN_EPOCH_LIMIT:
            self.run_button.setChecked(False)

    def add_or_remove_point(self, x: float, y: float) -> None:
        """Remove the point under (x, y), or add one of the chosen class there."""
        if self.dataset.currentText() != CUSTOM:
            self.custom_points, self.custom_classes = self.data()
        if len(self.custom_points):
            distances = np.hypot(*(self.custom_points - [x, y]).T)
            nearest = int(np.argmin(distances))
            if distances[nearest] < REMOVE_RADIUS:
                self.custom_points = np.delete(self.custom_points, nearest, axis=0)
                self.custom_classes = np.delete(self.custom_classes, nearest)
                self._show_custom()
                return
        label = 1 if self.click_class_1.isChecked() else 0
        self.custom_points = np.vstack([self.custom_points.reshape(-1, 2), [x, y]])
        self.custom_classes = np.append(self.custom_classes, label)
        self._show_custom()

    def _show_custom(self) -> None:
        if self.dataset.currentText() == CUSTOM:
            self.reset()
        else:
            self.dataset.setCurrentText(CUSTOM)  # resets through the signal

    @Slot(object)
    def _plot_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        view_box = self.plot.getViewBox()
        if not view_box.sceneBoundingRect().contains(event.scenePos()):
            return
        point: QPointF = view_box.mapSceneToView(event.scenePos())
        if LOW <= point.x() <= HIGH and LOW <= point.y() <= HIGH:
            self.add_or_remove_point(point.x(), point.y())

    # Drawing -------------------------------------------------------------------------------
    def _redraw(self) -> None:
        t = self.trainer
        points, classes = t.points, t.classes
        self.class_0.setData(points[classes == 0, 0], points[classes == 0, 1])
        self.class_1.setData(points[classes == 1, 0], points[classes == 1, 1])
        if len(points):
            nxt = points[t.sample_index]
            self.current.setData([nxt[0]], [nxt[1]])
        else:
            self.current.setData([], [])
        ends = t.decision_line((LOW, HIGH), (LOW, HIGH))
        if ends is None:
            self.line.setData([], [])
        else:
            self.line.setData(*ends)
        axis = np.linspace(LOW, HIGH, GRID)
        gx, gy = np.meshgrid(axis, axis, indexing="ij")
        region = t.predict_class(np.c_[gx.ravel(), gy.ravel()]).reshape(GRID, GRID)
        self.regions.setImage(region.astype(float), levels=(0, 1), autoLevels=False)
        self.regions.setRect(LOW, LOW, HIGH - LOW, HIGH - LOW)
        epochs = np.arange(1, len(t.errors_per_epoch) + 1)
        self.errors_curve.setData(epochs, np.array(t.errors_per_epoch, dtype=float))
        most = max([len(points), *t.errors_per_epoch])
        self.errors_plot.setXRange(0.5, max(len(epochs), 10) + 0.5, padding=0)
        self.errors_plot.setYRange(0, most + 0.5, padding=0)
        self.weights_label.setText(
            f"w₁ = {t.weights[0]:+.3f}   w₂ = {t.weights[1]:+.3f}   b = {t.bias:+.3f}\n"
            f"epoch {t.epoch + 1}, sample {t.sample_index + 1} of {len(points)}; "
            f"errors so far this epoch: {t.errors_this_epoch}"
        )
        self.status_label.setText(self._status())

    def _status(self) -> str:
        t = self.trainer
        name = self.dataset.currentText()
        subject = "these points" if name == CUSTOM else f"the {name} points"
        if len(set(t.classes.tolist())) < 2:
            return "Add points of both classes to train."
        if not self.separable:
            return (
                f"No single straight line separates the two classes of {subject}, so the "
                "perceptron rule never converges: every epoch some point is on the wrong side "
                "and the line keeps moving. A hidden layer (see the XOR tab) solves this."
            )
        if t.converged:
            return (f"Converged after {t.epoch} epochs: every point is on its class's side."
                    + self._boundary_note())
        return (f"{subject[0].upper()}{subject[1:]} are linearly separable: the rule will "
                "converge (perceptron convergence theorem)." + self._boundary_note())

    def _boundary_note(self) -> str:
        """Names the points that lie exactly on the line and the class the step gives them."""
        t = self.trainer
        on_line = t.on_boundary()
        if not len(on_line):
            return ""
        points = ", ".join(f"({t.points[i, 0]:g}, {t.points[i, 1]:g})" for i in on_line)
        value = float(t.outputs(t.points[on_line[:1]])[0])
        verb = "lies" if len(on_line) == 1 else "lie"
        return (f" {points} {verb} exactly on the line (w·x + b = 0): "
                f"{t.step_name}(0) = {value:g} puts it in class {int(value > 0)}.")

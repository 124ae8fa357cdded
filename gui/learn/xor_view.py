"""XOR with a small MLP trained live (numpy), beside the same net with linear activations."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.learn.xor_mlp import XOR_INPUTS, XOR_TARGETS, XorMLP
from gui.learn.plot_style import (
    CLASS_0_COLOUR,
    CLASS_1_COLOUR,
    REGION_0_COLOUR,
    REGION_1_COLOUR,
    add_legend,
    make_plot,
    two_colour_lookup,
)
from gui.paths import XOR_EXAMPLE

XOR_PROJECT = XOR_EXAMPLE
LOW, HIGH, GRID = -0.5, 1.5, 60
TICK_MS = 30
STEPS_PER_TICK = 10
STEP_LIMIT = 3000
UNIT_COLOURS = ("#2b8a3e", "#862e9c", "#d9480f", "#1864ab")


def contour(grid: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray]:
    """The `level` contour of a grid sampled on linspace(LOW, HIGH, n)², as NaN-separated x, y."""
    scale = (HIGH - LOW) / (grid.shape[0] - 1)
    xs: list[float] = []
    ys: list[float] = []
    for line in pg.functions.isocurve(grid, level, connected=True, extendToEdge=True):
        points = np.asarray(line, dtype=float)
        xs.extend((LOW + points[:, 0] * scale).tolist() + [np.nan])
        ys.extend((LOW + points[:, 1] * scale).tolist() + [np.nan])
    return np.array(xs), np.array(ys)


class XorPanel(QWidget):
    """One network: its output probability as a heatmap, its hidden units' lines, the points."""

    def __init__(self, title: str, parent=None) -> None:
        super().__init__(parent)
        self.plot = make_plot(title, "x₁", "x₂")
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setRange(xRange=(LOW, HIGH), yRange=(LOW, HIGH), padding=0)
        self.plot.setAspectLocked(True)
        self.heatmap = pg.ImageItem()
        self.heatmap.setLookupTable(two_colour_lookup(REGION_0_COLOUR, REGION_1_COLOUR))
        self.plot.addItem(self.heatmap)
        # pg.IsocurveItem builds its path point by point with numpy scalars, which has crashed
        # here (a refcount error in PySide6 6.12); one curve with NaN breaks does the same job.
        self.boundary = self.plot.plot([], [], pen=pg.mkPen("k", width=3), connect="finite")
        legend = add_legend(self.plot, offset=(-5, 5))
        legend.setColumnCount(len(UNIT_COLOURS))
        self.unit_lines = [
            self.plot.plot(
                [],
                [],
                pen=pg.mkPen(colour, width=2, style=pg.QtCore.Qt.PenStyle.DashLine),
                name=f"h{i + 1}",
            )
            for i, colour in enumerate(UNIT_COLOURS)
        ]
        for label, colour, symbol in ((0, CLASS_0_COLOUR, "s"), (1, CLASS_1_COLOUR, "o")):
            chosen = np.isclose(XOR_TARGETS, label)
            self.plot.plot(
                XOR_INPUTS[chosen, 0],
                XOR_INPUTS[chosen, 1],
                pen=None,
                symbol=symbol,
                symbolSize=16,
                symbolBrush=colour,
                symbolPen="k",
            )
        self.score = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.score)

    def show_network(self, mlp: XorMLP) -> None:
        grid = mlp.probability_grid(LOW, HIGH, GRID)
        self.heatmap.setImage(grid, levels=(0, 1), autoLevels=False)
        self.heatmap.setRect(LOW, LOW, HIGH - LOW, HIGH - LOW)
        # A flat surface (the linear net stuck at 0.5) has no meaningful 0.5 contour.
        flat = float(np.ptp(grid)) < 1e-3
        self.boundary.setData(*([], []) if flat else contour(grid, 0.5))
        for index, curve in enumerate(self.unit_lines):
            if index >= mlp.hidden_units:
                curve.setData([], [])
                curve.setVisible(False)
                continue
            curve.setVisible(True)
            w_x, w_y, b = mlp.hidden_lines()[index]
            if abs(w_y) >= abs(w_x):
                xs = np.array([LOW, HIGH])
                curve.setData(xs, -(w_x * xs + b) / w_y)
            else:
                ys = np.array([LOW, HIGH])
                curve.setData(-(w_y * ys + b) / w_x, ys)
        loss = mlp.losses[-1] if mlp.losses else mlp.loss()
        text = f"step {mlp.steps}   loss {loss:.4f}   accuracy {mlp.accuracy():.0%}"
        if flat and mlp.steps:
            text += "   (output ≈ 0.5 everywhere: no straight line does better on XOR)"
        self.score.setText(text)


class XorView(QWidget):
    open_project_requested = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.hidden_units = QComboBox()
        self.hidden_units.addItems(["4", "2"])
        self.train_button = QPushButton("Train")
        self.train_button.setCheckable(True)
        self.step_button = QPushButton("+100 steps")
        self.reset_button = QPushButton("Reset")
        self.open_button = QPushButton("Open as project")
        self.open_button.setToolTip(f"Open {XOR_PROJECT.name} on the canvas")
        self.nonlinear = XorPanel("2-H-1 MLP, tanh hidden layer")
        self.linear = XorPanel("the same MLP, linear hidden layer")
        note = QLabel(
            "Heatmap: the network's output probability (blue 0, yellow 1); squares are XOR = 0, "
            "circles XOR = 1; thick black line: the decision boundary at 0.5; dashed lines h1-h4: "
            "where each hidden unit's weighted sum "
            "is 0. Stacked linear layers are still one linear map, so the right-hand network can "
            "only draw one straight boundary and never gets more than 3 of the 4 XOR points right. "
            "The tanh hidden layer bends the boundary and solves XOR."
        )
        note.setWordWrap(True)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.train_button.toggled.connect(self._train_toggled)
        self.step_button.clicked.connect(self.step_100)
        self.reset_button.clicked.connect(self.reset)
        self.hidden_units.currentTextChanged.connect(self.reset)
        self.open_button.clicked.connect(self._open_project)

        controls = QHBoxLayout()
        controls.addWidget(QLabel("Hidden units"))
        controls.addWidget(self.hidden_units)
        for button in (self.train_button, self.step_button, self.reset_button):
            controls.addWidget(button)
        controls.addStretch(1)
        controls.addWidget(self.open_button)
        panels = QHBoxLayout()
        panels.addWidget(self.nonlinear)
        panels.addWidget(self.linear)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(panels, 1)
        layout.addWidget(note)
        self.reset()

    @Slot()
    def reset(self) -> None:
        units = int(self.hidden_units.currentText())
        self.mlp = XorMLP(units, "tanh")
        self.linear_mlp = XorMLP(units, "linear")
        self._redraw()

    def train(self, steps: int) -> None:
        self.mlp.train(steps)
        self.linear_mlp.train(steps)
        self._redraw()

    @Slot()
    def step_100(self) -> None:
        self.train(100)

    @Slot(bool)
    def _train_toggled(self, running: bool) -> None:
        self.train_button.setText("Pause" if running else "Train")
        if running:
            self.timer.start()
        else:
            self.timer.stop()

    @Slot()
    def _tick(self) -> None:
        self.train(STEPS_PER_TICK)
        if self.mlp.steps >= STEP_LIMIT:
            self.train_button.setChecked(False)

    @Slot()
    def _open_project(self) -> None:
        self.open_project_requested.emit(str(XOR_PROJECT))

    def _redraw(self) -> None:
        self.nonlinear.show_network(self.mlp)
        self.linear.show_network(self.linear_mlp)

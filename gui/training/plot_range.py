"""A plot view that follows its data in steady steps (1, 2, 2.5, 5 x 10^k; whole decades in
log scale) instead of pyqtgraph's auto-range, so that most redraws during training leave the
axes as they are (why: `gui.training.plots`). Used by the training curves and the live
weight histograms."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)


def nice_above(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 x 10^k at or above a positive value."""
    if not value > 0 or not math.isfinite(value):
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in STEPS:
        if step * power >= value * (1 - 1e-12):
            return step * power
    return 10.0 * power


def steady_bounds(low: float, high: float) -> tuple[float, float]:
    """A range holding [low, high] that changes only when the data crosses a step: from 0
    (or a step below a negative low) to a step at or above high."""
    start = 0.0 if low >= 0 else -nice_above(-low)
    end = nice_above(high) if high > 0 else 0.0
    if end <= start:
        end = start + 1.0
    return start, end


class SteadyRange:
    """Keeps a plot's view on its data in steps, so that most redraws leave the axes as they
    are (see the module's note); pyqtgraph's own auto-range is off while it follows."""

    def __init__(self, plot: pg.PlotWidget, redraw):
        self.view = plot.getPlotItem().getViewBox()
        self.view.disableAutoRange()
        self.redraw = redraw  # asks the owner for a redraw (the view must be placed again)
        self.following = True
        self.shown: tuple | None = None
        self.expected_x = 0.0  # where the run's x ends (its last batch or epoch), once known
        self.view.sigRangeChangedManually.connect(self._moved_by_user)
        self.view.sigStateChanged.connect(self._state_changed)

    def _moved_by_user(self, *_args) -> None:
        self.following = False

    def _state_changed(self, *_args) -> None:
        if any(self.view.autoRangeEnabled()):  # the "A" button: follow the data again
            self.view.disableAutoRange()
            self.reset()
            self.redraw()

    def reset(self) -> None:
        self.following, self.shown, self.expected_x = True, None, 0.0

    def expect(self, last_x: float) -> None:
        """The run will end at x = last_x: the x axis is set for it once, not step by step."""
        self.expected_x = float(last_x)
        self.shown = None

    def follow(self, xs, ys, log_y: bool) -> None:
        """Shows every finite point of the curves (x and y arrays), in steps."""
        if not self.following:
            return
        x = np.concatenate([np.asarray(v, dtype=np.float64).ravel() for v in xs] or [[]])
        y = np.concatenate([np.asarray(v, dtype=np.float64).ravel() for v in ys] or [[]])
        keep = np.isfinite(x) & np.isfinite(y) & ((y > 0) if log_y else True)
        if not keep.any():
            return
        x, y = x[keep], y[keep]
        x_range = steady_bounds(min(float(x.min()), 0.0), max(float(x.max()), self.expected_x))
        if log_y:
            low = math.floor(math.log10(float(y.min())))
            y_range = (float(low), float(max(math.ceil(math.log10(float(y.max()))), low + 1)))
        else:
            y_range = steady_bounds(float(y.min()), float(y.max()))
        if (x_range, y_range) != self.shown:
            self.shown = (x_range, y_range)
            self.view.setRange(xRange=x_range, yRange=y_range, padding=0.02)

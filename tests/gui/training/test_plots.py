"""The live plots: curves gain points, cope with NaN and new keys, log scale, hover, export."""

import csv
import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from gui.training.plots import TrainingPlots

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def plots(qtbot):
    widget = TrainingPlots()
    qtbot.addWidget(widget)
    widget.resize(900, 400)
    widget.show()
    return widget


def test_batch_losses_are_drawn_from_the_timer_and_keep_nan(plots, qtbot):
    plots.batch_plot.append(np.arange(3000), np.linspace(2.0, 0.1, 3000))
    plots.batch_plot.append([3000, 3001], [math.nan, 0.05])
    qtbot.waitUntil(lambda: plots.batch_plot.curve.xData is not None
                    and len(plots.batch_plot.curve.xData) == 3002, timeout=2000)
    x, y = plots.batch_plot.values()
    assert len(x) == 3002 and math.isnan(y[3000]) and y[-1] == pytest.approx(0.05)


def test_history_grows_with_new_keys_and_dashed_validation(plots, qtbot):
    history = plots.history_plot
    history.append_epoch({"loss": 1.0, "val_loss": 1.2})
    history.append_epoch({"loss": 0.5, "val_loss": 0.7, "accuracy": 0.8})
    history.append_epoch({"loss": math.nan, "val_loss": math.nan, "accuracy": 0.9})
    qtbot.waitUntil(lambda: set(history.curves) == {"loss", "val_loss", "accuracy"},
                    timeout=2000)
    assert history.history["accuracy"][0] != history.history["accuracy"][0]  # padded NaN
    assert history.curves["val_loss"].opts["pen"].style() == Qt.PenStyle.DashLine
    assert history.curves["loss"].opts["pen"].style() == Qt.PenStyle.SolidLine
    legend_names = [label.text for _sample, label in history.legend.items]
    assert sorted(legend_names) == ["accuracy", "loss", "val_loss"]


def test_log_toggle_switches_both_plots(plots, qtbot):
    plots.history_plot.append_epoch({"loss": 10.0})
    plots.history_plot.append_epoch({"loss": 0.0})  # not drawable on a log axis: no warning
    QTest.mouseClick(plots.log_check, Qt.MouseButton.LeftButton)
    assert plots.log_check.isChecked()
    assert plots.history_plot.plot.getPlotItem().ctrl.logYCheck.isChecked()
    assert plots.batch_plot.plot.getPlotItem().ctrl.logYCheck.isChecked()
    plots.refresh_now()
    QTest.mouseClick(plots.log_check, Qt.MouseButton.LeftButton)
    assert not plots.history_plot.plot.getPlotItem().ctrl.logYCheck.isChecked()


def test_hover_shows_epoch_and_values(plots, qtbot):
    history = plots.history_plot
    for loss in (0.9, 0.4, 0.2):
        history.append_epoch({"loss": loss, "val_loss": loss + 0.1})
    plots.refresh_now()
    qtbot.wait(100)  # let the view range follow the new data
    view = history.plot.getPlotItem().vb
    scene_pos = view.mapViewToScene(QPointF(2, 0.5))
    widget_pos = history.plot.mapFromScene(scene_pos)
    QTest.mouseMove(history.plot.viewport(), widget_pos)
    qtbot.waitUntil(lambda: "epoch 2" in history.readout.text(), timeout=2000)
    assert "loss 0.4" in history.readout.text()
    assert "val_loss 0.5" in history.readout.text()


def test_csv_and_png_export_through_the_buttons(plots, qtbot, tmp_path, monkeypatch):
    history = plots.history_plot
    history.append_epoch({"loss": 1.0, "val_loss": 1.5})
    history.append_epoch({"loss": 0.5, "val_loss": math.nan})
    target = tmp_path / "history.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    with qtbot.waitSignal(plots.exported):
        QTest.mouseClick(plots.csv_button, Qt.MouseButton.LeftButton)
    rows = list(csv.reader(target.open()))
    assert rows == [["epoch", "loss", "val_loss"], ["1", "1.0", "1.5"], ["2", "0.5", ""]]
    image = tmp_path / "curves.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(image), "")))
    with qtbot.waitSignal(plots.exported):
        QTest.mouseClick(plots.png_button, Qt.MouseButton.LeftButton)
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

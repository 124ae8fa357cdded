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


def test_views_follow_the_data_in_steps_and_keep_a_users_zoom(plots, qtbot):
    """The axes are not laid out anew on every redraw: the view holds every point, grows in
    1/2/2.5/5 steps, stays put while new points fit, and leaves a user's zoom alone until the
    plot's auto-range button asks for the data again."""
    batch = plots.batch_plot
    view = batch.plot.getPlotItem().vb
    batch.append(np.arange(1, 31), np.linspace(2.3, 0.4, 30))
    plots.refresh_now()
    (x0, x1), (y0, y1) = view.viewRange()
    assert x0 <= 0 and 30 <= x1 < 60 and y0 <= 0 and 2.3 <= y1 < 3.0
    batch.append(np.arange(31, 41), np.linspace(0.4, 0.3, 10))  # still inside: no change
    plots.refresh_now()
    assert view.viewRange() == [[x0, x1], [y0, y1]]
    batch.append(np.arange(41, 121), np.linspace(0.3, 0.2, 80))  # past the step: grows
    plots.refresh_now()
    assert 120 <= view.viewRange()[0][1] < 260
    # the user zooms with the wheel: new points do not move the view
    QTest.mouseMove(batch.plot.viewport(), batch.plot.viewport().rect().center())
    view.scaleBy((0.5, 0.5))
    view.sigRangeChangedManually.emit(view.state["mouseEnabled"])
    zoomed = view.viewRange()
    batch.append(np.arange(121, 1001), np.linspace(0.2, 0.1, 880))
    plots.refresh_now()
    assert view.viewRange() == zoomed
    batch.plot.getPlotItem().autoBtnClicked()  # "A": follow the data again
    plots.refresh_now()
    assert view.viewRange()[0][1] >= 1000
    history = plots.history_plot
    for loss in (0.9, 0.4, 0.2):
        history.append_epoch({"loss": loss, "accuracy": 1 - loss})
    plots.refresh_now()
    (hx0, hx1), (hy0, hy1) = history.plot.getPlotItem().vb.viewRange()
    assert hx0 <= 1 and 3 <= hx1 < 6 and hy0 <= 0.1 and 0.9 <= hy1 < 1.5


def test_a_starting_run_sets_the_x_axes_to_its_end_at_once(plots):
    plots.expect(5, 36)  # 5 epochs of 36 batches
    plots.batch_plot.append([1, 2, 3], [2.3, 2.2, 2.0])
    plots.history_plot.append_epoch({"loss": 1.0})
    plots.refresh_now()
    batch_view = plots.batch_plot.plot.getPlotItem().vb
    history_view = plots.history_plot.plot.getPlotItem().vb
    first = (batch_view.viewRange(), history_view.viewRange())
    assert 180 <= first[0][0][1] < 260 and 5 <= first[1][0][1] < 7
    plots.batch_plot.append(np.arange(4, 181), np.linspace(2.0, 0.3, 177))
    for loss in (0.8, 0.6, 0.5, 0.4):
        plots.history_plot.append_epoch({"loss": loss})
    plots.refresh_now()
    assert (batch_view.viewRange(), history_view.viewRange()) == first


def test_a_new_run_reuses_the_curves_of_its_keys_and_drops_the_others(plots):
    history = plots.history_plot
    history.append_epoch({"loss": 1.0, "val_loss": 1.2, "accuracy": 0.5})
    plots.refresh_now()
    loss_curve = history.curves["loss"]
    plots.clear()
    plots.refresh_now()
    x, _y = loss_curve.getData()
    assert history.epochs == 0 and (x is None or len(x) == 0)
    history.append_epoch({"loss": 0.9, "val_loss": 1.1})
    plots.refresh_now()
    assert history.curves["loss"] is loss_curve and set(history.curves) == {"loss", "val_loss"}
    assert sorted(label.text for _sample, label in history.legend.items) == ["loss", "val_loss"]
    assert list(loss_curve.getData()[1]) == [0.9]

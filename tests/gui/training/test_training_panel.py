"""The training panel trains in its worker: curves gain points, stop, continue, NaN, close."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.gui.training.conftest import (
    TRAIN_TIMEOUT,
    WORKER_TIMEOUT,
    tiny_regression_project,
    tiny_xor_project,
)

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]



def click(button):
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def test_start_trains_and_the_curves_gain_points_then_continue_extends(qtbot, training_panel):
    _document, panel = training_panel()
    with qtbot.waitSignal(panel.run_finished, timeout=TRAIN_TIMEOUT) as done:
        click(panel.start_button)
        assert not panel.start_button.isEnabled()
        assert panel.stop_button.isEnabled()
    assert done.args[0].reason == "finished"
    history = panel.plots.history_plot
    qtbot.waitUntil(lambda: history.epochs == 3 and "val_loss" in history.curves, timeout=5000)
    assert {"loss", "accuracy", "val_loss", "val_accuracy"} <= set(history.history)
    assert panel.plots.batch_plot.count > 0
    qtbot.waitUntil(lambda: panel.results.metrics.rowCount() > 0, timeout=WORKER_TIMEOUT)
    qtbot.waitUntil(lambda: panel.continue_button.isEnabled(), timeout=WORKER_TIMEOUT)
    assert panel.results.matrix.rowCount() == 2  # xor: two classes
    with qtbot.waitSignal(panel.run_finished, timeout=TRAIN_TIMEOUT):
        click(panel.continue_button)
    qtbot.waitUntil(lambda: history.epochs == 6, timeout=5000)
    bar = panel.progress.bar
    assert bar.format() == "finished · epoch 6" and bar.value() == bar.maximum()


def test_stop_ends_the_run_early_and_continue_goes_on(qtbot, training_panel):
    project = tiny_xor_project(epochs=400, samples=400)
    _document, panel = training_panel(project)
    click(panel.start_button)
    history = panel.plots.history_plot
    qtbot.waitUntil(lambda: history.epochs >= 2, timeout=TRAIN_TIMEOUT)
    with qtbot.waitSignal(panel.run_finished, timeout=20_000) as done:
        click(panel.stop_button)
    assert done.args[0].reason == "stopped"
    stopped_at = done.args[0].epoch
    assert stopped_at < 400
    qtbot.waitUntil(lambda: panel.continue_button.isEnabled(), timeout=WORKER_TIMEOUT)
    project.training["epochs"] = 2
    with qtbot.waitSignal(panel.run_finished, timeout=TRAIN_TIMEOUT) as done:
        click(panel.continue_button)
    assert done.args[0].epoch == stopped_at + 2
    qtbot.waitUntil(lambda: history.epochs == stopped_at + 2, timeout=5000)


def test_a_nan_run_says_where_and_the_next_run_works(qtbot, training_panel):
    project = tiny_regression_project(learning_rate=1e6)
    document, panel = training_panel(project)
    with qtbot.waitSignal(panel.run_finished, timeout=TRAIN_TIMEOUT) as done:
        click(panel.start_button)
    assert done.args[0].reason == "diverged"
    text = panel.status.text()
    assert "epoch 1, batch" in text and "learning rate" in text
    qtbot.waitUntil(panel.start_button.isEnabled, timeout=5000)
    assert not panel.continue_button.isEnabled()  # diverged weights are not continued
    assert panel.results.metrics.rowCount() == 0  # nor evaluated
    panel.form.learning_rate.setText("0.01")
    panel.form.learning_rate.editingFinished.emit()
    assert document.project.training["optimizer"]["learning_rate"] == 0.01
    with qtbot.waitSignal(panel.run_finished, timeout=TRAIN_TIMEOUT) as done:
        click(panel.start_button)
    assert done.args[0].reason == "finished"


def test_closing_during_training_asks_stops_and_joins(qtbot, training_panel, monkeypatch):
    _document, panel = training_panel(tiny_xor_project(epochs=400, samples=400))
    click(panel.start_button)
    qtbot.waitUntil(lambda: panel.plots.history_plot.epochs >= 1, timeout=TRAIN_TIMEOUT)
    asked = []
    monkeypatch.setattr(panel, "ask_stop", lambda: asked.append(1) or False)
    assert panel.request_close() is False  # the user keeps training
    assert panel.running
    monkeypatch.setattr(panel, "ask_stop", lambda: asked.append(1) or True)
    thread = panel.runner.worker_thread
    assert panel.request_close() is True
    assert len(asked) == 2
    assert thread.isFinished()
    assert not panel.runner.has_thread()


def test_start_with_a_bad_binding_names_both_sides_and_trains_nothing(qtbot, training_panel):
    project = tiny_xor_project()
    project.data["inputs"] = {"n1": {"columns": [0]}}  # the Input has shape [2]
    _document, panel = training_panel(project)
    click(panel.start_button)
    qtbot.waitUntil(panel.start_button.isEnabled, timeout=30_000)
    text = panel.status.text()
    assert "does not fit" in text and "Input input has shape [2]" in text and "1 column" in text
    assert panel.plots.history_plot.epochs == 0

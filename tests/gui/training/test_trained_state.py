"""Trained state kept with the project: saved beside it, restored on open, Continue goes on;
a changed graph says the weights no longer fit; a missing sidecar is reported."""

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.project_io import load_project
from engine.training.session import NO_LONGER_FITS
from tests.gui.training.conftest import TRAIN_TIMEOUT, WORKER_TIMEOUT, tiny_xor_project

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def train_and_save(qtbot, training_panel, path):
    project = tiny_xor_project(epochs=3)
    document, panel = training_panel(project)
    with qtbot.waitSignal(panel.run_finished, timeout=TRAIN_TIMEOUT):
        QTest.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(panel.start_button.isEnabled, timeout=WORKER_TIMEOUT)
    with qtbot.waitSignal(panel.keeper.state_saved, timeout=WORKER_TIMEOUT):
        document.save(path)  # the sidecar is written in the worker thread
    return document, panel


def test_save_writes_the_sidecar_and_reopening_restores_curves_and_continue(
        qtbot, training_panel, tmp_path):
    path = tmp_path / "xor.dendrite"
    _document, first = train_and_save(qtbot, training_panel, path)
    entry = json.loads(path.read_text())["trained"]
    assert (tmp_path / entry["file"]).exists() and entry["epochs"] == 3
    first.shutdown()

    _document, panel = training_panel(load_project(path))
    history = panel.plots.history_plot
    qtbot.waitUntil(lambda: history.epochs == 3, timeout=WORKER_TIMEOUT)  # read in the worker
    assert "val_loss" in history.history
    assert "restored 3 epochs" in panel.status.text()
    qtbot.waitUntil(lambda: panel.results.metrics.rowCount() > 0, timeout=TRAIN_TIMEOUT)
    qtbot.waitUntil(panel.continue_button.isEnabled, timeout=WORKER_TIMEOUT)
    with qtbot.waitSignal(panel.run_finished, timeout=TRAIN_TIMEOUT) as done:
        QTest.mouseClick(panel.continue_button, Qt.MouseButton.LeftButton)
    assert done.args[0].epoch == 6
    qtbot.waitUntil(lambda: history.epochs == 6, timeout=5000)


def test_changing_the_graph_says_the_weights_no_longer_fit(qtbot, training_panel, tmp_path):
    document, panel = train_and_save(qtbot, training_panel, tmp_path / "xor.dendrite")
    assert panel.continue_button.isEnabled()
    document.set_param("n2", "units", 9)
    assert panel.status.text() == NO_LONGER_FITS
    assert not panel.continue_button.isEnabled()
    assert panel.plots.history_plot.epochs == 3  # the old curves stay
    document.undo_stack.undo()
    # Continue waits while the worker still finishes writing the trained state (the save
    # above); then the weights fit again and it is offered
    qtbot.waitUntil(lambda: not panel.busy, timeout=WORKER_TIMEOUT)
    assert panel.status.text() != NO_LONGER_FITS
    assert panel.continue_button.isEnabled()


def test_a_missing_sidecar_is_reported_and_the_project_opens(qtbot, training_panel, tmp_path):
    path = tmp_path / "xor.dendrite"
    _document, first = train_and_save(qtbot, training_panel, path)
    first.shutdown()
    entry = json.loads(path.read_text())["trained"]
    (tmp_path / entry["file"]).unlink()
    document, panel = training_panel(load_project(path))
    qtbot.waitUntil(lambda: "missing" in panel.status.text(), timeout=WORKER_TIMEOUT)
    assert entry["file"] in panel.status.text()
    assert panel.plots.history_plot.epochs == 0
    assert document.graph.has_node("n2") and panel.start_button.isEnabled()

"""Training rules a user can predict, driven by clicks: Start after a graph edit trains
afresh and says so (and a graph the model cannot be built from is refused with the curves
kept); Continue says how many epochs it trains and trains exactly those; save, close and
reopen bring back curves, results and test figures; Predict answers on the Results tab."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMainWindow, QTabWidget

from engine.project_io import load_project
from engine.training.session import NO_LONGER_FITS
from gui.document import Document
from gui.training.install import install_training_ui
from gui.training.training_panel import PREDICT_WHILE_BUSY
from tests.gui.training.conftest import TRAIN_TIMEOUT, tiny_xor_project

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def click(button):
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def train(qtbot, panel, button=None):
    with qtbot.waitSignal(panel.run_finished, timeout=TRAIN_TIMEOUT) as done:
        click(button or panel.start_button)
    qtbot.waitUntil(lambda: not panel.busy, timeout=TRAIN_TIMEOUT)  # results computed
    return done.args[0]


def metrics_shown(results) -> dict[str, str]:
    table = results.metrics
    return {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}


def test_start_after_a_graph_edit_trains_afresh_and_says_so(qtbot, training_panel):
    document, panel = training_panel(tiny_xor_project(epochs=3))
    train(qtbot, panel)
    history = panel.plots.history_plot
    assert history.epochs == 3

    # A node the model cannot use: Start is refused, and nothing of the last run is lost.
    loose = document.add_node("Dense", (0.0, 400.0))
    assert panel.status.text() == NO_LONGER_FITS
    click(panel.start_button)
    qtbot.waitUntil(lambda: not panel.busy, timeout=TRAIN_TIMEOUT)
    text = panel.status.text()
    assert text.startswith("Cannot start: the graph has errors")
    assert "its input has nothing connected" in text
    assert "The last training is kept as it was." in text
    assert history.epochs == 3 and panel.results.metrics.rowCount() > 0
    assert panel.progress.bar.format() == "finished · epoch 3"
    document.undo_stack.undo()
    assert not document.graph.has_node(loose)
    assert panel.continue_button.isEnabled()  # the weights fit again, the curves are there
    assert history.epochs == 3

    # A real change of the model: Start trains a fresh one and says so.
    document.set_param("n2", "units", 9)
    assert not panel.continue_button.isEnabled()
    messages = []
    panel.message_shown.connect(messages.append)
    done = train(qtbot, panel)
    assert messages[0].startswith("A fresh run: the graph changed since the last training")
    assert done.reason == "finished" and done.epoch == 3  # a fresh run, not epochs 4-6
    assert history.epochs == 3
    assert panel.continue_button.isEnabled()


def test_start_after_an_edit_announces_the_fresh_run_when_it_starts(qtbot, training_panel):
    document, panel = training_panel(tiny_xor_project(epochs=300, samples=400))
    click(panel.start_button)
    qtbot.waitUntil(lambda: panel.plots.history_plot.epochs >= 1, timeout=TRAIN_TIMEOUT)
    with qtbot.waitSignal(panel.run_finished, timeout=TRAIN_TIMEOUT):
        click(panel.stop_button)
    qtbot.waitUntil(lambda: not panel.busy, timeout=TRAIN_TIMEOUT)
    document.set_param("n2", "units", 9)
    messages = []
    panel.message_shown.connect(messages.append)
    click(panel.start_button)
    qtbot.waitUntil(lambda: any("Training epochs 1-300" in m for m in messages),
                    timeout=TRAIN_TIMEOUT)
    started = next(m for m in messages if "Training epochs 1-300" in m)
    assert started.startswith("A fresh run: the graph changed since the last training, so "
                              "its curves are replaced.")
    with qtbot.waitSignal(panel.run_finished, timeout=TRAIN_TIMEOUT):
        click(panel.stop_button)


def test_stop_then_continue_trains_the_number_of_epochs_on_the_button(qtbot, training_panel):
    document, panel = training_panel(tiny_xor_project(epochs=300, samples=400))
    assert panel.continue_button.text() == "Continue for 300 more epochs"
    click(panel.start_button)
    history = panel.plots.history_plot
    qtbot.waitUntil(lambda: history.epochs >= 2, timeout=TRAIN_TIMEOUT)
    with qtbot.waitSignal(panel.run_finished, timeout=TRAIN_TIMEOUT) as done:
        click(panel.stop_button)
    stopped_at = done.args[0].epoch
    assert done.args[0].reason == "stopped" and stopped_at < 300
    qtbot.waitUntil(panel.continue_button.isEnabled, timeout=TRAIN_TIMEOUT)

    epochs = panel.form.epochs
    epochs.setFocus()
    epochs.selectAll()
    QTest.keyClicks(epochs, "4")
    QTest.keyClick(epochs, Qt.Key.Key_Return)
    assert document.project.training["epochs"] == 4
    assert panel.continue_button.text() == "Continue for 4 more epochs"
    messages = []
    panel.message_shown.connect(messages.append)
    done = train(qtbot, panel, panel.continue_button)
    assert messages[0] == (f"Continuing for 4 more epochs ({stopped_at + 1}-"
                           f"{stopped_at + 4}).")
    assert done.reason == "finished" and done.epoch == stopped_at + 4
    assert history.epochs == stopped_at + 4
    assert panel.progress.bar.format() == f"finished · epoch {stopped_at + 4}"


def test_save_close_and_reopen_bring_back_curves_results_and_test_figures(
        qtbot, training_panel, tmp_path):
    path = tmp_path / "xor.dendrite"
    document, first = training_panel(tiny_xor_project(epochs=3))
    train(qtbot, first)
    figures = metrics_shown(first.results)
    assert set(figures) >= {"loss", "accuracy"}
    with qtbot.waitSignal(first.keeper.state_saved, timeout=TRAIN_TIMEOUT):
        document.save(path)
    first.close()
    assert not first.runner.has_thread()

    _document, panel = training_panel(load_project(path))
    history = panel.plots.history_plot
    qtbot.waitUntil(lambda: history.epochs == 3, timeout=TRAIN_TIMEOUT)
    assert {"loss", "val_loss", "accuracy", "val_accuracy"} <= set(history.history)
    results = panel.results
    qtbot.waitUntil(lambda: results.metrics.rowCount() > 0, timeout=TRAIN_TIMEOUT)
    assert metrics_shown(results) == figures  # the same weights, the same test figures
    assert results.note.text() == "Test figures of the trained model."
    matrix = results.matrix
    assert sum(int(matrix.item(r, c).text()) for r in range(2) for c in range(2)) == 40
    qtbot.waitUntil(panel.continue_button.isEnabled, timeout=TRAIN_TIMEOUT)
    assert panel.continue_button.text() == "Continue for 3 more epochs"


class TabbedWindow(QMainWindow):
    def __init__(self):
        super().__init__()
        self.tabs = QTabWidget()
        self.setCentralWidget(self.tabs)

    def add_tab(self, title, widget):
        self.tabs.addTab(widget, title)


def test_predict_pressed_during_training_answers_on_the_results_tab(qtbot):
    window = TabbedWindow()
    qtbot.addWidget(window)
    ui = install_training_ui(window, Document(tiny_xor_project(epochs=300, samples=400)))
    window.show()
    panel, results = ui.training_panel, ui.results
    try:
        click(panel.start_button)
        qtbot.waitUntil(lambda: panel.plots.history_plot.epochs >= 1, timeout=TRAIN_TIMEOUT)
        window.tabs.setCurrentWidget(results)
        training_status = panel.status.text()
        click(results.predict_button)
        assert results.note.text() == PREDICT_WHILE_BUSY
        assert window.tabs.currentWidget() is results
        assert panel.status.text() == training_status  # nothing said on the other tab
        with qtbot.waitSignal(panel.run_finished, timeout=TRAIN_TIMEOUT):
            click(panel.stop_button)
        qtbot.waitUntil(lambda: not panel.busy, timeout=TRAIN_TIMEOUT)
        results.count.setValue(4)
        click(results.predict_button)
        qtbot.waitUntil(lambda: results.predictions.rowCount() == 4, timeout=TRAIN_TIMEOUT)
        assert results.note.text() == "Predictions for 4 test samples."
    finally:
        panel.shutdown()

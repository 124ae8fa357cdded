"""Results after training (metrics, confusion matrix, predictions with probabilities), the
image preview grid, and install_training_ui putting the panels into a window."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMainWindow, QTabWidget

from engine.data.dataset import CLASSIFICATION, MAIN_TARGET, Dataset, Target
from engine.data.prepare import prepare_data
from gui.document import Document
from gui.training.data_preview import DataPreview
from gui.training.install import install_training_ui
from tests.gui.training.conftest import TRAIN_TIMEOUT, tiny_regression_project, tiny_xor_project

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_predict_fills_the_table_with_probabilities_and_classes(qtbot, training_panel):
    _document, panel = training_panel(tiny_xor_project(epochs=2))
    with qtbot.waitSignal(panel.run_finished, timeout=TRAIN_TIMEOUT):
        QTest.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    results = panel.results
    qtbot.waitUntil(lambda: results.metrics.rowCount() > 0 and panel.start_button.isEnabled(),
                    timeout=20_000)
    names = [results.metrics.item(r, 0).text() for r in range(results.metrics.rowCount())]
    assert "accuracy" in names and "loss" in names
    matrix = results.matrix
    total = sum(int(matrix.item(r, c).text()) for r in range(2) for c in range(2))
    assert total == 40  # the test split: 20% of 200 samples
    results.count.setValue(5)
    QTest.mouseClick(results.predict_button, Qt.MouseButton.LeftButton)
    table = results.predictions
    qtbot.waitUntil(lambda: table.rowCount() == 5, timeout=20_000)
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["sample", "true", "predicted", "P(0)", "P(1)"]
    for row in range(5):
        p0, p1 = float(table.item(row, 3).text()), float(table.item(row, 4).text())
        assert p0 + p1 == pytest.approx(1.0, abs=0.002)
        assert table.item(row, 2).text() == ("1" if p1 >= 0.5 else "0")


def test_regression_results_show_predicted_against_true(qtbot, training_panel):
    _document, panel = training_panel(tiny_regression_project(epochs=2))
    with qtbot.waitSignal(panel.run_finished, timeout=TRAIN_TIMEOUT):
        QTest.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    results = panel.results
    qtbot.waitUntil(lambda: results.stack.currentWidget() is results.scatter
                    and len(results.scatter.points.data) == 40, timeout=20_000)


def test_image_sets_preview_as_a_grid_with_labels(qtbot):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 255, (30, 28, 28)).astype(np.uint8)
    labels = np.arange(30) % 3
    dataset = Dataset("tiny images", images, {MAIN_TARGET: Target(
        labels, CLASSIFICATION, ["shirt", "bag", "boot"])}, [f"p{i}" for i in range(784)])
    prepared = prepare_data({"split": {"test": 0.2, "validation": 0}}, dataset=dataset)
    preview = DataPreview()
    qtbot.addWidget(preview)
    preview.show_data(prepared)
    assert preview.stack.currentWidget() is preview.images
    assert preview.images.labels[:4] == ["shirt", "bag", "boot", "shirt"]
    assert preview.images.grid.count() == 16
    summary = preview.summary.text()
    assert "Shapes: train [24, 28, 28], test [6, 28, 28]" in summary
    assert "Classes in the training split: shirt: 7, bag: 10, boot: 7" in summary  # seed 42


class TabbedWindow(QMainWindow):
    def __init__(self):
        super().__init__()
        self.tabs = QTabWidget()
        self.setCentralWidget(self.tabs)

    def add_tab(self, title, widget):
        self.tabs.addTab(widget, title)


def test_install_adds_tabs_and_guards_the_close_while_training(qtbot, monkeypatch):
    window = TabbedWindow()
    qtbot.addWidget(window)
    document = Document(tiny_xor_project(epochs=400))
    ui = install_training_ui(window, document)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["Data", "Training", "Results"]
    window.show()
    panel = ui.training_panel
    QTest.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.plots.history_plot.epochs >= 1, timeout=TRAIN_TIMEOUT)
    monkeypatch.setattr(panel, "ask_stop", lambda: False)
    event = QCloseEvent()
    assert ui.close_guard.eventFilter(window, event) is True and not event.isAccepted()
    assert panel.running
    monkeypatch.setattr(panel, "ask_stop", lambda: True)
    assert window.close()
    assert not panel.runner.has_thread() and not panel.running

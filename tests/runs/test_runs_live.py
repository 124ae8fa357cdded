"""Start on the Training tab records the run in its worker thread, and the Runs tab lists it
with its test figure as soon as it is written."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.document import Document
from gui.training.runs_panel import RunsPanel
from gui.training.training_panel import TrainingPanel
from tests.runs.helpers import regression_project

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]
TRAIN_TIMEOUT = 180_000  # a wait for an event that must come (TensorFlow loads first)


def test_a_run_started_in_the_app_is_listed_in_the_runs_tab(qtbot, tmp_path):
    project = regression_project(tmp_path / "house.dendrite")
    document = Document(project)
    training, runs = TrainingPanel(document), RunsPanel(document)
    for widget in (training, runs):
        qtbot.addWidget(widget)
        widget.show()
    training.runner.event.connect(runs.on_session_event)
    try:
        assert runs.table.rowCount() == 0
        with qtbot.waitSignal(training.run_finished, timeout=TRAIN_TIMEOUT):
            QTest.mouseClick(training.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: runs.table.rowCount() == 1, timeout=TRAIN_TIMEOUT)
        column = runs.column_of("test loss")
        assert float(runs.table.item(0, column).text()) > 0
        assert "1 run recorded beside house.dendrite" in runs.status.text()
    finally:
        training.shutdown()

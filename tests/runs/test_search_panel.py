"""The Search tab: a search of 2 trials runs in its worker thread, lists each trial, and
"Apply best" writes the best values in place of the searches as one undoable edit."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.runs import list_runs
from gui.document import Document
from gui.training.search_panel import SearchPanel
from tests.runs.test_search import RATES, UNITS, _searching

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints")]
SEARCH_TIMEOUT = 300_000  # a wait for an event that must come (TensorFlow loads first)


def _type_into(qtbot, spin, text):
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), text)
    QTest.keyClick(spin.lineEdit(), Qt.Key.Key_Return)


def test_a_search_lists_its_trials_and_apply_best_is_one_undoable_edit(qtbot, tmp_path):
    path = tmp_path / "s.dendrite"
    document = Document(_searching(path))
    panel = SearchPanel(document)
    qtbot.addWidget(panel)
    panel.show()
    assert "hidden.units from 4 to 16" in panel.status.text()
    _type_into(qtbot, panel.trials, "2")
    _type_into(qtbot, panel.epochs, "1")
    try:
        with qtbot.waitSignal(panel.search_finished, timeout=SEARCH_TIMEOUT) as done:
            QTest.mouseClick(panel.search_button, Qt.MouseButton.LeftButton)
        result = done.args[0]
        assert result is not None and len(result.trials) == 2
        qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=10_000)
        assert len(list_runs(path).records) == 2
        assert "best: trial" in panel.status.text()
        QTest.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
        hidden = document.graph.by_name("hidden")
        assert hidden.params["units"] == result.best.values["hidden.units"]
        assert document.project.training["optimizer"]["learning_rate"] == \
            result.best.values["training.optimizer.learning_rate"]
        assert document.undo_stack.count() == 1
        document.undo_stack.undo()
        assert document.graph.by_name("hidden").params["units"] == UNITS
        assert document.project.training["optimizer"]["learning_rate"] == RATES
    finally:
        panel.shutdown()

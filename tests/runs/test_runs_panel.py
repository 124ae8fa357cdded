"""The Runs tab, driven with the mouse and keyboard: runs recorded beside a project are listed
with their figures and sort by a test figure, ticking a run overlays its curves, Compare
names the changed parameter and selects the node, Restore is one undoable edit, Delete asks."""

from datetime import UTC, datetime

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox

from engine.runs import list_runs, save_run
from engine.runs.record import record_of
from gui.document import Document
from gui.training.runs_panel import RunsPanel
from tests.runs.helpers import regression_project


def _record(project, loss, minute):
    history = {"loss": [loss * 2, loss], "val_loss": [loss * 2.5, loss * 1.2]}
    return record_of(project.name, project.graph, project.data, project.training, history,
                     {"loss": loss}, "finished", True,
                     datetime(2026, 11, 30, 4, minute, tzinfo=UTC), 1.5)


def _panel(qtbot, tmp_path):
    path = tmp_path / "house.dendrite"
    project = regression_project(path, learning_rate=0.01, units=8)
    save_run(path, _record(project, 0.9, 1))
    project.set_setting("training", "optimizer.learning_rate", 0.05)
    project.graph.set_param(project.graph.by_name("hidden").id, "units", 16)
    save_run(path, _record(project, 0.4, 2))
    document = Document(project)
    panel = RunsPanel(document)
    qtbot.addWidget(panel)
    panel.resize(900, 700)
    panel.show()
    return panel, document, path


def _click_row(qtbot, panel, row, modifier=Qt.KeyboardModifier.NoModifier):
    table = panel.table
    rect = table.visualItemRect(table.item(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_runs_are_listed_with_their_figures_and_sort_by_a_test_figure(qtbot, tmp_path):
    panel, _document, _path = _panel(qtbot, tmp_path)
    assert "2 runs recorded" in panel.status.text()
    column = panel.column_of("test loss")
    texts = [panel.table.item(r, column).text() for r in range(2)]
    assert texts == ["0.9", "0.4"]  # oldest first
    header = panel.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))
    assert [panel.table.item(r, column).text() for r in range(2)] == ["0.4", "0.9"]
    rates = panel.column_of("learning_rate")
    assert panel.table.item(0, rates).text() == "0.05"


def test_ticking_a_run_overlays_its_curves(qtbot, tmp_path):
    panel, _document, _path = _panel(qtbot, tmp_path)
    for row in range(2):
        _click_row(qtbot, panel, row)
        panel.table.setCurrentCell(row, 0)
        qtbot.keyClick(panel.table, Qt.Key.Key_Space)
    assert len(panel.ticked_ids()) == 2
    assert len(panel.curves) == 4  # loss and val_loss of each run
    _x, y = panel.curves[(panel.ticked_ids()[1], "loss")].getData()
    assert list(y) == [0.8, 0.4]


def test_compare_names_the_changed_parameter_and_selects_its_node(qtbot, tmp_path):
    panel, document, _path = _panel(qtbot, tmp_path)
    highlighted = []
    panel.highlight_requested.connect(highlighted.append)
    _click_row(qtbot, panel, 0)
    _click_row(qtbot, panel, 1, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(panel.compare_button, Qt.MouseButton.LeftButton)
    text = panel.diff_view.toPlainText()
    assert "changed hidden: units 8 -> 16" in text
    assert "changed training: optimizer.learning_rate 0.01 -> 0.05" in text
    assert highlighted == [[document.graph.by_name("hidden").id]]


def test_restoring_a_run_is_one_undoable_edit(qtbot, tmp_path):
    panel, document, _path = _panel(qtbot, tmp_path)
    hidden = document.graph.by_name("hidden").id
    _click_row(qtbot, panel, 0)  # the first run: 8 units, learning rate 0.01
    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    assert document.graph.node(hidden).params["units"] == 8
    assert document.project.training["optimizer"]["learning_rate"] == 0.01
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert document.graph.node(hidden).params["units"] == 16
    assert document.project.training["optimizer"]["learning_rate"] == 0.05
    assert len(document.graph.edges) == 2


def test_delete_asks_and_keeps_the_run_when_refused(qtbot, tmp_path, monkeypatch):
    panel, _document, path = _panel(qtbot, tmp_path)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *args, **kw: asked.append(args[2]) or answers.pop(0))
    _click_row(qtbot, panel, 0)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert len(list_runs(path).records) == 2 and "Delete 1 recorded run" in asked[0]
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert len(list_runs(path).records) == 1 and panel.table.rowCount() == 1


def test_the_tensorboard_box_is_an_undoable_setting_and_says_the_command(qtbot, tmp_path):
    panel, document, path = _panel(qtbot, tmp_path)
    assert not panel.tensorboard_box.isChecked()
    qtbot.mouseClick(panel.tensorboard_box, Qt.MouseButton.LeftButton)
    assert document.project.training["tensorboard"] is True
    text = panel.tensorboard_text()
    assert "tensorboard --logdir" in text and "house.dendrite-logs" in text
    document.undo_stack.undo()
    assert not panel.tensorboard_box.isChecked()
    assert document.project.setting("training", "tensorboard") is False


def test_pinning_keeps_a_runs_weights_and_restore_brings_them_back(qtbot, tmp_path):
    from engine.runs.weights import keep_weights, prune_weights
    from engine.training import Trainer
    from gui.training.worker import SessionRunner

    panel, document, path = _panel(qtbot, tmp_path)
    first = list_runs(path).records[0]
    trainer = Trainer.from_project(first.project())  # trains the first run's graph
    trainer.train(None, 1)
    keep_weights(path, first.id, trainer)
    panel.refresh()
    weights = panel.column_of("Weights")
    assert panel.table.item(0, weights).text() == "kept"

    _click_row(qtbot, panel, 0)
    assert panel.pin_button.text() == "Pin"
    qtbot.mouseClick(panel.pin_button, Qt.MouseButton.LeftButton)
    assert list_runs(path).records[0].pinned  # written in the run's file
    assert panel.table.item(0, panel.column_of("Pinned")).text() == "pinned"
    assert panel.pin_button.text() == "Unpin" and "Pinned 1 run." in panel.status.text()
    assert prune_weights(path) == [] and panel.table.item(0, weights).text() == "kept"

    runner = SessionRunner()
    panel.runner = runner
    _click_row(qtbot, panel, 0)
    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    assert "trained weights of run" in panel.status.text()
    qtbot.waitUntil(runner.session.is_trained, timeout=60000)
    assert runner.session.history.values["loss"] == trainer.history.values["loss"]
    assert document.graph.node(document.graph.by_name("hidden").id).params["units"] == 8
    runner.shutdown()

"""The data panel: choose, load in a worker, preview, class counts, binding messages, undo."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.project_io import load_project
from gui.document import Document
from gui.training.data_panel import DataPanel
from tests.conftest import PROJECTS
from tests.gui.training.conftest import WORKER_TIMEOUT

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def make_panel(qtbot, name):
    document = Document(load_project(PROJECTS / name))
    panel = DataPanel(document)
    qtbot.addWidget(panel)
    panel.resize(1000, 600)
    panel.show()
    return document, panel


def load(qtbot, panel):
    with qtbot.waitSignal(panel.loaded, timeout=30_000):
        QTest.mouseClick(panel.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_loading(), timeout=5000)


def test_digits_preview_shows_rows_and_class_counts(qtbot):
    _document, panel = make_panel(qtbot, "digits.dendrite")
    load(qtbot, panel)
    model = panel.preview.model
    assert model.rowCount() == 16 and model.columnCount() == 65  # 64 pixels and the target
    summary = panel.preview.summary.text()
    assert "Classes in the training split: 0:" in summary
    assert "train [1149, 64], validation [288, 64], test [360, 64]" in summary
    assert panel.messages.item(0).text().startswith("OK")


def test_a_bad_binding_is_reported_naming_both_sides(qtbot):
    document, panel = make_panel(qtbot, "digits.dendrite")
    load(qtbot, panel)
    spec = dict(document.project.data)
    spec["inputs"] = {"n1": {"columns": [0, 1, 2, 3, 4]}}
    document.set_section("data", spec)
    texts = [panel.messages.item(i).text() for i in range(panel.messages.count())]
    assert any("bound to 5 columns" in t and "input" in t.lower() for t in texts), texts
    document.undo_stack.undo()
    assert panel.messages.item(0).text().startswith("OK")


def test_typed_column_ranges_go_into_the_project_and_undo(qtbot):
    document, panel = make_panel(qtbot, "wide_and_deep_two_inputs.dendrite")
    table = panel.form.binding
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).data(256) == "n2")
    table.item(row, 2).setText("1-6")  # what the delegate does when the user types
    assert document.project.data["inputs"]["n2"] == {"columns": [1, 2, 3, 4, 5, 6]}
    document.undo_stack.undo()
    assert document.project.data["inputs"]["n2"] == {"columns": [2, 3, 4, 5, 6, 7]}
    assert table.item(row, 2).text() == "2-7"


def test_choosing_a_source_is_one_undoable_edit(qtbot):
    document, panel = make_panel(qtbot, "digits.dendrite")
    combo = panel.form.source
    combo.setCurrentText("synthetic")
    combo.activated.emit(combo.currentIndex())
    assert document.project.data["dataset"]["source"] == "synthetic"
    assert panel.form.name.currentText() == "xor"
    document.undo_stack.undo()
    assert document.project.data["dataset"] == {"source": "sklearn", "name": "digits"}
    assert panel.form.source.currentText() == "sklearn"


def test_a_dataset_that_cannot_load_shows_the_engine_message(qtbot, tmp_path):
    document, panel = make_panel(qtbot, "digits.dendrite")
    document.set_section("data", {"dataset": {"source": "csv", "path": str(tmp_path / "no.csv"),
                                              "target": "y"}})
    with qtbot.waitSignal(panel.load_failed, timeout=WORKER_TIMEOUT) as blocker:
        QTest.mouseClick(panel.load_button, Qt.MouseButton.LeftButton)
    assert "no.csv" in blocker.args[0]
    qtbot.waitUntil(lambda: panel.load_button.isEnabled(), timeout=5000)
    assert "no.csv" in panel.status.text()


def test_a_dataset_needing_a_download_says_where_to_put_the_file(qtbot, tmp_path, monkeypatch):
    from engine.data import keras_sets
    from engine.data.errors import DatasetUnavailable

    def offline(name):
        raise DatasetUnavailable("Fashion-MNIST", "train-images-idx3-ubyte.gz", tmp_path,
                                 "no network")

    monkeypatch.setattr(keras_sets, "load", offline)
    _document, panel = make_panel(qtbot, "fashion_mnist.dendrite")
    with qtbot.waitSignal(panel.load_failed, timeout=WORKER_TIMEOUT):
        QTest.mouseClick(panel.load_button, Qt.MouseButton.LeftButton)
    text = panel.status.text()
    assert "Fashion-MNIST" in text and "train-images-idx3-ubyte.gz" in text
    assert str(tmp_path) in text
    qtbot.waitUntil(panel.load_button.isEnabled, timeout=5000)

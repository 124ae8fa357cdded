"""A CSV column named "target", picked in the Data tab as a second Output's target, is
written as that column ({"column": "target"}), never as the app's word for the dataset's
own target, and reads back as that column."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox

from engine.graph import Graph
from engine.project import Project
from gui.document import Document
from gui.training.data_panel import DataPanel

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def _project(tmp_path) -> Project:
    lines = ["x1,x2,y,target"] + [f"{i},{i % 3},{i * 0.5},{100 + i}" for i in range(30)]
    csv = tmp_path / "two.csv"
    csv.write_text("\n".join(lines), encoding="utf-8")
    graph = Graph()
    x = graph.add_node("Input", {"shape": [2]}, "x").id
    h = graph.add_node("Dense", {"units": 4, "activation": "relu"}, "h").id
    graph.connect(x, h, 0)
    for name in ("first", "second"):
        out = graph.add_node("Output", {"units": 1, "activation": "linear", "loss": "mse"},
                             name).id
        graph.connect(h, out, 0)
    return Project("two", graph, {"dataset": {"source": "csv", "path": str(csv),
                                              "target": ["y", "target"]}})


def test_picking_the_column_named_target_binds_that_column(qtbot, tmp_path):
    document = Document(_project(tmp_path))
    panel = DataPanel(document)
    qtbot.addWidget(panel)
    panel.resize(1000, 600)
    panel.show()
    with qtbot.waitSignal(panel.loaded, timeout=30_000):
        QTest.mouseClick(panel.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.is_loading(), timeout=5000)
    second = document.graph.by_name("second").id
    table = panel.form.binding
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).data(256) == second)
    combo = table.cellWidget(row, 2)
    assert isinstance(combo, QComboBox)
    assert [combo.itemText(i) for i in range(combo.count())] == ["y", "target"]
    assert combo.currentText() == "y"  # the dataset's own target, the first column
    combo.setCurrentIndex(1)
    combo.activated.emit(1)
    assert document.project.data["targets"][second] == {"column": "target"}
    combo = table.cellWidget(row, 2)  # the table is filled again from the project
    assert combo.currentText() == "target"
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    assert document.project.data["targets"][second] == "target"

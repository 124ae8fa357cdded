"""The summary panel: the Keras-style table and totals, kept current without TensorFlow."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.summary import format_summary, summarise
from gui.panels import InspectorPanel, SummaryPanel
from gui.panels.summary_panel import COLUMNS, PARAMS
from tests.gui.panels.conftest import node_named, open_document, type_into

ROOT = Path(__file__).resolve().parents[3]
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def panel(show, document):
    return show(SummaryPanel(document), 760, 320)


def table_rows(panel):
    """The rows as the table view draws them (its model's display text)."""
    model = panel.table.model()
    return [tuple(model.index(r, c).data() for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def test_the_fashion_mnist_summary_matches_keras(panel):
    header = panel.table.horizontalHeader()
    assert [header.model().headerData(i, Qt.Orientation.Horizontal)
            for i in range(len(COLUMNS))] == list(COLUMNS)
    assert table_rows(panel) == [
        ("input", "InputLayer", "(None, 28, 28)", "0", "-"),
        ("flatten", "Flatten", "(None, 784)", "0", "input"),
        ("dense", "Dense", "(None, 300)", "235,500", "flatten"),
        ("dense_1", "Dense", "(None, 300)", "90,300", "dense"),
        ("output", "Dense", "(None, 10)", "3,010", "dense_1"),
    ]
    assert "Total params: 328,810" in panel.totals_label.text()
    assert "Trainable params: 328,810" in panel.totals_label.text()
    assert "Non-trainable params: 0" in panel.totals_label.text()
    alignment = panel.table.model().index(2, PARAMS).data(Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight.value
    assert not panel.note_label.isVisible()


def test_the_summary_follows_a_units_change_typed_in_the_inspector(show, panel, document):
    inspector = show(InspectorPanel(document))
    inspector.show_nodes([node_named(document, "dense")])
    type_into(inspector.editors["units"].field, "100")
    assert table_rows(panel)[2] == ("dense", "Dense", "(None, 100)", "78,500", "flatten")
    assert table_rows(panel)[3][3] == "30,300"
    assert "Total params: 111,810" in panel.totals_label.text()
    document.undo_stack.undo()
    assert "Total params: 328,810" in panel.totals_label.text()


def test_the_table_agrees_with_the_engine_summary_of_a_two_output_model(show):
    document = open_document("wide_and_deep_aux_output.dendrite")
    panel = show(SummaryPanel(document), 760, 320)
    summary = summarise(document.graph, document.analysis())
    assert [r[0] for r in table_rows(panel)] == [r.name for r in summary.rows]
    assert [r[4] for r in table_rows(panel)] == \
        [", ".join(r.connected_to) or "-" for r in summary.rows]
    lines = format_summary(summary).splitlines()
    assert f"Total params: {summary.total:,}" in lines
    assert f"Total params: {summary.total:,}" in panel.totals_label.text()


def test_a_broken_graph_says_its_counts_are_partial(panel, document):
    document.remove_nodes([node_named(document, "flatten")])
    assert "errors" in panel.note_label.text() and panel.note_label.isVisible()
    document.remove_nodes([node_named(document, "output")])
    assert panel.table.model().rowCount() == 0
    assert "Total params: 0" in panel.totals_label.text()
    assert "model is empty" in panel.note_label.text()


def test_clicking_a_row_names_its_node(panel, document, qtbot):
    table = panel.table
    point = panel.cell_rect(3).center()
    with qtbot.waitSignal(panel.node_activated, timeout=1000) as signal:
        QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, point)
    assert signal.args == [node_named(document, "dense_1")]


def test_the_panels_work_without_importing_tensorflow():
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from engine.project_io import load_project\n"
        "from gui.document import Document\n"
        "from gui.panels import InspectorPanel, PaletteView, ProblemsPanel, SummaryPanel\n"
        "doc = Document(load_project('projects/fashion_mnist.dendrite'))\n"
        "panels = [PaletteView(), InspectorPanel(doc), ProblemsPanel(doc), SummaryPanel(doc)]\n"
        "panels[1].show_nodes(['n3'])\n"
        "assert '328,810' in panels[3].totals_label.text()\n"
        "print(sorted(m for m in ('tensorflow', 'keras') if m in sys.modules))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"

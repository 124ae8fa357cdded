"""The problems panel: every validation message, errors first, leading to its node."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.graph import Edge
from gui.panels import ProblemsPanel
from gui.panels.problems import MESSAGE, NODE, SEVERITY, count_text
from tests.gui.panels.conftest import node_named

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def panel(show, document):
    return show(ProblemsPanel(document), 640, 300)


def rows(panel):
    return [tuple(panel.list.topLevelItem(i).text(c) for c in (SEVERITY, NODE, MESSAGE))
            for i in range(panel.list.topLevelItemCount())]


def cut_flatten_from_dense(document):
    document.disconnect(Edge(node_named(document, "flatten"), node_named(document, "dense"), 0))


def test_a_sound_graph_has_no_problems(panel):
    assert panel.header.text() == "No problems"
    assert rows(panel) == []
    assert not panel.fix_button.isEnabled()


def test_a_broken_graph_lists_its_problems_errors_first(panel, document):
    cut_flatten_from_dense(document)
    assert panel.header.text() == "2 errors, 1 warning"
    assert rows(panel) == [
        ("Error", "input", "does not reach any Output: connect it, or remove it"),
        ("Error", "dense", "its input has nothing connected"),
        ("Warning", "flatten", "does not reach any Output: it is left out of the model"),
    ]
    document.undo_stack.undo()
    assert panel.header.text() == "No problems" and rows(panel) == []


def test_a_problem_about_the_whole_graph_names_no_node(show):
    from gui.document import Document

    panel = show(ProblemsPanel(Document()), 640, 300)
    assert rows(panel) == [("Error", "(whole graph)",
                            "the graph is empty: add an Input, layers and an Output")]


def test_clicking_a_problem_or_pressing_enter_on_it_names_its_node(panel, document, qtbot):
    cut_flatten_from_dense(document)
    tree = panel.list
    second = tree.topLevelItem(1)
    point = tree.visualItemRect(second).center()
    with qtbot.waitSignal(panel.node_activated, timeout=1000) as signal:
        QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, point)
    assert signal.args == [node_named(document, "dense")]
    tree.setFocus()
    QTest.keyClick(tree, Qt.Key.Key_Down)
    with qtbot.waitSignal(panel.node_activated, timeout=1000) as signal:
        QTest.keyClick(tree, Qt.Key.Key_Return)
    assert signal.args == [node_named(document, "flatten")]


def test_the_fix_button_applies_the_selected_problems_fix_as_one_step(panel, document):
    flatten = node_named(document, "flatten")
    document.remove_nodes([flatten])
    document.connect(node_named(document, "input"), node_named(document, "dense"))
    assert panel.header.text() == "3 warnings"
    tree = panel.list
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier,
                     tree.visualItemRect(tree.topLevelItem(0)).center())
    assert panel.fix_button.isEnabled() and panel.fix_button.text() == "Fix: Insert Flatten"
    steps = document.undo_stack.count()
    QTest.mouseClick(panel.fix_button, Qt.MouseButton.LeftButton)
    assert document.undo_stack.count() == steps + 1
    assert panel.header.text() == "No problems"
    assert [n.type for n in document.graph.nodes].count("Flatten") == 1


def test_the_count_line_reads_naturally():
    assert count_text(0, 0) == "No problems"
    assert count_text(1, 0) == "1 error"
    assert count_text(2, 1) == "2 errors, 1 warning"
    assert count_text(0, 3) == "3 warnings"


def test_problems_name_a_place_in_the_window_not_a_json_path(panel, document):
    spec = dict(document.project.data or {})
    spec["dataset"] = {"source": "csv", "path": "no_such_file.csv", "target": "y"}
    document.set_section("data", spec)
    cut_flatten_from_dense(document)
    shown = rows(panel)
    assert ("Warning", "Data tab > Dataset") in [r[:2] for r in shown], shown
    for i in range(panel.list.topLevelItemCount()):
        item = panel.list.topLevelItem(i)
        texts = [item.text(c) for c in (SEVERITY, NODE, MESSAGE)] + [item.toolTip(MESSAGE)]
        for text in texts:
            assert "data.dataset" not in text and "node n" not in text, text
    dense = next(panel.list.topLevelItem(i) for i in range(panel.list.topLevelItemCount())
                 if panel.list.topLevelItem(i).text(NODE) == "dense")
    assert dense.toolTip(MESSAGE).startswith("Error in dense: ")

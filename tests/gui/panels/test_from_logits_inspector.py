"""The Output's `from_logits` shows in the inspector from the catalogue (a check box with its
help), a click sets it as one undo step, and a softmax output says plainly why it cannot."""

import pytest
from PySide6.QtCore import Qt

from engine.catalogue import KINDS
from gui.panels import InspectorPanel
from tests.gui.panels.conftest import node_named

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_from_logits_is_a_check_box_with_help_and_validation_says_why_not(qtbot, show,
                                                                          document):
    inspector = show(InspectorPanel(document))
    output = node_named(document, "output")
    inspector.show_nodes([output])
    box = inspector.editors["from_logits"].field
    label = inspector.row_labels["from_logits"]
    assert label.toolTip() == KINDS["Output"].param("from_logits").help
    assert "logits" in label.toolTip() and "sigmoid or softmax" in label.toolTip()
    assert not box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert document.graph.node(output).params["from_logits"] is True
    assert document.undo_stack.count() == 1
    [problem] = [p for p in document.analysis().errors if p.node_id == output]
    assert "from_logits needs the linear activation" in problem.message
    assert "softmax a second time" in problem.message
    document.undo_stack.undo()
    assert not box.isChecked()
    assert not document.graph.node(output).params.get("from_logits")
    assert not [p for p in document.analysis().errors if p.node_id == output]

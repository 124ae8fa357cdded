"""A shared layer made from the canvas's menu: a second card that calls the same layer. The
inspector shows the layer's parameters on either card, and a change made on the call
changes the one layer (one undo step)."""

import pytest
from PySide6.QtCore import QPointF

from engine.shared_layers import SHARES
from gui.canvas.menus import build_context_menu
from gui.canvas.view import CanvasView
from gui.panels import InspectorPanel
from tests.gui.panels.conftest import node_named, type_into

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_call_a_layer_again_from_its_menu_and_edit_it_from_the_call(qtbot, show, document):
    view = show(CanvasView(document), 900, 600)
    inspector = show(InspectorPanel(document))
    dense = node_named(document, "dense")
    item = view.node_item(dense)
    menu = build_context_menu(view, item.mapToScene(QPointF(90, 50)))
    action = next(a for a in menu.actions() if a.text().startswith("Call this layer again"))
    action.trigger()
    call = document.graph.by_name("dense_call")
    assert call is not None and call.extra[SHARES] == dense
    assert view.node_item(call.id).look.params == "weights of dense"  # counted at the owner
    assert view.selected_node_ids() == [call.id]

    inspector.show_nodes([call.id])
    assert "Calls the layer of dense" in inspector.help_label.text()
    spin = inspector.editors["units"].field
    assert spin.value() == 300  # the owner's units, shown on the call
    type_into(spin, "64")
    assert document.graph.node(dense).params["units"] == 64
    assert call.params == {}
    assert "64" in view.node_item(call.id).look.title  # the call's card follows its layer
    document.undo_stack.undo()
    assert document.graph.node(dense).params["units"] == 300
    document.undo_stack.undo()
    assert document.graph.by_name("dense_call") is None

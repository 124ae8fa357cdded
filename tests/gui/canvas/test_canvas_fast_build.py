"""The canvas built for speed still shows what the graph says: cards dragged by the mouse take
their wires along while the drag is under way, a card's tooltip shows on hover, far out the
wires are drawn (by one layer) and a selected wire stands out, and fitting frames every card
and every wire, a backward one included."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from engine.graph import Edge
from gui.canvas import export, style
from gui.canvas.edge_item import FAR_ZOOM
from tests.gui.canvas.conftest import at, node_named


def _wire_ends_at_ports(view, wire) -> bool:
    start = view.port_scene_pos(wire.edge.source, "out")
    end = view.port_scene_pos(wire.edge.target, "in", wire.edge.target_port)
    first = wire.path().elementAt(0)
    return (first.x, first.y) == (start.x(), start.y()) and wire.path().currentPosition() == end


def test_dragging_two_selected_cards_takes_their_wires_along_during_the_drag(view, document):
    dense, dense_1 = node_named(document, "dense"), node_named(document, "dense_1")
    view.select_nodes([dense, dense_1])
    item = view.node_item(dense)
    before = {n: view.node_item(n).pos() for n in (dense, dense_1)}
    viewport = view.viewport()
    grab = at(view, item.mapToScene(QPointF(90, 50)))
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, grab)
    for step in range(1, 5):
        QTest.mouseMove(viewport, grab + QPoint(17 * step, 11 * step))
    # still pressed: both cards moved, snapped to the grid, and every wire of theirs follows
    for node_id in (dense, dense_1):
        position = view.node_item(node_id).pos()
        assert position != before[node_id]
        assert position.x() % style.GRID == 0 and position.y() % style.GRID == 0
    moved_wires = [w for e, w in view.canvas.edges.items()
                   if {e.source, e.target} & {dense, dense_1}]
    assert len(moved_wires) >= 3
    assert all(_wire_ends_at_ports(view, wire) for wire in moved_wires)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       grab + QPoint(68, 44))
    assert document.graph.node(dense).position == (item.pos().x(), item.pos().y())
    document.undo_stack.undo()  # the wires go back with the cards
    assert view.node_item(dense).pos() == before[dense]
    QApplication.processEvents()
    assert all(_wire_ends_at_ports(view, wire) for wire in view.canvas.edges.values())


# the offscreen platform cannot raise the tooltip's window; harmless
@pytest.mark.qt_log_ignore("does not support raise")
def test_hovering_a_card_shows_its_name_kind_and_problems(view, document):
    dense = node_named(document, "dense")
    document.disconnect(next(e for e in document.graph.edges if e.target == dense))
    item = view.node_item(dense)
    point = at(view, item.mapToScene(QPointF(90, 50)))
    QTest.mouseMove(view.viewport(), point)
    QApplication.sendEvent(view.viewport(),
                           QHelpEvent(QEvent.Type.ToolTip, point,
                                      view.viewport().mapToGlobal(point)))
    shown = QToolTip.text()
    QToolTip.hideText()
    assert shown == item.toolTip()
    assert "<b>dense</b>: Dense" in shown
    assert "error:" in shown  # the unconnected input is named on the card's tooltip
    document.undo_stack.undo()
    assert "error:" not in item.toolTip()


def _colours_near(image, point: QPoint, reach: int = 2) -> set:
    return {image.pixelColor(point.x() + dx, point.y() + dy).rgb()
            for dx in range(-reach, reach + 1) for dy in range(-reach, reach + 1)}


def test_far_out_every_wire_is_drawn_and_a_selected_one_in_the_highlight(view, document):
    view.resetTransform()
    view.scale(FAR_ZOOM / 2, FAR_ZOOM / 2)
    edge = Edge(node_named(document, "dense_1"), node_named(document, "aux_output"), 0)
    wire = view.canvas.edges[edge]
    x0, y0, x1, y1 = wire.ends()
    middle = QPointF((x0 + x1) / 2, (y0 + y1) / 2)
    view.centerOn(middle)
    QApplication.processEvents()
    spot = view.mapFromScene(middle)
    image = view.viewport().grab().toImage()
    assert style.wire_colour().rgb() in _colours_near(image, spot)
    assert style.highlight_colour().rgb() not in _colours_near(image, spot)
    wire.setSelected(True)
    QApplication.processEvents()
    image = view.viewport().grab().toImage()
    assert style.highlight_colour().rgb() in _colours_near(image, spot)
    document.disconnect(edge)  # a removed wire is no longer drawn by the layer
    QApplication.processEvents()
    image = view.viewport().grab().toImage()
    near = _colours_near(image, spot, reach=1)
    assert style.wire_colour().rgb() not in near and style.highlight_colour().rgb() not in near


def test_fitting_frames_every_card_and_a_wire_that_loops_backwards(view, document):
    dense, deep = node_named(document, "dense"), node_named(document, "deep_input")
    x, y = document.graph.node(deep).position
    document.move_nodes({dense: (document.graph.node(dense).position, (x - 700.0, y + 300))})
    QApplication.processEvents()
    backwards = view.canvas.edges[Edge(deep, dense, 0)]
    x0, _, x1, _ = backwards.ends()
    assert x1 < x0  # the wire runs right to left and loops out beside its ends
    diagram = export.diagram_rect(view.canvas)
    for item in view.canvas.nodes.values():
        assert diagram.contains(item.sceneBoundingRect())
    for wire in view.canvas.edges.values():
        assert diagram.contains(wire.path().boundingRect())
    view.fit_all()
    QApplication.processEvents()
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert all(shown.contains(item.sceneBoundingRect()) for item in view.canvas.nodes.values())


def test_far_out_a_card_is_still_clicked_dragged_and_drawn_where_it_went(view, document):
    view.resetTransform()
    view.scale(style.FAR_LOD / 1.5, style.FAR_LOD / 1.5)
    dense = node_named(document, "dense")
    item = view.node_item(dense)
    view.centerOn(item.sceneBoundingRect().center())
    QApplication.processEvents()
    old = item.pos()
    grab = at(view, item.sceneBoundingRect().center())
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, grab)
    for step in range(1, 4):
        QTest.mouseMove(viewport, grab + QPoint(0, 12 * step))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       grab + QPoint(0, 36))
    assert view.selected_node_ids() == [dense]
    assert item.pos().y() > old.y() + 100 and document.graph.node(dense).position == (
        item.pos().x(), item.pos().y())
    QApplication.processEvents()
    image = view.viewport().grab().toImage()
    centre = view.mapFromScene(item.sceneBoundingRect().center())
    assert image.pixelColor(centre) == style.header_colour(item.look.group)
    corner = view.mapFromScene(item.pos())  # the block's outline: the selection's colour
    assert style.highlight_colour().rgb() in _colours_near(image, corner, reach=1)


def test_zoomed_out_to_a_thin_wire_it_is_still_drawn_along_its_curve(view, document):
    view.resetTransform()
    view.scale(0.6, 0.6)  # 1.8 units wide would be 1.1 px: drawn one pixel wide
    edge = Edge(node_named(document, "dense_1"), node_named(document, "aux_output"), 0)
    wire = view.canvas.edges[edge]
    for share in (0.25, 0.5, 0.75):
        point = wire.path().pointAtPercent(share)
        view.centerOn(point)
        QApplication.processEvents()
        image = view.viewport().grab().toImage()
        colours = _colours_near(image, view.mapFromScene(point), reach=1)
        assert any(abs(QColor(c).lightness() - style.wire_colour().lightness()) < 40
                   and QColor(c).lightness() < style.canvas_colour().lightness() - 30
                   for c in colours), share

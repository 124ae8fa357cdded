"""The palette: groups, filter, tooltips, and adding kinds by double-click, Enter or drop."""

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from engine.catalogue import GROUPS, KINDS
from gui.canvas import CanvasView
from gui.document import Document
from gui.mime import NODE_KIND_MIME
from gui.panels import PaletteView
from tests.gui.panels.conftest import double_click

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def palette(show):
    return show(PaletteView(), 300, 600)


def shown_kinds(palette):
    return [palette.tree.topLevelItem(g).child(k).text(0)
            for g in range(palette.tree.topLevelItemCount())
            if not palette.tree.topLevelItem(g).isHidden()
            for k in range(palette.tree.topLevelItem(g).childCount())
            if not palette.tree.topLevelItem(g).child(k).isHidden()]


def test_every_kind_is_listed_under_its_group_in_catalogue_order(palette):
    tree = palette.tree
    groups = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert groups == list(GROUPS)
    for index, group in enumerate(groups):
        item = tree.topLevelItem(index)
        children = [item.child(i).text(0) for i in range(item.childCount())]
        assert children == [k.type for k in KINDS.values() if k.group == group]
    assert shown_kinds(palette)[:3] == ["Input", "Dense", "Flatten"]
    assert "Concatenate" in shown_kinds(palette) and "Output" in shown_kinds(palette)


def test_the_tooltip_of_a_kind_is_its_help_text(palette):
    for type_name, item in palette.kind_items.items():
        assert item.toolTip(0) == KINDS[type_name].help


def test_typing_in_the_filter_shows_only_matching_kinds(palette):
    palette.filter_edit.setFocus()
    QTest.keyClicks(palette.filter_edit, "DROP")
    assert shown_kinds(palette) == ["Dropout", "SpatialDropout1D", "SpatialDropout2D"]
    assert palette.tree.topLevelItem(GROUPS.index("Convolution")).isHidden()
    assert palette.tree.topLevelItem(GROUPS.index("Inputs")).isHidden()
    QTest.keyClick(palette.filter_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(palette.filter_edit, "side by side")  # words of Concatenate's help
    assert shown_kinds(palette) == ["Concatenate"]
    QTest.keyClick(palette.filter_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(palette.filter_edit, Qt.Key.Key_Delete)
    assert len(shown_kinds(palette)) == sum(k.group in GROUPS for k in KINDS.values())


def test_a_filter_matching_nothing_hides_every_group(palette):
    QTest.keyClicks(palette.filter_edit, "no such layer")
    assert shown_kinds(palette) == []
    assert all(palette.tree.topLevelItem(i).isHidden()
               for i in range(palette.tree.topLevelItemCount()))


def test_double_click_asks_to_add_the_kind(palette, qtbot):
    tree = palette.tree
    item = palette.kind_items["Dense"]
    point = tree.visualItemRect(item).center()
    with qtbot.waitSignal(palette.add_requested, timeout=1000) as signal:
        double_click(tree.viewport(), point)
    assert signal.args == ["Dense"]


def test_double_click_on_a_group_adds_nothing(palette, qtbot):
    tree = palette.tree
    group = tree.topLevelItem(0)
    with qtbot.assertNotEmitted(palette.add_requested):
        double_click(tree.viewport(), tree.visualItemRect(group).center())


def test_enter_on_a_kind_or_on_a_filter_with_one_match_adds_it(palette, qtbot):
    tree = palette.tree
    tree.setFocus()
    tree.setCurrentItem(palette.kind_items["Flatten"])
    with qtbot.waitSignal(palette.add_requested, timeout=1000) as signal:
        QTest.keyClick(tree, Qt.Key.Key_Return)
    assert signal.args == ["Flatten"]
    palette.filter_edit.setFocus()
    QTest.keyClicks(palette.filter_edit, "batchnorm")
    with qtbot.waitSignal(palette.add_requested, timeout=1000) as signal:
        QTest.keyClick(palette.filter_edit, Qt.Key.Key_Return)
    assert signal.args == ["BatchNormalization"]


def test_the_drag_payload_names_the_kind():
    data = PaletteView.mime_data_for("Dense")
    assert data.hasFormat(NODE_KIND_MIME)
    assert bytes(data.data(NODE_KIND_MIME)).decode("utf-8") == "Dense"


def test_dropping_a_palette_kind_on_the_canvas_adds_it_at_the_drop_point(show, palette):
    document = Document()
    view = show(CanvasView(document), 900, 600)
    point = QPoint(420, 300)
    data = palette.mime_data_for("Dense")
    viewport = view.viewport()
    action, buttons = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    mods = Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, action, data, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(point, action, data, buttons, mods)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted()
    QApplication.sendEvent(viewport, QDropEvent(QPointF(point), action, data, buttons, mods))
    (node,) = document.graph.nodes
    assert node.type == "Dense"
    assert view.node_item(node.id).sceneBoundingRect().contains(view.mapToScene(point))
    assert document.undo_stack.count() == 1


def test_every_palette_group_has_its_own_colour_on_the_canvas():
    from gui.canvas import style

    colours = [style.group_colour(group).name() for group in GROUPS]
    assert style.UNKNOWN_COLOUR.name() not in colours
    assert len(set(colours)) == len(GROUPS)

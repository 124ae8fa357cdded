"""A user's hands on the main window: drag kinds from the palette, wire ports, type in the
inspector. Used by the tests that build whole networks with mouse and keyboard only."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox

import gui.panels.palette as palette_module

LEFT = Qt.MouseButton.LeftButton
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


class DropOnto:
    """Stands in for QDrag: a real QDrag.exec runs the platform's own drag loop, which the
    offscreen platform cannot finish. Everything before (press and move on the palette item,
    the mime data the palette builds) and after (the canvas's drop handling) stays real."""

    target = None  # (viewport, QPoint) where the pointer is let go

    def __init__(self, source):
        self.source = source
        self.data = None

    def setMimeData(self, data):
        self.data = data

    def setPixmap(self, _pixmap):
        pass

    def exec(self, action):
        viewport, point = DropOnto.target
        buttons, modifiers = Qt.MouseButton.LeftButton, NO_MODIFIER
        enter = QDragEnterEvent(point, action, self.data, buttons, modifiers)
        QApplication.sendEvent(viewport, enter)
        if not enter.isAccepted():
            return Qt.DropAction.IgnoreAction
        move = QDragMoveEvent(point, action, self.data, buttons, modifiers)
        QApplication.sendEvent(viewport, move)
        drop = QDropEvent(QPointF(point), action, self.data, buttons, modifiers)
        QApplication.sendEvent(viewport, drop)
        return action if drop.isAccepted() else Qt.DropAction.IgnoreAction


class Hands:
    def __init__(self, window, monkeypatch):
        self.window = window
        self.canvas = window.canvas
        self.inspector = window.inspector
        monkeypatch.setattr(palette_module, "QDrag", DropOnto)

    # ---- palette -------------------------------------------------------------------------
    def drag_from_palette(self, type_name: str, view_point: QPoint) -> str:
        """Drags `type_name` from the palette to `view_point` of the canvas; the new node's id."""
        tree = self.window.palette_view.tree
        item = self.window.palette_view.kind_items[type_name]
        tree.scrollToItem(item)
        start = tree.visualItemRect(item).center()
        before = {n.id for n in self.window.document.graph.nodes}
        DropOnto.target = (self.canvas.viewport(), view_point)
        QTest.mousePress(tree.viewport(), LEFT, NO_MODIFIER, start)
        far = QApplication.startDragDistance() + 10
        for step in range(1, 5):
            QTest.mouseMove(tree.viewport(), start + QPoint(far * step // 4, 0))
        QTest.mouseRelease(tree.viewport(), LEFT, NO_MODIFIER, start + QPoint(far, 0))
        added = [n.id for n in self.window.document.graph.nodes if n.id not in before]
        assert len(added) == 1, f"dropping {type_name} added {added}"
        return added[0]

    # ---- canvas --------------------------------------------------------------------------
    def wire(self, source: str, target: str, slot: int = 0) -> None:
        start = self.canvas.mapFromScene(self.canvas.port_scene_pos(source, "out"))
        end = self.canvas.mapFromScene(self.canvas.port_scene_pos(target, "in", slot))
        viewport = self.canvas.viewport()
        QTest.mousePress(viewport, LEFT, NO_MODIFIER, start)
        for step in range(1, 6):
            QTest.mouseMove(viewport, start + (end - start) * step / 5)
        QTest.mouseRelease(viewport, LEFT, NO_MODIFIER, end)

    def click_node(self, node_id: str) -> None:
        item = self.canvas.node_item(node_id)
        header = item.mapToScene(QPointF(item.boundingRect().width() / 2, 10))
        QTest.mouseClick(self.canvas.viewport(), LEFT, NO_MODIFIER,
                         self.canvas.mapFromScene(header))
        assert self.canvas.selected_node_ids() == [node_id]

    # ---- inspector -----------------------------------------------------------------------
    def rename(self, text: str) -> None:
        type_over(self.inspector.name_edit, text)

    def set(self, key: str, text: str) -> None:
        """Types `text` into the parameter's field; in a combo box, types to pick the entry."""
        editor = self.inspector.editors[key]
        field = editor.field
        none_box = getattr(editor, "none_box", None)
        if none_box is not None and none_box.isChecked():  # "none" first has to be unticked
            QTest.mouseClick(none_box, LEFT, NO_MODIFIER, QPoint(6, none_box.height() // 2))
            assert field.isEnabled()
        if isinstance(field, QComboBox):
            field.setFocus()
            QTest.keyClicks(field, text)
            assert field.currentText() == text, (key, field.currentText())
            return
        type_over(field, text)


def type_over(field, text: str) -> None:
    """Clicks into the field, selects what it holds, types `text` and presses Enter."""
    QTest.mouseClick(field, LEFT, NO_MODIFIER, field.rect().center())
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(field, text)
    QTest.keyClick(field, Qt.Key.Key_Return)

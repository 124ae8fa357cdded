"""The palette: every node kind of the catalogue, by group, with a filter box.

Dragging a kind onto the canvas drops it there (the canvas reads NODE_KIND_MIME);
double-clicking it, or pressing Enter on it, asks for it at the centre of the view.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal, Slot
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from engine.catalogue import GROUPS, kinds_by_group
from gui.mime import NODE_KIND_MIME
from gui.style import icon

GROUP_ICONS = {"Inputs": "input", "Layers": "layer", "Merging": "merge", "Outputs": "output"}
_TYPE_ROLE = Qt.ItemDataRole.UserRole


def mime_data_for(type_name: str) -> QMimeData:
    """What a palette drag carries: the kind's type name, UTF-8."""
    data = QMimeData()
    data.setData(NODE_KIND_MIME, type_name.encode("utf-8"))
    return data


class KindTree(QTreeWidget):
    """The tree of kinds; drags carry NODE_KIND_MIME and Enter asks to add the current kind."""

    enter_pressed = Signal(QTreeWidgetItem)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def startDrag(self, supported_actions) -> None:
        type_name = type_of(self.currentItem())
        if not type_name:
            return
        drag = QDrag(self)
        drag.setMimeData(mime_data_for(type_name))
        item_icon = self.currentItem().icon(0)
        if not item_icon.isNull():
            drag.setPixmap(item_icon.pixmap(24, 24))
        drag.exec(Qt.DropAction.CopyAction)  # a copy: the palette keeps its items

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and type_of(self.currentItem()):
            self.enter_pressed.emit(self.currentItem())
            event.accept()
            return
        super().keyPressEvent(event)


def type_of(item: QTreeWidgetItem | None) -> str | None:
    return None if item is None else item.data(0, _TYPE_ROLE)


class PaletteView(QWidget):
    add_requested = Signal(str)  # a kind's type name, to add at the centre of the view

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter nodes")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip("Show the kinds whose name or description contains this.")
        self.filter_edit.textChanged.connect(self.apply_filter)
        self.filter_edit.returnPressed.connect(self._on_filter_return)
        self.tree = KindTree()
        self.tree.itemDoubleClicked.connect(self._on_double_clicked)
        self.tree.enter_pressed.connect(self._on_enter_pressed)
        self.groups: dict[str, QTreeWidgetItem] = {}
        self.kind_items: dict[str, QTreeWidgetItem] = {}
        self._fill()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.filter_edit)
        column.addWidget(self.tree)

    def _fill(self) -> None:
        by_group = kinds_by_group()
        for group in GROUPS:  # imported Keras layers come from files, not from the palette
            group_item = QTreeWidgetItem([group])
            group_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = group_item.font(0)
            font.setBold(True)
            group_item.setFont(0, font)
            self.tree.addTopLevelItem(group_item)
            self.groups[group] = group_item
            for kind in by_group.get(group, []):
                item = QTreeWidgetItem([kind.type])
                item.setData(0, _TYPE_ROLE, kind.type)
                item.setToolTip(0, kind.help)
                item.setIcon(0, icon(GROUP_ICONS.get(group, "layer")))
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                              | Qt.ItemFlag.ItemIsDragEnabled)
                group_item.addChild(item)
                self.kind_items[kind.type] = item
        self.tree.expandAll()
        longest = max((len(t), t) for t in self.kind_items)[1] if self.kind_items else ""
        width = (self.tree.fontMetrics().horizontalAdvance(longest)
                 + 2 * self.tree.indentation() + self.tree.iconSize().width() + 32)
        self.tree.setMinimumWidth(width)

    @staticmethod
    def mime_data_for(type_name: str) -> QMimeData:
        return mime_data_for(type_name)

    # ---- filtering -----------------------------------------------------------------------
    @Slot(str)
    def apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for group_item in self.groups.values():
            shown = 0
            for i in range(group_item.childCount()):
                item = group_item.child(i)
                haystack = f"{item.text(0)}\n{item.toolTip(0)}".casefold()
                hide = bool(needle) and needle not in haystack
                item.setHidden(hide)
                shown += not hide
            group_item.setHidden(shown == 0)
        if needle:
            self.tree.expandAll()
            current = self.tree.currentItem()
            if current is None or current.isHidden():
                visible = self.visible_types()
                if visible:
                    self.tree.setCurrentItem(self.kind_items[visible[0]])

    def visible_types(self) -> list[str]:
        return [t for t, item in self.kind_items.items()
                if not item.isHidden() and not item.parent().isHidden()]

    @Slot()
    def _on_filter_return(self) -> None:
        # Enter in the filter box adds the kind when the filter leaves exactly one
        visible = self.visible_types()
        if len(visible) == 1:
            self.add_requested.emit(visible[0])

    # ---- adding --------------------------------------------------------------------------
    @Slot(QTreeWidgetItem, int)
    def _on_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        type_name = type_of(item)
        if type_name:
            self.add_requested.emit(type_name)

    @Slot(QTreeWidgetItem)
    def _on_enter_pressed(self, item: QTreeWidgetItem) -> None:
        self._on_double_clicked(item, 0)

"""The canvas's context menus: on a node (fix-its first), on a wire, on empty canvas."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu

from gui.canvas.edge_item import EdgeItem
from gui.canvas.node_item import NodeItem


def build_context_menu(view, scene_pos) -> QMenu:
    menu = QMenu(view)
    canvas = view.canvas
    target = None
    for item in canvas.items(scene_pos):
        if isinstance(item, NodeItem | EdgeItem):
            target = item
            break
    if isinstance(target, NodeItem):
        if not target.isSelected():
            view.select_nodes([target.node_id])
        for problem in canvas.fixable_problems(target.node_id):
            action = menu.addAction(f"Fix: {view.document.fix_text(problem)}")
            action.setToolTip(problem.message)
            action.triggered.connect(
                lambda _checked=False, p=problem: view.document.apply_fix(p))
        if not menu.isEmpty():
            menu.addSeparator()
        kind = view.document.graph.node(target.node_id).kind
        if kind is not None and not (kind.is_input or kind.is_output):
            node_id = target.node_id
            share = menu.addAction("Call this layer again (shared weights)",
                                   lambda: view.select_nodes(
                                       [view.document.add_shared_call(node_id)]))
            share.setToolTip("A second call of the same layer: both calls use one set of "
                             "weights, as a Keras layer called twice")
        menu.addAction("Duplicate", view.duplicate_selection)
        menu.addAction("Copy", view.copy_selection)
        menu.addAction("Delete", view.delete_selection)
        return menu
    if isinstance(target, EdgeItem):
        edge = target.edge
        menu.addAction("Delete connection", lambda: view.document.remove_edges([edge]))
        return menu
    menu.addAction("Paste", view.paste)
    menu.addAction("Select all", view.select_all)
    menu.addSeparator()
    menu.addAction("Auto-layout", view.document.auto_layout)
    menu.addAction("Fit to view", view.fit_all)
    snap = menu.addAction("Snap to grid")
    snap.setCheckable(True)
    snap.setChecked(view.snap_to_grid)
    snap.toggled.connect(view.set_snap_to_grid)
    return menu

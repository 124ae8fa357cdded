"""The window's menus, toolbar and shortcuts. Each action calls the document, the canvas,
the file controller or a panel; none holds state of its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QToolBar

from engine.templates import TEMPLATES, new_from_template
from gui import recent_files
from gui.save_target import confirmed_target
from gui.style import icon

Key = QKeySequence.StandardKey


def build_menus(window) -> dict[str, QAction]:
    actions: dict[str, QAction] = {}
    files, doc, canvas = window.files, window.document, window.canvas

    def act(name, text, slot, shortcut=None, icon_name=None, canvas_only=False, tip=None):
        action = QAction(text, window)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if canvas_only:
            # keys like Delete or F must keep their meaning in the inspector's fields
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            canvas.addAction(action)
        else:
            window.addAction(action)
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        actions[name] = action
        return action

    menu = window.menuBar().addMenu("&File")
    menu.addAction(act("new", "&New", files.new_project, Key.New, "new"))
    templates = menu.addMenu("New from &Template")
    for template in TEMPLATES:
        action = templates.addAction(menu_text(template.title))
        action.setStatusTip(template.summary)
        action.triggered.connect(lambda _c=False, k=template.key: _new_from_template(window, k))
    menu.addAction(act("open", "&Open…", files.open_dialog, Key.Open, "open"))
    recent = menu.addMenu("Open &Recent")
    recent.aboutToShow.connect(lambda: _fill_recent(recent, files))
    examples = menu.addMenu("&Examples")
    for name, path in files.examples():
        action = examples.addAction(menu_text(name))
        action.setStatusTip(str(path))
        action.triggered.connect(lambda _c=False, p=path: files.open_path(p))
    menu.addSeparator()
    menu.addAction(act("save", "&Save", files.save, Key.Save, "save"))
    menu.addAction(act("save_as", "Save &As…", files.save_as, Key.SaveAs))
    menu.addSeparator()
    menu.addAction(act("import_model", "&Import Keras Model…",
                       window.importer.choose_and_import, "Ctrl+I", "open"))
    menu.addAction(act("export_model", "&Export Model or Python…",
                       lambda: _export_model(window), "Ctrl+E", "export"))
    menu.addAction(act("export_png", "Export Diagram as &PNG…",
                       lambda: _export_diagram(window, "png")))
    menu.addAction(act("export_svg", "Export Diagram as S&VG…",
                       lambda: _export_diagram(window, "svg")))
    menu.addSeparator()
    menu.addAction(act("quit", "&Quit", window.close, Key.Quit))

    menu = window.menuBar().addMenu("&Edit")
    undo = doc.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcuts(QKeySequence.keyBindings(Key.Undo))
    undo.setIcon(icon("undo"))
    redo = doc.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
    redo.setIcon(icon("redo"))
    window.addAction(undo)
    window.addAction(redo)
    actions["undo"], actions["redo"] = undo, redo
    menu.addAction(undo)
    menu.addAction(redo)
    menu.addSeparator()
    menu.addAction(act("copy", "&Copy", canvas.copy_selection, Key.Copy, canvas_only=True))
    menu.addAction(act("paste", "&Paste", canvas.paste, Key.Paste, canvas_only=True))
    menu.addAction(act("duplicate", "&Duplicate", canvas.duplicate_selection, "Ctrl+D",
                       canvas_only=True))
    menu.addAction(act("delete", "De&lete", canvas.delete_selection, ["Delete", "Backspace"],
                       "delete", canvas_only=True))
    menu.addAction(act("select_all", "Select &All", canvas.select_all, Key.SelectAll,
                       canvas_only=True))

    menu = window.menuBar().addMenu("&View")
    menu.addAction(act("fit", "&Fit to View", canvas.fit_all, "F", "fit", canvas_only=True))
    menu.addAction(act("zoom_in", "Zoom &In", lambda: canvas.zoom_by(1.25), Key.ZoomIn))
    menu.addAction(act("zoom_out", "Zoom &Out", lambda: canvas.zoom_by(0.8), Key.ZoomOut))
    menu.addAction(act("layout", "&Auto-Layout", lambda: (doc.auto_layout(), canvas.fit_all()),
                       "Ctrl+L", "layout",
                       tip="Arrange the nodes in layers by their depth in the network"))
    snap = act("snap", "&Snap to Grid", lambda: None)
    snap.setCheckable(True)
    snap.setChecked(canvas.snap_to_grid)
    snap.toggled.connect(canvas.set_snap_to_grid)
    menu.addAction(snap)
    menu.addSeparator()
    for dock in window.docks.values():  # the panels live on the Network tab: shown there
        toggle = dock.toggleViewAction()
        toggle.triggered.connect(
            lambda checked: checked and window.show_tab(window.canvas))
        menu.addAction(toggle)

    training = window.training_ui.training_panel
    menu = window.menuBar().addMenu("&Train")
    menu.addAction(act("train", "&Train", lambda: _train(window), "Ctrl+T", "train"))
    menu.addAction(act("stop", "&Stop", training.stop, None, "stop"))
    menu.addSeparator()
    for title in ("Data", "Training", "Results"):
        index = _tab_index(window, title)
        if index >= 0:
            menu.addAction(f"Show {title}", lambda i=index: window.tabs.setCurrentIndex(i))

    menu = window.menuBar().addMenu("&Learn")
    learn = window.learn
    for i in range(learn.tabs.count()):
        view = learn.tabs.widget(i)
        menu.addAction(learn.tabs.tabText(i),
                       lambda v=view: (learn.show_view(v), window.show_tab(learn)))

    menu = window.menuBar().addMenu("&Help")
    menu.addAction("&About Dendrite", lambda: _about(window))

    bar = QToolBar("Main", window)
    bar.setObjectName("toolbar_main")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    for name in ("new", "open", "save", None, "undo", "redo", None, "delete", "layout", "fit",
                 None, "train", "stop", "export_model"):
        if name is None:
            bar.addSeparator()
        else:
            bar.addAction(actions[name])
    window.addToolBar(bar)
    return actions


def menu_text(name: str) -> str:
    """A name as a menu shows it: a single & would be taken for a shortcut mark."""
    return name.replace("&", "&&")


def _fill_recent(menu, files) -> None:
    menu.clear()
    paths = recent_files.recent_files()
    for path in paths:
        action = menu.addAction(menu_text(path.name))
        action.setStatusTip(str(path))
        action.setToolTip(str(path))
        action.triggered.connect(lambda _c=False, p=path: files.open_path(p))
    if not paths:
        menu.addAction("No recent projects").setEnabled(False)
    else:
        menu.addSeparator()
        menu.addAction("Clear Menu", recent_files.clear)


def _tab_index(window, title: str) -> int:
    for i in range(window.tabs.count()):
        if window.tabs.tabText(i) == title:
            return i
    return -1


def _train(window) -> None:
    window.tabs.setCurrentIndex(max(0, _tab_index(window, "Training")))
    window.training_ui.training_panel.start()


def _export_model(window) -> None:
    from gui.export_dialog import ExportDialog

    dialog = ExportDialog(window.document.project, parent=window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.saved.connect(window.show_status)
    dialog.open()


def _export_diagram(window, kind: str) -> None:
    stem = window.document.path.with_suffix("") if window.document.path else \
        Path.home() / (window.document.name or "network")
    path, _ = QFileDialog.getSaveFileName(window, f"Export diagram as {kind.upper()}",
                                          f"{stem}.{kind}", f"{kind.upper()} image (*.{kind})")
    path = confirmed_target(window, path, f".{kind}") if path else None
    if path is None:
        return
    try:
        (window.canvas.export_png if kind == "png" else window.canvas.export_svg)(path)
    except OSError as exc:
        window.files.show_error("Cannot export diagram", f"{path}: {exc.strerror or exc}")
        return
    window.show_status(f"Diagram saved to {path}")


def _about(window) -> None:
    QMessageBox.about(window, "About Dendrite",
                      "<b>Dendrite</b><br>Draw a neural network, get a real Keras model.<br>"
                      "Built with PySide6, TensorFlow/Keras, pyqtgraph, scikit-learn and networkx.")


def _new_from_template(window, key: str) -> None:
    if window.files.maybe_save("start a new project"):
        window.document.replace_project(new_from_template(key))
        window.show_status(f"New project: {window.document.name}")

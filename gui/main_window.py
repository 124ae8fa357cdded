"""The editor window: the canvas in the middle, panels in docks, the other areas as tabs.

The window holds no model state: everything it shows comes from its Document, and every
change goes through the document's undoable edits.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QLabel,
    QMainWindow,
    QScrollArea,
    QTabWidget,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from gui.autosave import Autosaver, Recovery
from gui.canvas import CanvasView
from gui.document import Document
from gui.file_controller import FileController
from gui.learn.learn_area import LearnArea
from gui.mime import PROJECT_SUFFIX
from gui.model_importer import ModelImporter
from gui.panels import InspectorPanel, PaletteView, ProblemsPanel, SummaryPanel
from gui.paths import settings
from gui.recovery_bar import RecoveryBar
from gui.training.install import install_training_ui
from gui.training.runs_panel import RunsPanel
from gui.training.search_panel import SearchPanel
from gui.window_menus import build_menus

APP_NAME = "Dendrite"
STATUS_TIMEOUT_MS = 8000
WINDOW_STATE_KEY = "window/state"  # the toolbar
EDITOR_STATE_KEY = "window/editor_state"  # the panels around the canvas


class MainWindow(QMainWindow):
    def __init__(self, document: Document | None = None, autosave: bool = True):
        super().__init__()
        self.document = document or Document(parent=self)
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)

        self.canvas = CanvasView(self.document)
        # the editor's panels dock around the canvas inside the Network tab, not around the
        # tabs: the tab bar never moves when they show, hide or change width
        self.editor = QMainWindow()
        self.editor.setObjectName("editor_area")
        self.editor.setWindowFlags(Qt.WindowType.Widget)
        self.editor.setCentralWidget(self.canvas)
        self.tabs = QTabWidget()
        self._tab_pages: dict[QWidget, QWidget] = {self.canvas: self.editor}
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.editor, "Network")
        self.recovery_bar = RecoveryBar()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.recovery_bar)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        self.palette_view = PaletteView()
        self.inspector = InspectorPanel(self.document)
        self.history = QUndoView(self.document.undo_stack)
        self.history.setEmptyLabel("Opened project")
        self.problems = ProblemsPanel(self.document)
        self.summary = SummaryPanel(self.document)
        self.docks: dict[str, QDockWidget] = {}
        self._sized_docks = False
        self.add_panel("Nodes", self.palette_view, left)
        self.add_panel("Inspector", self.inspector, right)
        self.add_panel("History", self.history, right)
        self.editor.tabifyDockWidget(self.docks["Inspector"], self.docks["History"])
        self.docks["Inspector"].raise_()
        self.add_panel("Problems", self.problems, bottom)
        self.add_panel("Summary", self.summary, bottom)
        self.editor.splitDockWidget(self.docks["Problems"], self.docks["Summary"],
                                    Qt.Orientation.Horizontal)

        self.training_ui = install_training_ui(self, self.document)
        self.runs_panel = RunsPanel(self.document)
        self.add_tab("Runs", self.runs_panel)
        self.training_ui.training_panel.runner.event.connect(self.runs_panel.on_session_event)
        self.runs_panel.runner = self.training_ui.training_panel.runner  # restores run weights
        from gui.learn.live_weights_hover import LiveWeightsHover  # live weights on hover
        self.weights_hover = LiveWeightsHover(self.canvas, self.training_ui.training_panel.live)
        self.runs_panel.highlight_requested.connect(self.canvas.select_nodes)
        self.search_panel = SearchPanel(self.document)
        self.add_tab("Search", self.search_panel)
        self.search_panel.search_finished.connect(self.runs_panel.refresh)
        self.learn = LearnArea()
        self.learn.project_source = lambda: self.document.project
        self.learn.canvas_source = lambda: self.canvas.canvas
        self.learn.document_source = lambda: self.document
        self.add_tab("Learn", self.learn)

        self.files = FileController(self)
        self.importer = ModelImporter(self)
        self._unsaved_guard = _UnsavedGuard(self)
        self.installEventFilter(self._unsaved_guard)  # installed last, so it asks first

        self.problems_label = QLabel()
        self.tf_label = QLabel("TensorFlow loading…")
        self.statusBar().addPermanentWidget(self.problems_label)
        self.statusBar().addPermanentWidget(self.tf_label)

        self.actions_by_name = build_menus(self)
        view_menu = next(a.menu() for a in self.menuBar().actions() if a.text() == "&View")
        view_menu.addAction("&TensorBoard Logs…", self.runs_panel.show_tensorboard_command)
        self._connect()
        self.autosaver = Autosaver(self.document, parent=self) if autosave else None
        self._update_title()
        self._on_analysis(self.document.analysis())
        self.resize(1400, 900)
        self._restore_layout()

    # ---- hosting (also used by install_training_ui) -----------------------------------
    def add_panel(self, title: str, widget: QWidget, area) -> QDockWidget:
        """A panel of the Network tab, docked around the canvas."""
        dock = QDockWidget(title, self.editor)
        dock.setObjectName(f"dock_{title.lower()}")
        dock.setWidget(widget)
        self.editor.addDockWidget(area, dock)
        self.docks[title] = dock
        return dock

    def add_tab(self, title: str, widget: QWidget) -> int:
        # in a scroll area: a page's minimum width must not widen the window past the screen
        page = QScrollArea()
        page.setObjectName(f"tab_{title.lower()}")
        page.setWidgetResizable(True)
        page.setFrameShape(QFrame.Shape.NoFrame)
        page.setWidget(widget)
        self._tab_pages[widget] = page
        return self.tabs.addTab(page, title)

    def show_tab(self, widget: QWidget) -> None:
        self.tabs.setCurrentWidget(self._tab_pages.get(widget, widget))

    # ---- wiring -----------------------------------------------------------------------
    def _connect(self) -> None:
        doc = self.document
        doc.modified_changed.connect(self._update_title)
        doc.path_changed.connect(self._update_title)
        doc.project_replaced.connect(self._on_project_replaced)
        doc.section_changed.connect(self._update_title)
        doc.analysis_changed.connect(self._on_analysis)
        self.canvas.selection_changed.connect(self.inspector.show_nodes)
        self.canvas.selection_changed.connect(self._on_selection)
        self.canvas.status_message.connect(self.show_status)
        self.palette_view.add_requested.connect(self._add_from_palette)
        self.problems.node_activated.connect(self.reveal_node)
        self.summary.node_activated.connect(self.reveal_node)
        self.files.message.connect(self.show_status)
        self.learn.open_project_requested.connect(self._open_from_learn)
        self.recovery_bar.restore_requested.connect(self.restore)
        self.recovery_bar.discard_requested.connect(self._discard_recovery)

    @Slot(str)
    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_TIMEOUT_MS)

    @Slot()
    def _update_title(self, *_args) -> None:
        path = self.document.path
        shown = path.stem if path is not None else self.document.name
        self.setWindowTitle(f"{shown}[*] — {APP_NAME}")
        self.setWindowModified(self.document.is_modified())

    @Slot()
    def _on_project_replaced(self) -> None:
        self._update_title()
        self.canvas.fit_readable()  # again, now that the window has its size

    @Slot(object)
    def _on_analysis(self, analysis) -> None:
        errors = sum(1 for p in analysis.problems if p.severity == "error")
        warnings = len(analysis.problems) - errors
        if not analysis.problems:
            self.problems_label.setText("No problems")
        else:
            self.problems_label.setText(f"{_count(errors, 'error')}, "
                                        f"{_count(warnings, 'warning')}")

    @Slot(list)
    def _on_selection(self, ids: list) -> None:
        if len(ids) == 1 and self.document.graph.has_node(ids[0]):
            node = self.document.graph.node(ids[0])
            self.statusBar().showMessage(f"{node.name} ({node.type})", 3000)
        elif ids:
            self.statusBar().showMessage(f"{len(ids)} nodes selected", 3000)

    @Slot(str)
    def _add_from_palette(self, type_name: str) -> None:
        self.show_tab(self.canvas)
        node_id = self.canvas.add_node_at_center(type_name)
        self.canvas.select_nodes([node_id])
        self.canvas.setFocus()

    @Slot(str)
    def reveal_node(self, node_id: str) -> None:
        if not self.document.graph.has_node(node_id):
            return
        self.show_tab(self.canvas)
        self.canvas.select_nodes([node_id])
        self.canvas.center_on_node(node_id)

    @Slot(str)
    def _open_from_learn(self, path: str) -> None:
        if self.files.open_path(path):
            self.show_tab(self.canvas)

    # ---- TensorFlow loading ------------------------------------------------------------
    @Slot(str)
    def on_tensorflow_ready(self, text: str) -> None:
        self.tf_label.setText("TensorFlow ready")
        self.tf_label.setToolTip(text)
        self.show_status(text)

    @Slot(str)
    def on_tensorflow_failed(self, text: str) -> None:
        self.tf_label.setText("TensorFlow unavailable")
        self.tf_label.setToolTip(text)
        self.show_status(text)

    # ---- recovery ----------------------------------------------------------------------
    def offer_recovery(self, recovery: Recovery) -> None:
        self.recovery_bar.offer(recovery)

    @Slot(object)
    def restore(self, recovery: Recovery) -> bool:
        if not self.files.maybe_save("restore the autosaved project"):
            self.recovery_bar.offer(recovery)
            return False
        try:
            project = recovery.load()
        except Exception as exc:  # noqa: BLE001 - any broken recovery file is reported
            self.files.show_error("Cannot restore", str(exc))
            return False
        self.document.replace_project(project)
        self.document.undo_stack.resetClean()  # restored work is unsaved until saved
        recovery.discard()
        if self.autosaver is not None:
            self.autosaver.save_now()
        self.show_status(f"Restored “{project.name}”; save it to keep it")
        return True

    @Slot(object)
    def _discard_recovery(self, recovery: Recovery) -> None:
        recovery.discard()
        self.show_status("Discarded the autosaved changes")

    # ---- window events -----------------------------------------------------------------
    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._sized_docks and not settings().contains(EDITOR_STATE_KEY):
            self._sized_docks = True
            QTimer.singleShot(0, self._size_docks)

    def _size_docks(self) -> None:
        """First start: the side panels wide enough for their fields, the canvas the rest."""
        self.editor.resizeDocks([self.docks["Nodes"], self.docks["Inspector"]], [190, 330],
                                Qt.Orientation.Horizontal)
        self.editor.resizeDocks([self.docks["Problems"]], [190], Qt.Orientation.Vertical)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if _project_url(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:  # noqa: N802
        path = _project_url(event.mimeData())
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files.open_path(path)

    def closeEvent(self, event) -> None:  # noqa: N802
        store = settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue(WINDOW_STATE_KEY, self.saveState())
        store.setValue(EDITOR_STATE_KEY, self.editor.saveState())
        if self.autosaver is not None:
            self.autosaver.stop()
        self.search_panel.shutdown()  # a search stops at its next batch; its thread joined
        super().closeEvent(event)

    def _restore_layout(self) -> None:
        store = settings()
        geometry = store.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        for window, key in ((self, WINDOW_STATE_KEY), (self.editor, EDITOR_STATE_KEY)):
            state = store.value(key)
            if isinstance(state, QByteArray):
                window.restoreState(state)


class _UnsavedGuard(QObject):
    """Asks about unsaved changes before the window closes (before training is stopped)."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        closing = watched is self.window and event.type() == QEvent.Type.Close
        if closing and not self.window.files.maybe_save("close"):
            event.ignore()
            return True
        return False


def _project_url(mime) -> Path | None:
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile().endswith(PROJECT_SUFFIX):
            return Path(url.toLocalFile())
    return None


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"

"""The Learn area: one tab per teaching demo, each built the first time it is shown (the iris
demo alone loads scikit-learn, which would add seconds to the app's start)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from gui.paths import XOR_EXAMPLE

ViewFactory = Callable[[], QWidget]


def _neurons() -> QWidget:
    from gui.learn.neurons_view import NeuronsView
    return NeuronsView()


def _perceptron() -> QWidget:
    from gui.learn.perceptron_view import PerceptronView
    return PerceptronView()


def _iris() -> QWidget:
    from gui.learn.iris_view import IrisView
    return IrisView()


def _xor() -> QWidget:
    from gui.learn.xor_view import XorView
    return XorView()


def _activations() -> QWidget:
    from gui.learn.activations_view import ActivationsView
    return ActivationsView()


def _backprop() -> QWidget:
    from gui.learn.backprop_view import BackpropView
    return BackpropView()


def _trace() -> QWidget:
    from gui.learn.trace_view import TraceView
    return TraceView()


def _points() -> QWidget:
    from gui.learn.points_editor import PointsEditor
    return PointsEditor()


VIEWS: tuple[tuple[str, str, ViewFactory], ...] = (
    ("neurons", "Logic-gate neurons", _neurons),
    ("perceptron", "Perceptron", _perceptron),
    ("iris", "Perceptron on iris", _iris),
    ("xor", "XOR and the MLP", _xor),
    ("activations", "Activation functions", _activations),
    ("backprop", "Backpropagation", _backprop),
    ("trace", "Trace one example", _trace),
    ("points", "2-D data editor", _points),
)


class _Page(QWidget):
    """A tab's page; its view is made on first use."""

    def __init__(self, key: str, factory: ViewFactory, area: LearnArea):
        super().__init__()
        self.key, self.factory, self.area = key, factory, area
        self.view: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def ensure_view(self) -> QWidget:
        if self.view is None:
            self.view = self.factory()
            self.layout().addWidget(self.view)
            self.area.view_created(self.key, self.view)
        return self.view


class LearnArea(QWidget):
    """Tabs: logic-gate neurons, perceptron, iris, XOR MLP, activation functions,
    backpropagation step by step, one example traced through a model, the 2-D data editor.

    `open_project_requested(path)` asks the main window to open projects/xor.dendrite.
    The views are reached as `.neurons`, `.perceptron`, `.iris`, `.xor`, `.activations`,
    `.backprop`, `.trace`, `.points` (reaching one makes it).
    """

    open_project_requested = Signal(str)
    XOR_PROJECT_PATH = str(XOR_EXAMPLE)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # the window sets this to give the open project to "Open the current project"
        self.project_source: Callable[[], object] = lambda: None
        self.canvas_source: Callable[[], object] = lambda: None  # the canvas scene
        self.document_source: Callable[[], object] = lambda: None  # the open document
        self.tabs = QTabWidget()
        self.pages: dict[str, _Page] = {}
        for key, title, factory in VIEWS:
            page = _Page(key, factory, self)
            self.pages[key] = page
            self.tabs.addTab(page, title)
        self.tabs.currentChanged.connect(self._on_current_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def view(self, key: str) -> QWidget:
        """The view of one demo, made now if it was not yet."""
        return self.pages[key].ensure_view()

    neurons = property(lambda self: self.view("neurons"))
    perceptron = property(lambda self: self.view("perceptron"))
    iris = property(lambda self: self.view("iris"))
    xor = property(lambda self: self.view("xor"))
    activations = property(lambda self: self.view("activations"))
    backprop = property(lambda self: self.view("backprop"))
    trace = property(lambda self: self.view("trace"))
    points = property(lambda self: self.view("points"))

    def view_created(self, key: str, view: QWidget) -> None:
        if key == "xor":
            view.open_project_requested.connect(self._forward_open_request)
        if key in ("backprop", "trace"):
            view.current_project_requested.connect(self._give_current_project)
        if key == "trace":
            view.canvas_source = lambda: self.canvas_source()
        if key == "points":
            view.document_source = lambda: self.document_source()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._on_current_changed(self.tabs.currentIndex())

    def show_view(self, widget: QWidget) -> None:
        """Brings a view (or its tab page) to the front."""
        for page in self.pages.values():
            if widget is page or widget is page.view:
                self.tabs.setCurrentWidget(page)
                page.ensure_view()
                return

    @Slot(int)
    def _on_current_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        if isinstance(page, _Page) and self.isVisible():
            page.ensure_view()

    @Slot()
    def _give_current_project(self) -> None:
        page = self.tabs.currentWidget()
        asking = self.sender()
        for key in ("backprop", "trace"):
            view = self.pages[key].view
            if view is not None and (view is asking or page is self.pages[key]):
                view.open_project(self.project_source())
                return

    @Slot(str)
    def _forward_open_request(self, path: str) -> None:
        self.open_project_requested.emit(path)

"""The Learn area: one tab per teaching demo."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from gui.learn.activations_view import ActivationsView
from gui.learn.iris_view import IrisView
from gui.learn.neurons_view import NeuronsView
from gui.learn.perceptron_view import PerceptronView
from gui.learn.xor_view import XOR_PROJECT, XorView


class LearnArea(QWidget):
    """Tabs: logic-gate neurons, perceptron, iris, XOR MLP, activation functions.

    `open_project_requested(path)` asks the main window to open projects/xor.dendrite.
    """

    open_project_requested = Signal(str)
    XOR_PROJECT_PATH = str(XOR_PROJECT)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.neurons = NeuronsView()
        self.perceptron = PerceptronView()
        self.iris = IrisView()
        self.xor = XorView()
        self.activations = ActivationsView()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.neurons, "Logic-gate neurons")
        self.tabs.addTab(self.perceptron, "Perceptron")
        self.tabs.addTab(self.iris, "Perceptron on iris")
        self.tabs.addTab(self.xor, "XOR and the MLP")
        self.tabs.addTab(self.activations, "Activation functions")
        self.xor.open_project_requested.connect(self._forward_open_request)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def show_view(self, widget: QWidget) -> None:
        self.tabs.setCurrentWidget(widget)

    @Slot(str)
    def _forward_open_request(self, path: str) -> None:
        self.open_project_requested.emit(path)

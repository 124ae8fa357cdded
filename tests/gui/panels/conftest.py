from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.project_io import load_project
from gui.document import Document

PROJECTS = Path(__file__).resolve().parents[3] / "projects"


def open_document(file_name: str) -> Document:
    project = load_project(PROJECTS / file_name)
    project.path = None
    return Document(project)


@pytest.fixture
def document():
    """The seed's first Fashion MNIST classifier (328,810 parameters), as a fresh document."""
    return open_document("fashion_mnist.dendrite")


@pytest.fixture
def show(qtbot):
    """Adds a widget to qtbot, shows it and waits until it can take input."""

    def shown(widget, width=420, height=640):
        qtbot.addWidget(widget)
        widget.resize(width, height)
        widget.show()
        assert QTest.qWaitForWindowExposed(widget)
        return widget

    return shown


def type_into(field, text: str, finish=Qt.Key.Key_Return):
    """Selects what the field holds and types `text` over it, then presses `finish`."""
    field.setFocus()
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(field, Qt.Key.Key_Backspace)
    QTest.keyClicks(field, text)
    if finish is not None:
        QTest.keyClick(field, finish)


def node_named(doc, name):
    node = doc.graph.by_name(name)
    assert node is not None, name
    return node.id


def double_click(widget, point):
    """A real double-click sends press, release, double-click, release; Qt 6's
    QTest.mouseDClick sends only the last two, so the first click is sent here."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    QTest.mouseDClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)

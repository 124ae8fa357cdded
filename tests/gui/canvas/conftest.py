from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from engine.project_io import load_project
from gui.canvas import CanvasView
from gui.document import Document

PROJECTS = Path(__file__).resolve().parents[3] / "projects"


@pytest.fixture
def document():
    """The seed's Wide & Deep model with an auxiliary output, as a fresh document."""
    project = load_project(PROJECTS / "wide_and_deep_aux_output.dendrite")
    project.path = None
    return Document(project)


@pytest.fixture
def make_view(qtbot):
    def make(doc):
        view = CanvasView(doc)
        qtbot.addWidget(view)
        view.resize(1100, 700)
        view.show()
        assert QTest.qWaitForWindowExposed(view)
        view.fit_all()
        return view

    return make


@pytest.fixture
def view(make_view, document):
    return make_view(document)


def at(view, scene_pos: QPointF) -> QPoint:
    return view.mapFromScene(scene_pos)


def drag(view, start: QPointF, end: QPointF, modifiers=Qt.KeyboardModifier.NoModifier,
         button=Qt.MouseButton.LeftButton, steps=4):
    """Press at `start`, move in steps, release at `end` (scene coordinates)."""
    viewport = view.viewport()
    a, b = at(view, start), at(view, end)
    QTest.mousePress(viewport, button, modifiers, a)
    for i in range(1, steps + 1):
        QTest.mouseMove(viewport, a + (b - a) * i / steps)
    QTest.mouseRelease(viewport, button, modifiers, b)


def node_named(doc, name):
    node = doc.graph.by_name(name)
    assert node is not None, name
    return node.id

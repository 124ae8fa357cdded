"""The 2-D dataset editor, driven with real mouse clicks and keys: add, drag, remove, clear,
undo and redo, synthetic sets, and "use as this project's data" (one project undo step); the
`points` data source reads its list as hostile input."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from engine.data import prepare_data
from engine.data.errors import DataError
from engine.data.points_source import read_points
from engine.learn.point_sets import generate
from engine.project_io import load_project
from gui.document import Document
from gui.learn.points_editor import PointsEditor
from tests.conftest import PROJECTS

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def editor(qtbot):
    view = PointsEditor()
    qtbot.addWidget(view)
    view.resize(900, 520)
    view.show()
    qtbot.waitExposed(view)
    return view


def _pixel(editor, x, y) -> QPoint:
    return editor.plane.to_pixel(x, y).toPoint()


def test_click_drag_remove_clear_and_undo(qtbot, editor):
    plane = editor.plane
    QTest.mouseClick(plane, Qt.MouseButton.LeftButton, pos=_pixel(editor, 0.5, 0.5))
    editor.class_box.setFocus()
    qtbot.keyClick(editor.class_box, Qt.Key.Key_Down)  # class 1
    assert editor.class_box.currentIndex() == 1
    QTest.mouseClick(plane, Qt.MouseButton.LeftButton, pos=_pixel(editor, -1.0, 1.0))
    points = editor.model.points
    assert [p[2] for p in points] == [0, 1]
    np.testing.assert_allclose([p[:2] for p in points], [[0.5, 0.5], [-1.0, 1.0]], atol=0.02)

    # drag the first point to (1.5, -1)
    start, end = _pixel(editor, 0.5, 0.5), _pixel(editor, 1.5, -1.0)
    QTest.mousePress(plane, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(plane, QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2))
    QTest.mouseMove(plane, end)
    QTest.mouseRelease(plane, Qt.MouseButton.LeftButton, pos=end)
    np.testing.assert_allclose(editor.model.points[0][:2], [1.5, -1.0], atol=0.02)
    assert editor.model.points[0][2] == 0 and len(editor.model.points) == 2

    # right-click removes the second point; Delete removes the selected first one
    QTest.mouseClick(plane, Qt.MouseButton.RightButton, pos=_pixel(editor, -1.0, 1.0))
    assert len(editor.model.points) == 1
    QTest.mouseClick(plane, Qt.MouseButton.LeftButton, pos=end)  # selects it
    assert len(editor.model.points) == 1 and plane.selected == 0
    QTest.keyClick(plane, Qt.Key.Key_Delete)
    assert editor.model.points == []

    # undo brings back each step, in order; redo goes forward again
    qtbot.mouseClick(editor.undo_button, Qt.MouseButton.LeftButton)
    np.testing.assert_allclose(editor.model.points[0][:2], [1.5, -1.0], atol=0.02)
    qtbot.mouseClick(editor.undo_button, Qt.MouseButton.LeftButton)
    assert len(editor.model.points) == 2
    qtbot.mouseClick(editor.undo_button, Qt.MouseButton.LeftButton)
    np.testing.assert_allclose(editor.model.points[0][:2], [0.5, 0.5], atol=0.02)
    qtbot.mouseClick(editor.redo_button, Qt.MouseButton.LeftButton)
    np.testing.assert_allclose(editor.model.points[0][:2], [1.5, -1.0], atol=0.02)

    qtbot.mouseClick(editor.clear_button, Qt.MouseButton.LeftButton)
    assert editor.model.points == []
    qtbot.mouseClick(editor.undo_button, Qt.MouseButton.LeftButton)
    assert len(editor.model.points) == 2


def test_synthetic_sets_with_noise_and_size(qtbot, editor):
    editor.set_box.setCurrentText("circles")
    editor.size_spin.setValue(60)
    editor.noise_spin.setValue(0.0)
    qtbot.mouseClick(editor.generate_button, Qt.MouseButton.LeftButton)
    points = np.asarray(editor.model.points)
    assert len(points) == 60 and set(points[:, 2]) == {0, 1}
    radius = np.hypot(points[:, 0], points[:, 1])
    np.testing.assert_allclose(np.sort(np.unique(np.round(radius, 2))), [0.5, 1.0], atol=0.01)
    for name in ("moons", "blobs", "xor"):
        editor.set_box.setCurrentText(name)
        qtbot.mouseClick(editor.generate_button, Qt.MouseButton.LeftButton)
        assert len(editor.model.points) == 60
    assert {p[2] for p in editor.model.points} == {0, 1}  # xor
    # the view follows the generated points
    x0, x1, y0, y1 = editor.plane.bounds
    xy = np.asarray([p[:2] for p in editor.model.points])
    assert x0 < xy[:, 0].min() and xy[:, 0].max() < x1 and y0 < xy[:, 1].min()
    qtbot.mouseClick(editor.undo_button, Qt.MouseButton.LeftButton)
    assert {p[2] for p in editor.model.points} == {0, 1, 2}  # blobs again


def test_use_as_data_is_one_project_undo_step(qtbot, editor):
    project = load_project(PROJECTS / "xor.dendrite")
    document = Document(project)
    editor.document_source = lambda: document
    qtbot.mouseClick(editor.use_button, Qt.MouseButton.LeftButton)
    assert "at least 4 points" in editor.status.text()
    before = dict(document.project.data)
    editor.set_box.setCurrentText("moons")
    editor.size_spin.setValue(40)
    qtbot.mouseClick(editor.generate_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.use_button, Qt.MouseButton.LeftButton)
    data = document.project.data
    assert data["dataset"]["source"] == "points"
    assert data["dataset"]["points"] == editor.model.points
    assert data["inputs"] == before["inputs"] and data["split"] == before["split"]
    prepared = prepare_data(data)
    assert prepared.feature_names == ["x1", "x2"] and prepared.class_names == ["0", "1"]
    total = sum(len(s) for s in prepared.splits.values())
    assert total == 40
    # the Data tab's form keeps the points when another data setting changes
    from gui.training.data_form import DataForm

    form = DataForm(document)
    qtbot.addWidget(form)
    form.show()
    assert form.source.currentText() == "points"
    box = form.scaling
    down = box.currentIndex() < box.count() - 1
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down if down else Qt.Key.Key_Up)  # another scaling
    assert document.project.data["scaling"] == box.currentText() != before.get("scaling")
    assert document.project.data["dataset"]["points"] == editor.model.points
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.project.data["dataset"] == before["dataset"]


@pytest.mark.parametrize(("points", "words"), [
    ("lots", "expected a list"),
    ([], "expected a list"),
    ([[0, 1]], "points[0]: expected [x, y, class]"),
    ([[0, 1, 0], [0, "a", 1]], "points[1][1]: expected a finite number"),
    ([[float("nan"), 1, 0]], "points[0][0]"),
    ([[1e300, 1, 0]], "points[0][0]"),
    ([[0, 1, 1.5]], "points[0][2]: the class must be a whole number"),
    ([[0, 1, True]], "points[0][2]"),
    ([[0, 1, 12]], "points[0][2]"),
    ([[0, 0, 0]] * 20_001, "at most 20000"),
])
def test_points_source_refuses_bad_points(points, words):
    with pytest.raises(DataError, match=words.replace("[", r"\[").replace("]", r"\]")):
        read_points(points)


def test_points_source_reads_good_points():
    x, y = read_points([[0, 1.5, 0], [2, -1, 3]])
    np.testing.assert_array_equal(x, [[0, 1.5], [2, -1]])
    np.testing.assert_array_equal(y, [0, 3])
    assert len(generate("moons", 10, 0.1)) == 10

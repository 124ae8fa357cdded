"""Trace one example, driven with real clicks: every node's activations for the chosen test
sample are the engine's (a sub-model of the real Keras model), and stepping through samples
reuses the model."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QStandardPaths, Qt
from PySide6.QtTest import QTest

from engine.learn.trace import open_trace
from engine.project_io import load_project
from gui.learn.learn_area import LearnArea
from gui.learn.trace_strips import is_image
from tests.conftest import PROJECTS

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
TIMEOUT_MS = 240_000


@pytest.fixture(autouse=True)
def _test_mode():
    QStandardPaths.setTestModeEnabled(True)


def _wait(qtbot, view):
    if view.busy:
        with qtbot.waitSignal(view.sample_ready, timeout=TIMEOUT_MS):
            pass
    view.wait()


def _area(qtbot, source=None):
    area = LearnArea()
    qtbot.addWidget(area)
    if source is not None:
        area.project_source = source
    area.resize(1200, 760)
    area.show()
    view = area.trace
    area.show_view(view)
    _wait(qtbot, view)
    return view


def _click_box(box):
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def _assert_shows(view, expected):
    shown = view.strips.sample
    assert shown.index == expected.index
    assert [n.name for n in shown.nodes] == [n.name for n in expected.nodes]
    for node, want in zip(shown.nodes, expected.nodes, strict=True):
        np.testing.assert_allclose(node.values, want.values, atol=1e-6)


def test_stepping_through_samples_shows_the_sub_models_activations(qtbot):
    view = _area(qtbot)
    engine = open_trace(load_project(PROJECTS / "xor.dendrite"))
    assert view.sample_spin.maximum() == engine.size - 1
    _assert_shows(view, engine.sample(0))
    output = view.strips.sample.node("output")
    assert "target" in view.strips.row_text(output)
    # XOR has two input features: each neuron's map over the plane, as the engine computes it
    expected_maps = engine.neuron_maps()
    np.testing.assert_allclose(view.session.maps.maps["hidden"], expected_maps.maps["hidden"],
                               atol=1e-6)
    assert [len(view.strips.map_images[n]) for n in ("hidden", "output")] == [4, 1]

    QTest.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, view)
    _assert_shows(view, engine.sample(1))
    tracer = view.session.tracer

    view.sample_spin.setFocus()
    view.sample_spin.selectAll()
    QTest.keyClicks(view.sample_spin, "17")
    QTest.keyClick(view.sample_spin, Qt.Key.Key_Return)
    _wait(qtbot, view)
    _assert_shows(view, engine.sample(17))
    assert view.session.tracer is tracer  # the same sub-model: nothing rebuilt

    QTest.mouseClick(view.previous_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, view)
    _assert_shows(view, engine.sample(16))


def test_a_typed_sample_is_traced_and_a_bad_one_named(qtbot):
    view = _area(qtbot)
    engine = open_trace(load_project(PROJECTS / "xor.dendrite"))
    QTest.keyClicks(view.typed_sample, "0.5, -1")
    QTest.keyClick(view.typed_sample, Qt.Key.Key_Return)
    _wait(qtbot, view)
    shown = view.strips.sample
    assert shown.split == "typed" and shown.targets == {}
    np.testing.assert_allclose(shown.node("input").values, [0.5, -1.0])
    np.testing.assert_allclose(shown.node("hidden").values,
                               engine.typed("0.5 -1").node("hidden").values, atol=1e-6)
    assert view.split_label.text().startswith("a typed sample")

    view.typed_sample.clear()
    QTest.keyClicks(view.typed_sample, "1, x")
    with qtbot.waitSignal(view.failed, timeout=TIMEOUT_MS):
        QTest.keyClick(view.typed_sample, Qt.Key.Key_Return)
    view.wait()
    assert "value 2 ('x') is not a number" in view.split_label.text()
    assert view.strips.sample is shown  # the last trace stays


def test_the_current_projects_image_input_is_drawn_as_an_image(qtbot):
    project = load_project(PROJECTS / "digits.dendrite")
    graph = project.graph
    graph.set_param("n1", "shape", [8, 8])
    project.data["inputs"]["n1"] = {"reshape": [8, 8]}
    flatten = graph.add_node("Flatten", {}, "flatten").id
    edge = graph.inputs_of("n2")[0]
    graph.disconnect(edge)
    graph.connect("n1", flatten)
    graph.connect(flatten, "n2")
    view = _area(qtbot, lambda: project)
    QTest.mouseClick(view.project_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, view)
    assert view.source_label.text().startswith(project.name)
    shown = view.strips.sample
    assert shown.node("pixels").values.shape == (8, 8) and is_image(shown.node("pixels").values)
    digit = shown.node("digit")
    assert digit.values.sum() == pytest.approx(1.0, abs=1e-5)  # softmax probabilities
    assert "→" in view.strips.row_text(digit)  # the predicted class named beside the target


def test_the_trace_is_drawn_under_the_canvas_cards_of_the_current_project(
        qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from gui.app import create_window
    from gui.learn.canvas_trace import map_items, strips

    monkeypatch.setenv("DENDRITE_DATA_DIR", str(tmp_path / "appdata"))
    window = create_window(str(PROJECTS / "xor.dendrite"), autosave=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    try:
        window.show_tab(window.learn)
        view = window.learn.trace
        window.learn.show_view(view)
        _wait(qtbot, view)
        assert not view.on_canvas.isEnabled()  # the bundled example, not the canvas's project
        QTest.mouseClick(view.project_button, Qt.MouseButton.LeftButton)
        _wait(qtbot, view)
        assert view.on_canvas.isEnabled()
        _click_box(view.on_canvas)
        scene = window.canvas.canvas
        shown = strips(scene)
        graph = window.document.graph
        assert set(shown) == {n.id for n in graph.nodes}
        for node in view.traced.nodes:
            strip = shown[graph.by_name(node.name).id]
            np.testing.assert_allclose(strip.values, node.values.ravel(), atol=1e-6)
        assert "target" in shown[graph.by_name("output").id].text
        maps = map_items(scene)  # XOR has two input features: each neuron's map too
        hidden_id = graph.by_name("hidden").id
        assert set(maps) == {hidden_id, graph.by_name("output").id}
        np.testing.assert_allclose(maps[hidden_id].maps, view.session.maps.maps["hidden"])
        assert len(maps[hidden_id].images) == 4

        QTest.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
        _wait(qtbot, view)
        hidden = strips(scene)[graph.by_name("hidden").id]
        np.testing.assert_allclose(hidden.values, view.traced.node("hidden").values, atol=1e-6)

        _click_box(view.on_canvas)
        assert strips(scene) == {}
    finally:
        window.document.undo_stack.setClean()
        window.close()
        QApplication.processEvents()

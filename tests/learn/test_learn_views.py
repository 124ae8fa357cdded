"""The Learn views driven with real clicks: neurons light up, lines move, points appear."""

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QStandardPaths, Qt
from PySide6.QtTest import QTest

from gui.learn.activations_view import ActivationsView
from gui.learn.iris_view import IrisView
from gui.learn.learn_area import LearnArea
from gui.learn.neurons_view import NeuronsView
from gui.learn.perceptron_view import CUSTOM, PerceptronView
from gui.learn.plot_style import map_view_to_widget
from gui.learn.xor_view import XorView

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture(autouse=True)
def _test_mode():
    QStandardPaths.setTestModeEnabled(True)


def _show(qtbot, widget, size=(1200, 760)):
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    assert QTest.qWaitForWindowExposed(widget)
    return widget


def _click_plot(plot, x, y):
    QTest.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=map_view_to_widget(plot, x, y))


def test_toggling_an_input_lights_neurons_and_fills_the_table_row(qtbot):
    view = _show(qtbot, NeuronsView())
    assert view.current_row == 0
    assert not any(view.diagram.is_lit(column, "C") for column in range(4))
    assert view.table.item(2, 2).text() == ""

    QTest.mouseClick(view.button_a, Qt.MouseButton.LeftButton)

    # A = 1, B = 0: identity, OR and A AND NOT B fire; AND does not.
    assert [view.diagram.is_lit(column, "C") for column in range(4)] == [True, False, True, True]
    assert view.diagram.is_lit(0, "A")
    assert view.current_row == 2
    assert [view.table.item(2, c).text() for c in range(2, 6)] == ["1", "0", "1", "1"]

    QTest.mouseClick(view.button_b, Qt.MouseButton.LeftButton)
    assert [view.diagram.is_lit(column, "C") for column in range(4)] == [True, True, True, False]
    assert view.current_row == 3
    assert view.button_b.text() == "B = 1"


def test_free_mode_names_the_gate_as_the_threshold_changes(qtbot):
    view = _show(qtbot, NeuronsView())
    assert "AND" in view.gate_label.text()
    view.threshold.setFocus()
    view.threshold.selectAll()
    QTest.keyClicks(view.threshold, "1")
    QTest.keyClick(view.threshold, Qt.Key.Key_Return)
    assert view.gate_label.text() == "This neuron computes: OR"


def test_a_training_step_moves_the_line_and_updates_the_weights(qtbot):
    view = _show(qtbot, PerceptronView())
    view.dataset.setCurrentText("OR")
    line_before = view.line.getData()
    weights_before = view.weights_label.text()

    QTest.mouseClick(view.epoch_button, Qt.MouseButton.LeftButton)

    xs, ys = view.line.getData()
    assert line_before[0] is None or len(line_before[0]) == 0  # zero weights: no line yet
    assert len(xs) == 2
    assert view.weights_label.text() != weights_before
    assert "epoch 2" in view.weights_label.text()

    QTest.mouseClick(view.epoch_button, Qt.MouseButton.LeftButton)
    xs2, ys2 = view.line.getData()
    assert not (np.allclose(xs2, xs) and np.allclose(ys2, ys))

    QTest.mouseClick(view.sample_button, Qt.MouseButton.LeftButton)
    assert view.trainer.sample_index == 1


def test_xor_view_says_no_single_line_separates_it(qtbot):
    view = _show(qtbot, PerceptronView())
    view.dataset.setCurrentText("XOR")
    for _ in range(5):
        QTest.mouseClick(view.epoch_button, Qt.MouseButton.LeftButton)
    assert "No single straight line" in view.status_label.text()
    assert not view.trainer.converged


def test_clicking_the_plot_adds_a_point_and_clicking_it_again_removes_it(qtbot):
    view = _show(qtbot, PerceptronView())
    view.dataset.setCurrentText(CUSTOM)
    count = len(view.trainer.points)
    radio = view.click_class_0
    QTest.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert radio.isChecked()

    _click_plot(view.plot, 1.2, -0.2)

    assert len(view.trainer.points) == count + 1
    x, y = view.trainer.points[-1]
    assert abs(x - 1.2) < 0.03 and abs(y + 0.2) < 0.03
    assert view.trainer.classes[-1] == 0
    assert len(view.class_0.getData()[0]) == int(np.sum(view.trainer.classes == 0))

    _click_plot(view.plot, 1.2, -0.2)
    assert len(view.trainer.points) == count


def test_iris_view_answers_the_seeds_query_and_a_clicked_one(qtbot):
    view = _show(qtbot, IrisView())
    assert view.query_class() == 1
    assert "class 1" in view.answer.text()
    _click_plot(view.plot, 4.5, 1.5)
    assert view.query_class() == 0
    assert "class 0" in view.answer.text()


def test_xor_view_trains_and_the_linear_net_fails(qtbot):
    view = _show(qtbot, XorView())
    before = view.nonlinear.heatmap.image.copy()
    for _ in range(8):
        QTest.mouseClick(view.step_button, Qt.MouseButton.LeftButton)
    assert not np.allclose(view.nonlinear.heatmap.image, before)
    assert "accuracy 100%" in view.nonlinear.score.text()
    boundary_x, _ = view.nonlinear.boundary.getData()
    assert boundary_x is not None and np.isfinite(boundary_x).sum() > 10
    assert view.linear_mlp.accuracy() <= 0.75


def test_xor_open_as_project_emits_the_existing_project_path(qtbot):
    area = _show(qtbot, LearnArea())
    area.show_view(area.xor)
    with qtbot.waitSignal(area.open_project_requested, timeout=1000) as blocker:
        QTest.mouseClick(area.xor.open_button, Qt.MouseButton.LeftButton)
    path = Path(blocker.args[0])
    assert path.name == "xor.dendrite"
    assert path.is_file()


def test_activation_checkboxes_hide_and_show_both_curves(qtbot):
    view = _show(qtbot, ActivationsView())
    assert view.is_shown("sigmoid")
    assert not view.is_shown("ELU")
    for name in ("sigmoid", "ELU"):
        box = view.checkboxes[name]
        QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert not view.is_shown("sigmoid")
    assert view.is_shown("ELU")


def test_run_trains_until_the_gate_is_learned_then_stops(qtbot):
    view = _show(qtbot, PerceptronView())
    view.dataset.setCurrentText("AND")
    view.timer.setInterval(1)
    QTest.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    assert view.run_button.text() == "Pause"
    qtbot.waitUntil(lambda: not view.run_button.isChecked(), timeout=5000)
    assert view.trainer.converged
    assert view.status_label.text().startswith("Converged")
    assert view.run_button.text() == "Run"


def test_xor_train_button_runs_the_timer_and_pause_stops_it(qtbot):
    view = _show(qtbot, XorView())
    QTest.mouseClick(view.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.mlp.steps >= 50, timeout=5000)
    QTest.mouseClick(view.train_button, Qt.MouseButton.LeftButton)
    steps = view.mlp.steps
    qtbot.wait(100)
    assert view.mlp.steps == steps
    assert f"step {steps}" in view.nonlinear.score.text()

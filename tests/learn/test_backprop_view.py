"""The Backpropagation tab driven with real clicks: Forward and Back walk the steps, and the
numbers shown are the engine's (the real Keras model's) at every step."""

import numpy as np
import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtTest import QTest

from engine.learn.backprop import demo_walkthrough, project_session
from engine.learn.backprop_text import number
from engine.project import Project
from engine.project_io import load_project
from gui.learn.learn_area import LearnArea
from tests.conftest import PROJECTS

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
TIMEOUT_MS = 240_000  # TensorFlow's first import on a busy machine


@pytest.fixture(autouse=True)
def _test_mode():
    QStandardPaths.setTestModeEnabled(True)


def _click(button):
    assert button.isEnabled()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _wait(qtbot, view, signal=None):
    """Waits for the numbers under way (the view computes in a background thread)."""
    if view.busy:
        with qtbot.waitSignal(signal or view.walk_ready, timeout=TIMEOUT_MS):
            pass
    view.wait()


def _area(qtbot, source=None):
    area = LearnArea()
    qtbot.addWidget(area)
    if source is not None:
        area.project_source = source
    area.resize(1300, 820)
    area.show()
    view = area.backprop
    area.show_view(view)
    _wait(qtbot, view)
    return area, view


def _cell(table, row, column):
    return table.item(row, column).text()


def _column(table, header):
    labels = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return labels.index(header)


def test_stepping_forward_and_back_shows_the_engines_numbers(qtbot):
    _area_, view = _area(qtbot)
    _model, _graph, expected = demo_walkthrough()
    assert view.step_label.text() == "Step 1 of 8: Pick a mini-batch of 4 samples"
    assert not view.back_button.isEnabled()
    assert view.values_table.rowCount() == 4

    _click(view.forward_button)  # forward through the hidden layer
    assert view.step_label.text().startswith("Step 2 of 8: Forward: hidden")
    hidden = expected.node("hidden")
    table = view.values_table
    for unit in range(3):
        assert _cell(table, 1, _column(table, f"z{unit + 1}")) == number(hidden.z[1, unit])
        assert _cell(table, 1, _column(table, f"a{unit + 1}")) == number(hidden.a[1, unit])
    assert _cell(view.weights_table, 0, 0) == number(hidden.kernel[0, 0])
    assert view.diagram.labels()["hidden"] == [f"{v:.2f}" for v in hidden.a[0]]
    assert view.diagram.labels()["output"] == [""]  # not reached yet

    for _ in range(2):
        _click(view.forward_button)  # forward output, then the loss
    assert view.step_label.text() == f"Step 4 of 8: Loss = {number(expected.loss)}"

    _click(view.forward_button)  # backward through the output layer
    output = expected.node("output")
    table = view.values_table
    assert _cell(table, 2, _column(table, "∂L/∂z1")) == number(output.d_z[2, 0])
    assert _cell(table, 2, _column(table, "∂L/∂a1")) == number(output.d_a[2, 0])
    assert _cell(view.weights_table, 1, 0) == number(output.kernel_grad[1, 0])
    assert view.diagram.labels()["output"] == [f"{output.d_a[0, 0]:.2f}"]

    _click(view.forward_button)  # backward through the hidden layer
    _click(view.forward_button)  # the chain rule for w[1,1] of hidden
    assert "Chain rule for w[1,1] of hidden" in view.step_label.text()
    assert view.chain_text.text() == "\n".join(expected.chain.lines())
    table = view.values_table
    for sample, term in enumerate(expected.chain.terms):
        assert _cell(table, sample, _column(table, "x · ∂L/∂z")) == number(term.product)

    _click(view.forward_button)  # the update
    assert _cell(view.weights_table, 0, 0) == (f"{number(hidden.kernel[0, 0])} → "
                                               f"{number(hidden.kernel_new[0, 0])}")
    assert not view.forward_button.isEnabled()

    _click(view.back_button)
    _click(view.back_button)
    assert view.step_label.text() == "Step 6 of 8: Backward: hidden"
    assert _cell(view.weights_table, 1, 2) == number(hidden.kernel_grad[1, 2])


def test_following_another_weight_and_applying_the_update(qtbot):
    _area_, view = _area(qtbot)
    before = view.walk
    view.weight_layer.setCurrentText("output")
    view.weight_row.setValue(2)
    view.weight_column.setValue(1)
    _click(view.follow_button)
    _wait(qtbot, view)
    assert "Chain rule for w[2,1] of output" in view.step_label.text()
    chain = view.walk.chain
    assert chain.gradient == pytest.approx(before.node("output").kernel_grad[1, 0], abs=1e-6)
    assert number(chain.gradient) in view.chain_text.text()

    _click(view.next_batch_button)
    _wait(qtbot, view)
    assert "SGD steps applied: 1" in view.source_label.text()
    assert view.step_label.text().startswith("Step 1 of 8")
    for name in ("hidden", "output"):
        np.testing.assert_allclose(view.walk.node(name).kernel,
                                   before.node(name).kernel_new, atol=1e-6)
    assert view.walk.loss < before.loss  # one SGD step on the same four points helped


def test_open_the_current_project_steps_through_its_own_network(qtbot):
    project = load_project(PROJECTS / "xor.dendrite")
    _area_, view = _area(qtbot, lambda: project)
    _click(view.project_button)
    _wait(qtbot, view)
    assert view.source_label.text().startswith(project.name)
    expected = project_session(project, 4).walk()
    assert [n.name for n in view.walk.nodes] == ["input", "hidden", "output"]
    _click(view.forward_button)
    table = view.values_table
    hidden = expected.node("hidden")
    for sample in range(4):
        assert _cell(table, sample, _column(table, "a4")) == number(hidden.a[sample, 3])


def test_a_project_that_cannot_be_built_is_refused_with_its_reason(qtbot):
    _area_, view = _area(qtbot, lambda: Project(name="empty"))
    with qtbot.waitSignal(view.failed, timeout=TIMEOUT_MS) as failed:
        _click(view.project_button)
    view.wait()
    assert view.source_label.text().startswith("Cannot step through it:")
    assert failed.args[0]
    assert view.walk is not None and view.demo_button.isEnabled()  # the demo stays usable


def test_clicking_a_weight_in_the_diagram_follows_its_chain_rule(qtbot):
    _area_, view = _area(qtbot)
    diagram = view.diagram
    start, end = next((s, e) for name, i, j, s, e in diagram.weight_lines()
                      if (name, i, j) == ("output", 2, 0))
    middle = (start + end) / 2
    assert diagram.weight_at(middle) == ("output", 2, 0)
    assert "w[3,1] of output" in diagram.weight_text(("output", 2, 0))
    QTest.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=middle.toPoint())
    _wait(qtbot, view)
    assert "Chain rule for w[3,1] of output" in view.step_label.text()
    assert (view.weight_row.value(), view.weight_column.value()) == (3, 1)

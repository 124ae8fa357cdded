"""A point exactly on the perceptron's line is a tie, decided by the step function's own
rule, not by floating-point rounding (AND used to "converge after 4 epochs" with (1, 0) at
w·x + b = -2.8e-17)."""

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtTest import QTest

from engine.learn.perceptron import PerceptronTrainer, gate_dataset
from gui.learn.perceptron_view import PerceptronView

AND_ON_THE_LINE = 2  # (1, 0)


def test_and_does_not_converge_while_a_point_sits_on_the_line():
    trainer = PerceptronTrainer(*gate_dataset("AND"))
    for _ in range(3):
        trainer.train_epoch()
    # w = (0.2, 0.1), b = -0.2 after rounded steps: (1, 0) is mathematically on the line
    raw = trainer.points[AND_ON_THE_LINE] @ trainer.weights + trainer.bias
    assert raw != 0.0 and abs(raw) < 1e-15
    assert trainer.weighted_sums(trainer.points)[AND_ON_THE_LINE] == 0.0
    assert trainer.on_boundary().tolist() == [AND_ON_THE_LINE]
    assert trainer.outputs(trainer.points[AND_ON_THE_LINE])[0] == 1.0  # heaviside(0) = 1
    assert trainer.misclassified() == 1  # AND says 0 there

    assert trainer.train_epoch() > 0
    assert not trainer.converged
    while not trainer.converged:
        trainer.train_epoch()
    assert trainer.epoch == 6
    assert trainer.misclassified() == 0


def test_sign_step_gives_zero_on_the_line():
    trainer = PerceptronTrainer(*gate_dataset("AND"), step="sign")
    trainer.weights, trainer.bias = trainer.weights + [0.2, 0.1], -0.2 + 1e-17
    assert trainer.outputs([[1.0, 0.0]])[0] == 0.0
    assert trainer.predict_class([[1.0, 0.0]])[0] == 0


@pytest.mark.gui
def test_the_view_says_which_point_lies_on_the_line(qtbot):
    QStandardPaths.setTestModeEnabled(True)
    view = PerceptronView()
    qtbot.addWidget(view)
    view.show()
    view.dataset.setCurrentText("AND")
    for _ in range(3):
        QTest.mouseClick(view.epoch_button, Qt.MouseButton.LeftButton)
    assert "(1, 0) lies exactly on the line" in view.status_label.text()
    assert "heaviside(0) = 1 puts it in class 1" in view.status_label.text()
    QTest.mouseClick(view.epoch_button, Qt.MouseButton.LeftButton)
    assert "Converged" not in view.status_label.text()
    for _ in range(2):
        QTest.mouseClick(view.epoch_button, Qt.MouseButton.LeftButton)
    status = view.status_label.text()
    assert "Converged after 6 epochs" in status
    assert "(1, 1) lies exactly on the line" in status

"""The data and training forms are made from the engine's declarations: a new project shows
exactly the declared defaults, the boxes take the declared ranges, and a typed value goes
into the section at its declared path as one undoable step."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.project import Project
from engine.sections import DATA, TRAINING, learning_rate
from gui.document import Document
from gui.training.data_form import DataForm
from gui.training.setting_widgets import UNSET_TEXT, shown
from gui.training.training_form import TrainingForm
from tests.gui.training.conftest import tiny_xor_project

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def forms(qtbot):
    def make(project):
        document = Document(project)
        data, training = DataForm(document), TrainingForm(document)
        for widget in (data, training):
            qtbot.addWidget(widget)
            widget.show()
        return document, data, training

    return make


def test_a_new_project_shows_the_declared_defaults_in_both_forms(forms):
    _document, data, training = forms(Project())
    assert set(training.settings) == {"optimizer.name", "optimizer.momentum", "epochs",
                                      "batch_size", "early_stopping.patience",
                                      "early_stopping.restore_best_weights",
                                      "checkpoint.save_best_only"}
    for path, widget in training.settings.items():
        assert shown(widget, TRAINING.field(path)) == TRAINING.default(path), path
    for path, widget in data.settings.items():
        assert shown(widget, DATA.field(path)) == DATA.default(path), path
    # what a user reads, against the declarations
    assert training.epochs.text() == str(TRAINING.default("epochs")) == "30"
    assert training.batch_size.text() == str(TRAINING.default("batch_size")) == "32"
    assert training.learning_rate.text() == f"{learning_rate(None):g}" == "0.01"
    assert not training.use_seed.isChecked() and TRAINING.default("seed") is None
    assert data.split_seed.text() == str(DATA.default("split.seed")) == "42"
    assert data.synthetic_seed.text() == UNSET_TEXT and DATA.default("dataset.seed") is None
    assert data.scaling.currentText() == DATA.default("scaling") == "none"
    assert data.test_fraction.value() == DATA.default("split.test") == 0.2


def test_the_boxes_take_the_declared_ranges_and_help(forms):
    _document, data, training = forms(Project())
    epochs = TRAINING.field("epochs")
    assert (training.epochs.minimum(), training.epochs.maximum()) == (epochs.minimum,
                                                                      epochs.maximum)
    assert training.epochs.toolTip() == epochs.help
    assert [data.scaling.itemText(i) for i in range(data.scaling.count())] == \
        list(DATA.field("scaling").choices)
    assert data.test_fraction.maximum() < DATA.field("split.test").maximum == 1.0


def test_stepping_the_data_seed_below_zero_makes_the_set_unseeded_and_undo_restores(
        qtbot, forms):
    project = tiny_xor_project()
    project.data["dataset"]["seed"] = 0
    document, data, _training = forms(project)
    data.synthetic_seed.setFocus()
    QTest.keyClick(data.synthetic_seed, Qt.Key.Key_Down)
    QTest.keyClick(data.synthetic_seed, Qt.Key.Key_Return)
    assert data.synthetic_seed.text() == UNSET_TEXT
    assert document.project.data["dataset"]["seed"] is None
    assert document.project.data["split"] == {"test": 0.2, "validation": 0.2, "seed": 42}
    document.undo_stack.undo()
    assert document.project.data["dataset"]["seed"] == 0
    assert data.synthetic_seed.text() == "0"


def test_a_typed_test_fraction_goes_to_its_declared_path(qtbot, forms):
    document, data, _training = forms(tiny_xor_project())
    data.test_fraction.selectAll()
    QTest.keyClicks(data.test_fraction, "0.3")
    QTest.keyClick(data.test_fraction, Qt.Key.Key_Return)
    assert document.project.setting("data", "split.test") == 0.3
    assert document.undo_stack.count() == 1

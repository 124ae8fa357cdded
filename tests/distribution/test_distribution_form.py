"""The training form's Devices choice, driven by keys and clicks: what each choice uses on
this machine, why it cannot run here, and the way to multi_host's exported script."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.document import Document
from gui.training.training_form import TrainingForm
from tests.gui.training.conftest import tiny_xor_project

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

TWO_GPUS = {"GPU": ["/device:GPU:0", "/device:GPU:1"], "CPU": ["/device:CPU:0"]}
CPU_ONLY = {"GPU": [], "CPU": ["/device:CPU:0"]}


def _form(qtbot, devices):
    document = Document(tiny_xor_project())
    form = TrainingForm(document, devices=devices)
    qtbot.addWidget(form)
    form.show()
    assert QTest.qWaitForWindowExposed(form)
    return document, form


def _press(form, key):
    form.devices.combo.setFocus()
    QTest.keyClick(form.devices.combo, key)


def test_choosing_mirrored_then_multi_host_with_two_gpus(qtbot):
    document, form = _form(qtbot, TWO_GPUS)
    choice = form.devices
    assert choice.uses.text() == "Uses: 1 GPU"
    assert not choice.export_button.isVisible()

    _press(form, Qt.Key.Key_Down)
    assert document.project.training["distribution"] == "mirrored"
    assert choice.uses.text() == "Uses: 2 GPUs"
    assert "mirrored over 2 GPUs" in choice.note.text()
    assert "global batch" in choice.note.text()

    _press(form, Qt.Key.Key_Down)
    assert document.project.training["distribution"] == "multi_host"
    assert choice.export_button.isVisible()
    note = choice.note.text()
    assert "it is not started from the app" in note and "Export" in note
    assert "uv sync --extra multihost" in note
    assert "--num-processes 2 --process-id 0" in note and "--process-id 1" in note

    document.undo_stack.undo()
    assert choice.combo.currentData() == "mirrored" and choice.uses.text() == "Uses: 2 GPUs"
    assert not choice.export_button.isVisible()
    document.undo_stack.undo()
    assert "distribution" not in document.project.training
    assert choice.combo.currentData() == "none"


def test_mirrored_on_a_cpu_only_machine_says_it_gives_no_speed_up(qtbot):
    document, form = _form(qtbot, CPU_ONLY)
    assert form.devices.uses.text() == "Uses: CPU only"
    _press(form, Qt.Key.Key_Down)
    assert document.project.training["distribution"] == "mirrored"
    assert form.devices.uses.text() == "Uses: CPU only"
    assert "only the CPU here: mirrored runs on one replica and gives no speed-up" in \
        form.devices.note.text()


def test_chosen_devices_are_shown_and_kept_by_other_edits(qtbot):
    document, form = _form(qtbot, TWO_GPUS)
    chosen = {"strategy": "mirrored", "devices": ["/device:GPU:1"]}
    document.set_section("training", {**document.project.training, "distribution": chosen})
    assert form.devices.uses.text() == "Uses: 1 GPU"
    form.epochs.selectAll()
    QTest.keyClicks(form.epochs, "7")
    QTest.keyClick(form.epochs, Qt.Key.Key_Return)
    assert document.project.training["epochs"] == 7
    assert document.project.training["distribution"] == chosen


def test_the_multi_host_button_opens_the_script_export(qtbot):
    document, form = _form(qtbot, CPU_ONLY)
    _press(form, Qt.Key.Key_End)
    assert document.project.training["distribution"] == "multi_host"
    QTest.mouseClick(form.devices.export_button, Qt.MouseButton.LeftButton)
    dialog = form.export_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: "--strategy" in dialog.preview.toPlainText(), timeout=10000)
    assert "DEFAULT_STRATEGY = 'multi_host'" in dialog.preview.toPlainText()
    dialog.reject()

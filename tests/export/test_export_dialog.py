"""The export dialog: Python code previewed read-only and highlighted, a style chosen with
the keyboard, Save writing exactly the previewed code; model files saved by a worker."""

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt

from engine.project_io import load_project
from gui.background import background_jobs
from gui.export_dialog import ONNX, PYTHON, SAVED_MODEL, ExportDialog

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
PROJECTS = Path(__file__).resolve().parents[2] / "projects"


@pytest.fixture(autouse=True)
def _test_paths():
    QStandardPaths.setTestModeEnabled(True)
    yield
    background_jobs().wait_all()


def _dialog(qtbot, name, tmp_path, api=None):
    project = load_project(PROJECTS / name)
    project.path = None
    dialog = ExportDialog(project, api=api)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "build_model" in dialog.preview.toPlainText(), timeout=10000)
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "exported.py"))
    return dialog


def test_python_preview_style_choice_and_save(qtbot, tmp_path):
    dialog = _dialog(qtbot, "xor.dendrite", tmp_path)
    assert dialog.current_format() == PYTHON
    assert dialog.preview.isReadOnly()
    assert "keras.Model(inputs=[input_]" in dialog.preview.toPlainText()
    formats = dialog.preview.document().firstBlock().layout().formats()
    assert formats, "the preview is highlighted"
    dialog.style_box.setFocus()
    with qtbot.waitSignal(dialog.preview_ready, timeout=10000):
        qtbot.keyClick(dialog.style_box, Qt.Key.Key_Down)
    assert dialog.current_style() == "sequential"
    assert "keras.Sequential([" in dialog.preview.toPlainText()
    with qtbot.waitSignal(dialog.saved, timeout=10000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    path = Path(saved.args[0])
    assert path == tmp_path / "exported.py"
    assert path.read_text(encoding="utf-8") == dialog.preview.toPlainText()
    assert "saved to" in dialog.status.text()


def test_strategy_code_only_when_ticked(qtbot, tmp_path):
    dialog = _dialog(qtbot, "xor.dendrite", tmp_path)
    assert "--strategy" not in dialog.preview.toPlainText()
    assert not dialog.form_box.isEnabled()  # the form is for model files
    dialog.distribution_check.setFocus()
    with qtbot.waitSignal(dialog.preview_ready, timeout=10000):
        qtbot.keyClick(dialog.distribution_check, Qt.Key.Key_Space)
    assert "--strategy" in dialog.preview.toPlainText()


@pytest.mark.slow
def test_an_onnx_export_says_its_form_and_how_it_verified(qtbot, tmp_path):
    dialog = _dialog(qtbot, "digits.dendrite", tmp_path)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(ONNX))
    assert dialog.form_box.isEnabled()
    assert dialog.form_box.currentText() == "raw data in (scaling inside the model)"
    assert "onnxruntime.InferenceSession(path)" in dialog.preview.toPlainText()
    with qtbot.waitSignal(dialog.saved, timeout=240000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    status = dialog.status.text()
    assert "form: raw data in: Normalization" in status
    assert "verified on" in status and "WARNING" not in status
    assert "path = " in dialog.preview.toPlainText()
    assert (tmp_path / "exported.onnx").stat().st_size > 0


def test_sequential_cannot_be_chosen_for_a_branching_model(qtbot, tmp_path):
    dialog = _dialog(qtbot, "wide_and_deep_aux_output.dendrite", tmp_path)
    sequential = dialog.style_box.findData("sequential")
    assert not dialog.style_box.model().item(sequential).isEnabled()
    dialog.style_box.setFocus()
    with qtbot.waitSignal(dialog.preview_ready, timeout=10000):
        qtbot.keyClick(dialog.style_box, Qt.Key.Key_Down)
    assert dialog.current_style() == "subclassing"
    assert "class WideDeepWithAuxiliaryOutputModel(keras.Model):" in \
        dialog.preview.toPlainText()


def test_engine_refusals_are_shown_not_raised(qtbot, tmp_path):
    class Refusing:
        @staticmethod
        def styles_for(project):
            return ["functional"]

        @staticmethod
        def generate_code(project, style, distribution=False):
            return "def build_model():\n    pass\n"

        @staticmethod
        def export_model(project, path, model=None, form="raw"):
            raise ValueError("disk full")

    dialog = _dialog(qtbot, "xor.dendrite", tmp_path, api=Refusing())
    dialog.format_box.setFocus()
    qtbot.keyClick(dialog.format_box, Qt.Key.Key_Down)  # .keras
    assert dialog.path_edit.text().endswith("exported.keras")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "disk full" in dialog.status.text(), timeout=10000)
    assert dialog.save_button.isEnabled()
    assert not (tmp_path / "exported.keras").exists()


@pytest.mark.slow
def test_a_savedmodel_folder_is_written_by_a_worker(qtbot, tmp_path):
    dialog = _dialog(qtbot, "xor.dendrite", tmp_path)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(SAVED_MODEL))
    assert dialog.path_edit.text() == str(tmp_path / "exported")
    with qtbot.waitSignal(dialog.saved, timeout=60000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "exported" / "saved_model.pb").exists()


def test_a_graph_with_errors_says_so_and_cannot_be_saved(qtbot):
    project = load_project(PROJECTS / "xor.dendrite")
    project.graph.set_param("n2", "units", 0)
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "units" in dialog.status.text(), timeout=10000)
    assert dialog.status.text().startswith("Cannot export:")
    assert not dialog.save_button.isEnabled()


def test_a_file_name_of_another_format_switches_the_format_box(qtbot, tmp_path):
    from gui.export_dialog import H5

    dialog = _dialog(qtbot, "xor.dendrite", tmp_path)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(SAVED_MODEL))
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "wd.h5"))
    assert dialog.current_format() == H5
    assert dialog.format_box.currentText().startswith("HDF5")
    assert dialog.path_edit.text() == str(tmp_path / "wd.h5")
    # a name set without typing is caught at Save: nothing is written under the wrong format
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(SAVED_MODEL))
    dialog.path_edit.setText(str(tmp_path / "other.h5"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.current_format() == H5
    assert "Save again" in dialog.status.text()
    assert not (tmp_path / "other.h5").exists()

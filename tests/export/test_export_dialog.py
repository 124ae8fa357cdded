"""The export dialog: Python code previewed read-only and highlighted, a style chosen with
the keyboard, Save writing exactly the previewed code; model files saved by a worker."""

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt

from engine.project_io import load_project
from gui.export_dialog import PYTHON, SAVED_MODEL, ExportDialog, export_threads

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
PROJECTS = Path(__file__).resolve().parents[2] / "projects"


@pytest.fixture(autouse=True)
def _test_paths():
    QStandardPaths.setTestModeEnabled(True)
    yield
    export_threads().wait_all()


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
        def generate_code(project, style):
            return "def build_model():\n    pass\n"

        @staticmethod
        def export_model(project, path, model=None):
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

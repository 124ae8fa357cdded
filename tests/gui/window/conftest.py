from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

ROOT = Path(__file__).resolve().parents[3]
PROJECTS = ROOT / "projects"


@pytest.fixture(autouse=True)
def app_data(tmp_path, monkeypatch):
    """Settings, recent files and recovery files of these tests live in a temporary folder."""
    folder = tmp_path / "appdata"
    monkeypatch.setenv("DENDRITE_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def make_window(qtbot):
    from gui.app import create_window

    made = []

    def make(project=None, autosave=False):
        window = create_window(str(project) if project else None, autosave=autosave)
        window.resize(1280, 800)
        window.show()
        window.activateWindow()
        assert QTest.qWaitForWindowActive(window)
        made.append(window)
        return window

    yield make
    # closed here, not by qtbot: a window with unsaved edits would ask, and wait for ever
    for window in made:
        window.document.undo_stack.setClean()
        window.close()
        window.deleteLater()
    QApplication.processEvents()


@pytest.fixture
def window(make_window):
    return make_window()


def answer_prompt(button, seen: list):
    """Clicks `button` on the unsaved-changes prompt as soon as it is shown."""
    def click():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "unsaved_prompt":
            seen.append(box.text())
            box.button(button).click()
        else:
            QTimer.singleShot(20, click)

    QTimer.singleShot(20, click)

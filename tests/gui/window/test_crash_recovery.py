"""The app is edited, killed with SIGKILL, and the next start offers the autosaved edits back."""

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.project_io import load_project
from gui.app import create_window

ROOT = Path(__file__).resolve().parents[3]
CHILD = Path(__file__).with_name("crash_child.py")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_app_offers_its_autosaved_edits_at_the_next_start(qtbot, tmp_path, monkeypatch):
    data_dir = tmp_path / "appdata"
    project = tmp_path / "mine.dendrite"
    shutil.copy(ROOT / "projects" / "wide_and_deep.dendrite", project)
    on_disk = load_project(project).to_dict()
    report = tmp_path / "edited.json"
    env = dict(os.environ, DENDRITE_DATA_DIR=str(data_dir), DENDRITE_AUTOSAVE_MS="200",
               QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen([sys.executable, str(CHILD), str(project), str(report)],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline()
        assert line.strip() == "edited-and-autosaved"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    edited = json.loads(report.read_text())
    assert edited != on_disk
    assert load_project(project).to_dict() == on_disk  # the user's file was not touched

    monkeypatch.setenv("DENDRITE_DATA_DIR", str(data_dir))
    window = create_window(str(project), autosave=False)
    # marked clean before qtbot closes it, even when an assertion fails: else it asks, for ever
    qtbot.addWidget(window, before_close_func=lambda w: w.document.undo_stack.setClean())
    window.show()
    assert QTest.qWaitForWindowExposed(window)
    assert window.recovery_bar.isVisible()
    offer = window.recovery_bar.text.text()
    assert f"“{load_project(project).name}”" in offer  # the project's own name
    assert str(project) in offer  # and the file the edits belong to
    QTest.mouseClick(window.recovery_bar.restore_button, Qt.MouseButton.LeftButton)
    assert window.document.project.to_dict() == edited
    assert window.document.is_modified()
    assert window.isWindowModified()  # the title shows the unsaved-changes mark
    assert window.windowTitle() == f"{project.stem}[*] — Dendrite"  # the file it belongs to
    assert not window.recovery_bar.isVisible()
    assert not list((data_dir / "recovery").glob("*.recovery.json"))
    window.document.undo_stack.setClean()  # nothing to ask on close

"""The window under stress from its threads: closing it never waits for a dataset that is
still loading, and closing it while training runs, then opening another project that
trains, does not abort the process."""

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.data.errors import DataError
from gui.background import background_jobs
from tests.gui.window.conftest import PROJECTS

pytestmark = pytest.mark.gui
CHILD = Path(__file__).with_name("close_while_training_child.py")
ROOT = Path(__file__).resolve().parents[2]


def test_closing_the_window_while_a_dataset_loads_does_not_wait_for_it(make_window,
                                                                        tmp_path, monkeypatch):
    started, release = threading.Event(), threading.Event()
    finished = []

    def slow_load(spec, base_dir):
        started.set()
        release.wait(20)  # a long download, as far as the window can tell
        finished.append(True)
        raise DataError("the test's load ends here")

    monkeypatch.setattr("gui.training.data_panel.load_data", slow_load)
    path = tmp_path / "xor.dendrite"
    shutil.copy(PROJECTS / "xor.dendrite", path)
    window = make_window(path)
    panel = window.training_ui.data_panel
    QTest.mouseClick(panel.load_button, Qt.MouseButton.LeftButton)
    assert started.wait(20)

    assert window.close()
    assert not finished  # closed while the load still runs: nothing waited for it
    release.set()
    background_jobs().wait_all()
    QTest.qWait(50)  # the load's end reaches the GUI thread
    assert finished == [True]


@pytest.mark.slow
def test_closing_while_training_then_opening_another_project_does_not_abort(tmp_path):
    env = dict(os.environ, DENDRITE_DATA_DIR=str(tmp_path / "appdata"),
               QT_QPA_PLATFORM="offscreen")
    child = subprocess.run([sys.executable, str(CHILD), str(tmp_path)], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=400)
    assert child.returncode == 0, child.stderr[-3000:]
    assert "survived" in child.stdout

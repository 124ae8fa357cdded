"""Autosave on a full disk: the last good recovery file stays, no temporary is left, the
window is told once, and the next tick tries again."""

import pytest

from engine.project_io import load_project
from gui.autosave import Autosaver
from gui.document import Document
from gui.paths import recovery_dir
from tests.faults.hostile_files import ENOSPC, failing, temporaries
from tests.gui.window.conftest import PROJECTS

pytestmark = pytest.mark.gui


def test_autosave_on_a_full_disk_keeps_the_last_recovery_file(qtbot, monkeypatch):
    document = Document(load_project(PROJECTS / "xor.dendrite"))
    autosaver = Autosaver(document, interval_ms=3_600_000)
    first = document.graph.nodes[0].id
    document.rename(first, "autosaved_once")
    assert autosaver.save_now()
    before = autosaver.file.read_bytes()

    document.rename(first, "never_autosaved")
    failing(monkeypatch, "write", ENOSPC)
    said = []
    autosaver.failed.connect(said.append)
    assert not autosaver.save_now()
    assert not autosaver.save_now()
    monkeypatch.undo()
    assert said == [f"Autosave failed (cannot write {autosaver.file}: no space left on the "
                    "disk); save your work to keep it"]  # once, not at every tick
    assert autosaver.file.read_bytes() == before
    assert temporaries(recovery_dir()) == []
    assert autosaver.save_now()  # the next tick, with room again
    assert b"never_autosaved" in autosaver.file.read_bytes()
    autosaver.stop()

"""The window's saves under stress, driven with the keyboard: Save As never replaces a file
it did not ask about, a symbolic link stays a link, a full disk is one clear message, two
windows on one file do not silently overwrite each other, and junk recovery files are set
aside at start instead of crashing it."""

import json
import os
import shutil
import stat

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from engine.atomic_file import WriteError
from engine.project_io import load_project
from gui.paths import recovery_dir
from tests.faults.hostile_files import ENOSPC, failing, temporaries
from tests.gui.window.conftest import PROJECTS

pytestmark = pytest.mark.gui
Button = QMessageBox.StandardButton
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def _copy(folder, name, source="xor.dendrite"):
    target = folder / name
    shutil.copy(PROJECTS / source, target)
    return target


def _answer(button, seen: list, name="replace_prompt"):
    """Clicks `button` on the next message box called `name` as soon as it shows."""
    def click():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == name:
            seen.append(f"{box.text()} {box.informativeText()}")
            box.button(button).click()
        else:
            QTimer.singleShot(20, click)

    QTimer.singleShot(20, click)


def _type_in_save_dialog(monkeypatch, typed):
    monkeypatch.setattr("gui.file_controller.QFileDialog.getSaveFileName",
                        lambda *args, **kwargs: (str(typed), ""))


def _press(window, key=Qt.Key.Key_S, modifiers=CTRL):
    """A shortcut typed in `window` (made active first: a closed message box, or another
    window, may have taken the focus)."""
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    QTest.keyClick(window, key, modifiers)


def _rename_first_node(window, name):
    window.document.rename(window.document.graph.nodes[0].id, name)


def test_save_as_a_name_without_the_extension_asks_before_replacing(make_window, tmp_path,
                                                                    monkeypatch):
    precious = _copy(tmp_path, "precious.dendrite")
    before = precious.read_bytes()
    window = make_window(_copy(tmp_path, "other.dendrite", "wide_and_deep.dendrite"))
    _type_in_save_dialog(monkeypatch, tmp_path / "precious")
    seen = []
    _answer(Button.Cancel, seen)
    _press(window, modifiers=CTRL | SHIFT)
    assert seen and "“precious.dendrite” already exists" in seen[0]
    assert precious.read_bytes() == before
    assert window.document.path.name == "other.dendrite"

    _answer(Button.Yes, seen)
    _press(window, modifiers=CTRL | SHIFT)
    assert len(seen) == 2
    assert load_project(precious).name == window.document.name != load_project(
        PROJECTS / "xor.dendrite").name
    assert temporaries(tmp_path) == []


def test_save_as_with_another_extension_writes_a_new_file(make_window, tmp_path,
                                                          monkeypatch):
    precious = _copy(tmp_path, "precious.dendrite")
    before = precious.read_bytes()
    window = make_window(_copy(tmp_path, "other.dendrite", "wide_and_deep.dendrite"))
    _type_in_save_dialog(monkeypatch, tmp_path / "precious.txt")
    _press(window, modifiers=CTRL | SHIFT)
    assert precious.read_bytes() == before
    assert window.document.path == tmp_path / "precious.txt.dendrite"
    assert load_project(tmp_path / "precious.txt.dendrite").name == window.document.name


def test_saving_through_a_symbolic_link_updates_its_target(make_window, tmp_path):
    real = _copy(tmp_path, "real.dendrite")
    os.chmod(real, 0o600)
    link = tmp_path / "link.dendrite"
    link.symlink_to(real)
    window = make_window(link)
    _rename_first_node(window, "through_the_link")
    _press(window)
    assert not window.isWindowModified()
    assert link.is_symlink()
    assert load_project(real).graph.by_name("through_the_link") is not None
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert temporaries(tmp_path) == []


def test_a_full_disk_at_save_is_one_clear_message_and_the_file_stays(make_window, tmp_path,
                                                                      monkeypatch):
    path = _copy(tmp_path, "mine.dendrite")
    before = path.read_bytes()
    window = make_window(path)
    _rename_first_node(window, "never_written")
    failing(monkeypatch, "fsync", ENOSPC)
    _press(window)
    monkeypatch.undo()
    box = window.findChild(QMessageBox, "error_message")
    assert box is not None
    assert box.text() == f"{path}: no space left on the disk. Nothing was overwritten."
    box.close()
    assert path.read_bytes() == before and temporaries(tmp_path) == []
    assert window.isWindowModified()  # the edit is still there, unsaved


def test_two_windows_on_one_file_ask_before_replacing_the_others_save(make_window, tmp_path):
    path = _copy(tmp_path, "shared.dendrite")
    first, second = make_window(path), make_window(path)
    _rename_first_node(second, "saved_by_b")
    _press(second)
    assert load_project(path).graph.by_name("saved_by_b") is not None

    _rename_first_node(first, "saved_by_a")
    seen = []
    _answer(Button.Cancel, seen)
    _press(first)
    assert seen and "changed on disk" in seen[0]
    assert load_project(path).graph.by_name("saved_by_b") is not None
    assert first.isWindowModified()

    _answer(Button.Yes, seen)
    _press(first)
    assert load_project(path).graph.by_name("saved_by_a") is not None
    assert not first.isWindowModified()

    _rename_first_node(first, "saved_again_by_a")  # its own file now: no question
    _press(first)
    assert len(seen) == 2
    assert load_project(path).graph.by_name("saved_again_by_a") is not None
    assert temporaries(tmp_path) == []


def test_a_picture_export_on_a_full_disk_keeps_the_old_picture(make_window, tmp_path,
                                                               monkeypatch):
    window = make_window(_copy(tmp_path, "mine.dendrite"))
    picture = tmp_path / "net.png"
    picture.write_bytes(b"old picture")
    failing(monkeypatch, "write", ENOSPC)
    with pytest.raises(WriteError, match="net.png: no space left on the disk"):
        window.canvas.export_png(picture)
    with pytest.raises(WriteError, match="net.svg: no space left on the disk"):
        window.canvas.export_svg(tmp_path / "net.svg")
    monkeypatch.undo()
    assert picture.read_bytes() == b"old picture"
    assert not (tmp_path / "net.svg").exists() and temporaries(tmp_path) == []


def _recovery(name: str, text: str):
    (recovery_dir() / f"{name}.recovery.json").write_text(text, encoding="utf-8")


def test_junk_recovery_files_are_set_aside_with_a_message_at_start(make_window):
    project = load_project(PROJECTS / "xor.dendrite").to_dict()
    good = {"dendrite_recovery": 1, "original_path": None, "name": "kept work",
            "saved_at": 1_700_000_000.0, "project": project}
    junk = {
        "far-future": dict(good, saved_at=1e300),
        "not-a-number": json.dumps(dict(good, saved_at=0.0)).replace("0.0", "NaN", 1),
        "far-past": dict(good, saved_at=-1e300),
        "huge-int": dict(good, saved_at=10**400),
        "huge-name": dict(good, name="n" * 2_000_000),
        "name-not-text": dict(good, name=["a"]),
        "not-json": "{\"project\": ",
        "a-list": [1, 2, 3],
    }
    for name, doc in junk.items():
        _recovery(name, doc if isinstance(doc, str) else json.dumps(doc))
    _recovery("good", json.dumps(good))

    window = make_window()
    assert window.recovery_bar.isVisible()
    assert "kept work" in window.recovery_bar.text.text()
    assert "set aside" in window.statusBar().currentMessage()
    left = sorted(p.name for p in recovery_dir().iterdir())
    assert left == sorted([f"{n}.recovery.json.set-aside" for n in junk]
                          + ["good.recovery.json"])


def test_a_truncated_sidecar_opens_the_project_with_a_message(make_window, tmp_path, qtbot):
    import numpy as np

    path = _copy(tmp_path, "trained.dendrite")
    doc = json.loads(path.read_text())
    doc["trained"] = {"file": "trained.dendrite-state.npz", "graph_signature": "x",
                      "epochs": 2}
    path.write_text(json.dumps(doc))
    sidecar = tmp_path / "trained.dendrite-state.npz"
    np.savez(sidecar, meta=np.zeros(100, np.uint8))
    sidecar.write_bytes(sidecar.read_bytes()[:150])
    window = make_window(path)
    keeper = window.training_ui.training_panel.keeper
    qtbot.waitUntil(lambda: "cannot be read" in keeper.last_message, timeout=20_000)
    assert "trained.dendrite-state.npz cannot be read" in keeper.last_message
    assert window.document.path == path

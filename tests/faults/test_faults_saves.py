"""Saving a project when the disk says no: full, read-only, permission denied, a symbolic
link. Each failure names the file and the cause, leaves the old file as it was, and leaves
no temporary file behind."""

import os
import stat

import pytest

from engine.atomic_file import WriteError, atomic_write
from engine.project import Project
from engine.project_io import load_project, save_project
from tests.data.helpers import make_graph
from tests.faults.hostile_files import (
    EACCES,
    ENOSPC,
    EROFS,
    creating_in,
    failing,
    short_writes,
    temporaries,
)


def _project(name: str) -> Project:
    graph = make_graph([("features", [3])], [("out", 1, "linear", "mse")])
    return Project(name, graph)


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "precious.dendrite"
    save_project(_project("the old one"), path)
    return path, path.read_bytes()


def _assert_untouched(path, before, folder):
    assert path.read_bytes() == before
    assert load_project(path).name == "the old one"
    assert temporaries(folder) == []
    assert sorted(p.name for p in folder.iterdir()) == [path.name]


@pytest.mark.parametrize("call, after", [("write", 0), ("write", 10), ("fsync", 0)])
def test_a_full_disk_leaves_the_old_project_and_no_temporary(saved, monkeypatch, tmp_path,
                                                              call, after):
    path, before = saved
    big = _project("the new one")
    big.extra["padding"] = "x" * 3_000_000
    short_writes(monkeypatch)  # so that the disk fills up after some of it is written
    failing(monkeypatch, call, ENOSPC, after=after)
    with pytest.raises(WriteError) as caught:
        save_project(big, path)
    monkeypatch.undo()
    assert str(caught.value) == f"cannot write {path}: no space left on the disk"
    _assert_untouched(path, before, tmp_path)


def test_a_read_only_folder_is_named_as_the_cause(saved, monkeypatch, tmp_path):
    path, before = saved
    failing(monkeypatch, "open", EROFS, only=creating_in(tmp_path))
    with pytest.raises(WriteError, match="precious.dendrite: the file system is read-only"):
        save_project(_project("the new one"), path)
    monkeypatch.undo()
    _assert_untouched(path, before, tmp_path)


def test_a_refused_rename_removes_the_written_temporary(saved, monkeypatch, tmp_path):
    path, before = saved
    failing(monkeypatch, "replace", EACCES)
    with pytest.raises(WriteError, match="precious.dendrite: permission denied"):
        save_project(_project("the new one"), path)
    monkeypatch.undo()
    _assert_untouched(path, before, tmp_path)


def test_a_symbolic_link_stays_a_link_and_its_target_gets_the_project(tmp_path):
    real_folder = tmp_path / "real"
    real_folder.mkdir()
    target = real_folder / "model.dendrite"
    save_project(_project("the old one"), target)
    os.chmod(target, 0o640)
    link = tmp_path / "shortcut.dendrite"
    link.symlink_to(target)

    save_project(_project("the new one"), link)

    assert link.is_symlink() and os.readlink(link) == str(target)
    assert load_project(target).name == "the new one"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert temporaries(tmp_path) == []


def test_a_new_file_gets_the_usual_permissions_not_the_temporarys(tmp_path):
    path = atomic_write(tmp_path / "notes.py", b"print('hi')\n")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask

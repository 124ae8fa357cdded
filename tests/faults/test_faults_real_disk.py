"""Saving onto a file system that is really full (a 1 MiB tmpfs, where the machine lets the
tests mount one, as root on Linux): the message names the file and the cause, the project
already there is unchanged, and no temporary file is left. The other fault tests simulate
the operating system's errors; this one meets the real one."""

import subprocess
import uuid
from pathlib import Path

import pytest

from engine.atomic_file import WriteError
from engine.project import Project
from engine.project_io import load_project, save_project
from tests.data.helpers import make_graph
from tests.faults.hostile_files import temporaries


@pytest.fixture
def full_disk(tmp_path):
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs",
                              str(mount_point)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], capture_output=True)


def _project(name: str, padding: int = 0) -> Project:
    project = Project(name, make_graph([("features", [3])], [("out", 1, "linear", "mse")]))
    if padding:
        project.extra["padding"] = "x" * padding
    return project


def test_saving_onto_a_really_full_disk_keeps_the_old_project(full_disk):
    path = full_disk / "precious.dendrite"
    save_project(_project("the old one"), path)
    before = path.read_bytes()
    filler = full_disk / f"filler-{uuid.uuid4().hex}"
    with open(filler, "wb") as handle:  # leave about 100 KiB free
        handle.write(b"\0" * (1024 * 1024 - 100 * 1024 - len(before) - 8192))
    with pytest.raises(WriteError) as caught:
        save_project(_project("the new one", padding=400_000), path)
    assert str(caught.value) == f"cannot write {path}: no space left on the disk"
    assert path.read_bytes() == before
    assert load_project(path).name == "the old one"
    assert temporaries(full_disk) == []
    assert sorted(p.name for p in Path(full_disk).iterdir()) == sorted([path.name, filler.name])


def test_a_savedmodel_export_onto_a_really_full_disk_is_one_clear_message(full_disk):
    import sys

    root = Path(__file__).resolve().parents[2]
    filler = full_disk / "filler"
    with open(filler, "wb") as handle:  # leave about 200 KiB free: less than a SavedModel
        handle.write(b"\0" * (1024 * 1024 - 200 * 1024))
    target = full_disk / "xor_model"
    done = subprocess.run([sys.executable, str(root / "main.py"), "export",
                           str(root / "projects" / "xor.dendrite"), "--to", str(target)],
                          cwd=root, capture_output=True, text=True, timeout=600)
    said = done.stdout + done.stderr
    assert done.returncode != 0
    assert "Traceback" not in said
    assert str(target) in said and "no space left on the disk" in said
    assert not target.exists()
    assert temporaries(full_disk) == []
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]

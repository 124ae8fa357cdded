"""A process saving a large project over an older one is killed with SIGKILL at every
operating-system call of the write in turn (opening, each write, each sync, the rename): the
file on disk always loads as one whole project, the old one or the new one, never half."""

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from engine.atomic_file import is_temporary
from engine.project_io import load_project

CHILD = Path(__file__).with_name("save_loop_child.py")


def _run_child(path: Path, kill_at: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(CHILD), str(path), str(kill_at)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killing_a_saving_process_at_any_step_never_leaves_a_broken_file(tmp_path):
    probe = _run_child(tmp_path / "probe.dendrite", 0)
    assert probe.returncode == 0, probe.stderr
    steps = int(probe.stdout.strip())
    assert steps >= 4  # at least: open the temporary, write, sync, rename

    names = []
    for kill_at in range(1, steps + 1):
        folder = tmp_path / f"kill{kill_at}"
        folder.mkdir()
        path = folder / "big.dendrite"
        child = _run_child(path, kill_at)
        assert child.returncode == -signal.SIGKILL, (kill_at, child.stderr)
        project = load_project(path)
        assert len(project.graph.nodes) == 302
        assert len(project.graph.edges) == 301
        names.append(project.name)
        leftovers = [p.name for p in folder.iterdir() if p.name != "big.dendrite"]
        assert all(is_temporary(name) for name in leftovers), leftovers
        assert len(leftovers) <= 1
    # killed before the rename the old project stays; after it, the new one is there whole
    assert names[0] == "round 0" and names[-1] == "round 1"
    assert names == sorted(names)  # never back to the old one once the new one was in place

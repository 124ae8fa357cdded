"""The trained-state sidecar: killed between writing it and the project, the reopened
project never pairs a graph with weights of another graph and keeps its own; a truncated,
mistyped or zip-bomb sidecar is refused with a message, never a traceback."""

import json
import os
import signal
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest

from engine.project import Project
from engine.project_io import load_project, save_project
from engine.training.signature import graph_signature
from engine.training.state import load_state, save_state, state_path
from tests.data.helpers import make_graph
from tests.faults.hostile_files import (
    deflated_zeros,
    fake_trainer,
    npy_bytes,
    npy_header,
    stored,
    temporaries,
    write_zip,
)
from tests.faults.sidecar_kill_child import SECOND_SHAPES

CHILD = Path(__file__).with_name("sidecar_kill_child.py")
ROOT = Path(__file__).resolve().parents[2]


def _killed_at(tmp_path, step: str) -> Path:
    path = tmp_path / "killed.dendrite"
    child = subprocess.run([sys.executable, str(CHILD), str(path), step], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert temporaries(tmp_path) == []
    return path


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_after_the_sidecar_the_project_keeps_the_weights_of_its_graph(tmp_path):
    project = load_project(_killed_at(tmp_path, "sidecar"))
    assert project.graph.by_name("hidden").params["units"] == 6  # the new graph is on disk
    loaded = load_state(project)
    assert loaded.status == "ok", loaded.message
    assert [w.shape for _, w in loaded.state.weights] == SECOND_SHAPES
    assert loaded.state.signature == graph_signature(project.graph)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_before_the_sidecar_the_old_weights_are_not_used_for_the_new_graph(tmp_path):
    project = load_project(_killed_at(tmp_path, "project"))
    assert project.graph.by_name("hidden").params["units"] == 6
    loaded = load_state(project)
    assert loaded.status == "stale"  # the curves of the old run, never its weights
    assert not loaded.state.fits


def test_a_sidecar_of_another_graph_is_refused_with_a_message(tmp_path):
    graph = make_graph([("features", [3])], [("out", 1, "linear", "mse")])
    project = Project("p", graph)
    path = save_project(project, tmp_path / "p.dendrite")
    project.extra["trained"] = save_state(path, fake_trainer(graph_signature(graph),
                                                              [(3, 4)]))
    save_project(project, path)
    other = make_graph([("features", [5])], [("out", 2, "linear", "mse")])
    save_state(path, fake_trainer(graph_signature(other), [(5, 4)]))  # someone else's
    loaded = load_state(load_project(path))
    assert loaded.status == "unreadable" and loaded.state is None
    assert "does not belong to this project" in loaded.message


# ---- hostile sidecars ------------------------------------------------------------------

@pytest.fixture
def trained_project(tmp_path):
    graph = make_graph([("features", [3])], [("out", 1, "linear", "mse")])
    project = Project("p", graph)
    path = save_project(project, tmp_path / "p.dendrite")
    project.extra["trained"] = save_state(path, fake_trainer(graph_signature(graph),
                                                              [(3, 4), (4,)]))
    save_project(project, path)
    return path


def _meta(path: Path) -> dict:
    with np.load(state_path(path)) as archive:
        return json.loads(bytes(archive["meta"]).decode())


def _rewrite_meta(path: Path, meta: dict) -> None:
    with np.load(state_path(path)) as archive:
        arrays = {k: archive[k] for k in archive.files}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    np.savez(state_path(path), **arrays)


def _refused(path: Path, *words: str) -> str:
    loaded = load_state(load_project(path))
    assert loaded.status == "unreadable" and loaded.state is None
    assert "p.dendrite-state.npz cannot be read" in loaded.message
    for word in words:
        assert word in loaded.message
    return loaded.message


def test_a_truncated_sidecar_is_refused_with_a_message(trained_project):
    data = state_path(trained_project).read_bytes()
    for cut in (len(data) // 2, len(data) - 30, 100):
        state_path(trained_project).write_bytes(data[:cut])
        _refused(trained_project)


@pytest.mark.parametrize("key, value, words", [
    ("weights", "w0", 'metadata "weights"'),
    ("weights", [1, 2], 'metadata "weights"'),
    ("history", [1.0, 2.0], 'metadata "history"'),
    ("history", {"loss": ["a"]}, 'metadata "history"'),
    ("graph_signature", 12, 'metadata "graph_signature"'),
    ("version", "1", 'metadata "version"'),
    ("bound_shapes", {"features": ["three"]}, 'metadata "bound_shapes"'),
    ("weights", ["a", "b", "c"], "the array weight_0002.npy listed in the metadata"),
])
def test_a_sidecar_with_mistyped_metadata_is_refused_naming_the_field(trained_project, key,
                                                                       value, words):
    meta = _meta(trained_project)
    meta[key] = value
    _rewrite_meta(trained_project, meta)
    _refused(trained_project, words)


def _bomb(path: Path, meta: dict, matches: int, declared: int | None = None) -> None:
    """weight_0000.npy: a true .npy of 1 + 258 * matches bytes, deflated ~160:1."""
    header = npy_header((1 + 258 * matches,))
    data = deflated_zeros(matches, header)
    size = len(header) + 1 + 258 * matches
    write_zip(state_path(path), [
        stored("meta.npy", npy_bytes(np.frombuffer(json.dumps(meta).encode(), np.uint8))),
        ("weight_0000.npy", data, 8, 0, size if declared is None else declared),
        stored("weight_0001.npy", npy_bytes(np.zeros(4, np.float32))),
    ])


def test_a_weights_archive_that_inflates_to_3_gib_is_refused_before_reading(trained_project):
    matches = 3 * 1024**3 // 258
    _bomb(trained_project, _meta(trained_project), matches)
    assert state_path(trained_project).stat().st_size < 25_000_000
    message = _refused(trained_project, "weight_0000.npy inflates from")
    assert f"to {len(npy_header((1 + 258 * matches,))) + 1 + 258 * matches:,} bytes" in message


def test_a_bomb_that_lies_about_its_size_is_read_no_further_than_it_says(trained_project):
    _bomb(trained_project, _meta(trained_project), 3 * 1024**3 // 258, declared=200)
    _refused(trained_project)


def test_an_array_header_claiming_more_than_the_member_holds_is_refused(trained_project):
    meta = _meta(trained_project)
    header = npy_bytes(np.zeros(4, np.float32)).replace(b"(4,)", b"(900000000,)")
    write_zip(state_path(trained_project), [
        stored("meta.npy", npy_bytes(np.frombuffer(json.dumps(meta).encode(), np.uint8))),
        stored("weight_0000.npy", npy_bytes(np.zeros((3, 4), np.float32))),
        ("weight_0001.npy", header, 0, zlib.crc32(header), len(header)),
    ])
    _refused(trained_project, "weight_0001.npy claims 3,600,000,000 bytes")


def test_a_pickled_or_unexpected_member_is_refused(trained_project):
    meta = _meta(trained_project)
    write_zip(state_path(trained_project), [
        stored("meta.npy", npy_bytes(np.frombuffer(json.dumps(meta).encode(), np.uint8))),
        stored("../../evil.npy", b"x"),
    ])
    _refused(trained_project, "unexpected member")


def test_export_with_a_broken_sidecar_says_so_and_writes_the_model(trained_project, capsys):
    from argparse import Namespace

    from engine.commands.export import run

    data = state_path(trained_project).read_bytes()
    state_path(trained_project).write_bytes(data[: len(data) // 2])
    target = trained_project.with_name("model.keras")
    code = run(Namespace(file=str(trained_project), to=str(target), style="functional"))
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "untrained weights: the trained state p.dendrite-state.npz cannot be read" in out
    assert "Traceback" not in out + err and target.is_file()
    assert temporaries(trained_project.parent) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_sidecar_that_is_a_pipe_is_refused_without_blocking(trained_project):
    state_path(trained_project).unlink()
    os.mkfifo(state_path(trained_project))
    _refused(trained_project, "not a regular file")


def test_a_late_sidecar_write_never_puts_an_older_project_back(tmp_path):
    """The window saves, the worker writes the sidecar later; a second save in between must
    survive the worker's rewrite of the project file with the sidecar's entry."""
    from engine.training.session import TrainingSession

    graph = make_graph([("features", [3])], [("out", 1, "linear", "mse")])
    first = Project("first save", graph)
    path = save_project(first, tmp_path / "p.dendrite")
    queued_copy = first.copy()
    later = first.copy()
    later.name = "second save"
    save_project(later, path)  # saved again before the worker got to the first save

    session = TrainingSession()
    session.trainer = fake_trainer(graph_signature(graph), [(3, 4)])
    entry = session.save(path, queued_copy)
    assert entry is not None and state_path(path).is_file()
    assert load_project(path).name == "second save"
    assert temporaries(tmp_path) == []

    session.save(path, later.copy())  # the second save's own turn names the state
    reopened = load_project(path)
    assert reopened.name == "second save" and reopened.extra["trained"] == entry

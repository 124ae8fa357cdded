"""The trained-state sidecar: saved beside the project, reopened with its curves, Continue
picks up; a changed graph, a missing or broken file are reported and the project opens."""

import numpy as np
import pytest

from engine.project import Project
from engine.project_io import load_project, save_project
from engine.training import RecordingListener, Trainer, load_state, save_state, state_path
from tests.data.helpers import make_graph

DATA = {"dataset": {"source": "synthetic", "name": "xor", "samples": 80, "noise": 0.1,
                    "seed": 0},
        "split": {"test": 0.25, "validation": 0.25, "seed": 0}}
TRAINING = {"optimizer": {"name": "adam", "learning_rate": 0.01}, "epochs": 2,
            "batch_size": 8, "seed": 3}


@pytest.fixture
def trained(tmp_path):
    graph = make_graph([("input", [2])], [("output", 1, "sigmoid", "binary_crossentropy")])
    project = Project("xor", graph, dict(DATA), dict(TRAINING))
    path = save_project(project, tmp_path / "xor.dendrite")
    trainer = Trainer.from_project(project)
    assert trainer.train().reason == "finished"
    entry = save_state(path, trainer)
    project.extra["trained"] = entry
    save_project(project, path)
    return path, trainer, entry


def test_round_trip_restores_curves_weights_and_optimizer(trained):
    path, trainer, entry = trained
    assert entry["file"] == "xor.dendrite-state.npz" == state_path(path).name
    assert entry["epochs"] == 2
    reopened = load_project(path)
    loaded = load_state(reopened)
    assert loaded.status == "ok", loaded.message
    assert loaded.state.history.values == trainer.history.values
    again = Trainer.from_project(reopened)
    again.adopt_state(loaded.state)
    assert len(again.history) == 2 and again.is_trained
    assert again.evaluate() == pytest.approx(trainer.evaluate(), rel=1e-6)
    for ours, theirs in zip(again.model.get_weights(), trainer.model.get_weights(),
                            strict=True):
        np.testing.assert_array_equal(ours, theirs)
    steps = int(trainer.model.optimizer.iterations.numpy())
    assert int(again.model.optimizer.iterations.numpy()) == steps
    events = RecordingListener()
    assert again.continue_training(events, epochs=1).reason == "finished"
    assert [e.epoch for e in events.of("epoch")] == [3]
    assert len(again.history) == 3
    assert int(again.model.optimizer.iterations.numpy()) > steps


def test_changed_graph_keeps_the_old_state_and_says_it_no_longer_fits(trained):
    path, _, entry = trained
    project = load_project(path)
    project.graph.set_param("n2", "units", 6)
    loaded = load_state(project)
    assert loaded.status == "stale"
    assert "no longer fit" in loaded.message
    assert len(loaded.state.history) == 2  # the curves are still shown
    trainer = Trainer.from_project(project)
    trainer.adopt_state(loaded.state)
    before = state_path(path).read_bytes()
    assert save_state(path, trainer) == entry  # the old file is kept as it was
    assert state_path(path).read_bytes() == before
    assert trainer.train().reason == "finished"  # the next run trains anew
    assert save_state(path, trainer)["graph_signature"] != entry["graph_signature"]


def test_missing_or_broken_sidecar_is_reported_and_the_project_opens(trained):
    path, _, _ = trained
    state_path(path).write_bytes(b"not a zip")
    project = load_project(path)
    broken = load_state(project)
    assert broken.status == "unreadable" and "cannot be read" in broken.message
    state_path(path).unlink()
    missing = load_state(project)
    assert missing.status == "missing"
    assert "xor.dendrite-state.npz is missing" in missing.message
    assert load_state(Project("empty")).status == "none"


def test_nothing_trained_writes_nothing(tmp_path):
    graph = make_graph([("input", [2])], [("output", 1, "sigmoid", "binary_crossentropy")])
    trainer = Trainer(graph, DATA, TRAINING)
    assert save_state(tmp_path / "p.dendrite", trainer) is None
    assert not (tmp_path / "p.dendrite-state.npz").exists()

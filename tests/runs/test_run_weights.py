"""Pinned runs keep their weights: a run's weights are written beside its record while it is
the latest, the best or pinned, the others' are removed; a kept file is read back as hostile
input, and handing it to the session restores that run's trained state."""

import shutil
from datetime import UTC, datetime

import numpy as np

from engine.runs import list_runs, save_run
from engine.runs.record import record_of
from engine.runs.weights import (
    has_weights,
    kept_ids,
    pin_run,
    prune_weights,
    run_state,
    weights_file,
)
from engine.training.state import OK, UNREADABLE
from tests.runs.helpers import recording_session, regression_project, train_once


def _other_run(path, project, val_loss, minute):
    record = record_of(project.name, project.graph, project.data, project.training,
                       {"loss": [1.0], "val_loss": [val_loss]}, {}, "finished", True,
                       datetime(2020, 1, 1, 0, minute, tzinfo=UTC), 1.0)
    save_run(path, record)
    return record


def test_runs_keep_weights_while_latest_best_or_pinned_and_restore_them(tmp_path):
    path = tmp_path / "house.dendrite"
    project = regression_project(path, epochs=1)
    session, _events = recording_session()
    train_once(session, project)
    (trained,) = list_runs(path).records
    assert has_weights(path, trained.id)  # the latest run keeps its weights

    # two older runs (the first the best by validation loss) that had kept weights too
    best = _other_run(path, project, 1e-6, 1)
    other = _other_run(path, project, 1e6, 2)
    for record in (best, other):
        shutil.copyfile(weights_file(path, trained.id), weights_file(path, record.id))
    assert kept_ids(list_runs(path).records) == {trained.id, best.id}
    assert prune_weights(path) == [other.id]
    assert not has_weights(path, other.id) and has_weights(path, best.id)
    assert "kept no weights" in run_state(path, other, project.graph).message

    pin_run(path, list_runs(path).by_id(other.id))  # pinned: nothing to keep any more
    assert list_runs(path).by_id(other.id).pinned

    loaded = run_state(path, trained, trained.project().graph)
    assert loaded.status == OK, loaded.message
    live = session.trainer.model.get_weights()
    assert all(np.array_equal(a, b) for (_, a), b in
               zip(loaded.state.weights, live, strict=True))
    session.reset(project.graph)
    assert not session.is_trained()
    session.load(trained.project(), lambda: loaded)  # what Restore hands the session
    assert session.is_trained() and session.can_continue()
    assert session.history.values["loss"] == trained.history["loss"]

    pin_run(path, list_runs(path).by_id(trained.id))
    weights_file(path, trained.id).write_bytes(b"PK\x03\x04 not a zip at all" * 10)
    refused = run_state(path, trained, trained.project().graph)
    assert refused.status == UNREADABLE
    assert "cannot be read" in refused.message and trained.id in refused.message
    pin_run(path, list_runs(path).by_id(trained.id), pinned=False)
    assert has_weights(path, trained.id)  # still the latest

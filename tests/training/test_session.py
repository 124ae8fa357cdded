"""The training session's rules, without a GUI: what Continue says and does, when the weights
stop fitting the graph, a run that cannot start keeps what was there, and the events say so."""

import ast
from pathlib import Path

from engine.training import RecordingListener, TrainingSession
from engine.training.session import FITS_AGAIN, NO_LONGER_FITS
from engine.training.session_events import IDLE, STALE, STOPPED, TRAINED
from tests.training.helpers import classifier_trainer


class _Project:
    """The parts of a project a session reads."""

    def __init__(self, graph, data=None, training=None):
        self.graph, self.data, self.training, self.path = graph, data or {}, training, None


def trained_session(epochs=2):
    trainer = classifier_trainer({"epochs": epochs})
    session = TrainingSession()
    project = _Project(trainer.graph.copy(), {}, dict(trainer.training_spec))
    session.graph_changed(project.graph)
    events = RecordingListener()
    session.subscribe(events)
    done = session.run(session.request_start(project, trainer.prepared))
    return session, project, trainer.prepared, events, done


def test_continue_is_labelled_with_the_projects_epochs():
    session = TrainingSession()
    assert session.continue_label({"epochs": 5}) == "Continue for 5 more epochs"
    assert session.continue_label({"epochs": 1}) == "Continue for 1 more epoch"
    assert session.continue_label({"epochs": "many"}) == "Continue"
    assert session.state == IDLE and not session.can_continue()


def test_a_run_trains_then_continue_trains_exactly_the_labelled_epochs():
    session, project, prepared, events, done = trained_session(epochs=2)
    assert done.reason == "finished" and session.state == TRAINED
    assert [e.kind for e in events.events][:2] == ["state", "start"]
    assert events.of("results")[0].results.metrics["loss"] > 0
    project.training["epochs"] = 3
    request = session.request_continue(project, prepared)
    assert request.note == "Continuing for 3 more epochs (3-5)."
    done = session.run(request)
    assert done.epoch == 5 and session.epochs_trained == 5


def test_an_edit_makes_the_weights_stale_and_undoing_it_makes_them_fit_again():
    session, project, _prepared, events, _done = trained_session()
    original = project.graph.copy()
    project.graph.set_param("n2", "units", 5)
    session.graph_changed(project.graph)
    assert session.state == STALE and not session.can_continue()
    assert events.of("state")[-1].message == NO_LONGER_FITS
    assert session.request_start(project).note.startswith(
        "A fresh run: the graph changed since the last training")
    session.graph_changed(original)
    assert session.state == TRAINED and session.can_continue()
    assert events.of("state")[-1].message == FITS_AGAIN


def test_a_graph_that_cannot_be_built_is_refused_and_the_last_run_is_kept():
    session, project, prepared, events, _done = trained_session(epochs=2)
    trainer, results = session.trainer, session.results
    project.graph.add_node("Dense", {"units": 4}, "loose", (0, 300), "n9")
    session.graph_changed(project.graph)
    assert session.run(session.request_start(project, prepared)) is None
    refused = events.of("refused")[-1].message
    assert refused.startswith("Cannot start: the graph has errors")
    assert "loose" in refused and refused.endswith("The last training is kept as it was.")
    assert session.trainer is trainer and session.results is results
    assert session.epochs_trained == 2
    project.graph.remove_node("n9")
    session.graph_changed(project.graph)
    assert session.state == TRAINED and session.can_continue()


def test_stop_before_the_first_batch_leaves_a_stopped_session_that_continues():
    trainer = classifier_trainer({"epochs": 50}, n=200)
    session = TrainingSession()
    project = _Project(trainer.graph.copy(), {}, dict(trainer.training_spec))

    def stop_at_first_epoch(event):
        if event.kind == "epoch":
            session.stop()

    session.subscribe(stop_at_first_epoch)
    done = session.run(session.request_start(project, trainer.prepared))
    assert done.reason == "stopped" and session.state == STOPPED
    assert session.can_continue()


def test_the_sidecar_code_does_not_import_the_trainer():
    import engine.training.state as state

    tree = ast.parse(Path(state.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "engine.training.trainer" not in imported  # no state <-> trainer cycle

"""Every training run is recorded beside its project and read back after reopening; a broken
run file is refused by name while the others still list; the diff of two runs names what
changed; `main.py runs` prints them."""

import io
import json
from argparse import Namespace

from engine.commands import runs as runs_command
from engine.project_io import load_project
from engine.runs import list_runs, runs_folder
from engine.runs.diff import graph_diff
from tests.runs.helpers import recording_session, regression_project, train_once


def test_two_runs_with_different_learning_rates_are_listed_after_reopen(tmp_path):
    path = tmp_path / "house.dendrite"
    project = regression_project(path, learning_rate=0.01)
    session, events = recording_session()
    assert train_once(session, project).reason == "finished"
    project.set_setting("training", "optimizer.learning_rate", 0.05)
    train_once(session, project)
    assert len(events.of("run_recorded")) == 2
    assert not (path.read_text().count("history"))  # never inside the project file

    runs = list_runs(load_project(path).path)  # a fresh read, as after reopening
    assert [r.settings()["learning_rate"] for r in runs.records] == [0.01, 0.05]
    for record in runs.records:
        assert record.epochs == 2 and record.reason == "finished"
        assert record.test["loss"] > 0 and len(record.curve("val_loss")) == 2
        assert record.project().graph.by_name("hidden").params["units"] == 8
    assert runs.problems == []

    out = io.StringIO()
    assert runs_command.run(Namespace(file=str(path), diff=None), out, io.StringIO()) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and "learning_rate=0.05" in lines[1] and "test: loss=" in lines[1]
    out = io.StringIO()
    ids = [r.id for r in runs.records]
    assert runs_command.run(Namespace(file=str(path), diff=ids), out, io.StringIO()) == 0
    assert out.getvalue().splitlines() == [
        "changed training: optimizer.learning_rate 0.01 -> 0.05"]


def test_a_broken_run_file_is_named_and_the_others_still_list(tmp_path):
    path = tmp_path / "house.dendrite"
    project = regression_project(path)
    session, _events = recording_session()
    train_once(session, project)
    folder = runs_folder(path)
    (folder / "20260101-000000-dead.json").write_text('{"format": "dendrite-run", "vers')
    good = next(p for p in folder.glob("*.json") if "dead" not in p.name)  # not its weights
    doc = json.loads(good.read_text())
    doc["test"] = {"loss": "low"}
    (folder / "20260101-000001-beef.json").write_text(json.dumps(doc))
    (folder / "20260101-000002-cafe.json").write_text(good.read_text())  # another's id

    runs = list_runs(path)
    assert len(runs.records) == 1
    assert any("dead.json: not valid JSON" in p for p in runs.problems)
    assert any("beef.json: test.loss: expected a number" in p for p in runs.problems)
    assert any("cafe.json: id: the run calls itself" in p for p in runs.problems)
    err = io.StringIO()
    assert runs_command.run(Namespace(file=str(path), diff=None), io.StringIO(), err) == 0
    assert "beef.json" in err.getvalue()


def test_a_run_whose_graph_is_not_a_graph_is_refused(tmp_path):
    path = tmp_path / "house.dendrite"
    regression_project(path)
    folder = runs_folder(path)
    folder.mkdir()
    doc = {"format": "dendrite-run", "version": 1, "id": "x", "started": "2026-11-30T04:00:00",
           "seconds": 1, "reason": "finished", "fresh": True, "graph": {"nodes": "many"},
           "data": {}, "training": {}, "history": {}, "test": {}}
    (folder / "x.json").write_text(json.dumps(doc))
    runs = list_runs(path)
    assert runs.records == [] and "graph.nodes: expected a list" in runs.problems[0]


def test_the_diff_of_two_graphs_names_the_changed_parameter():
    old = {"nodes": [{"id": "n1", "type": "Dense", "name": "hidden", "params": {"units": 8}},
                     {"id": "n2", "type": "Output", "name": "out", "params": {}}],
           "edges": [{"source": "n1", "target": "n2"}]}
    new = {"nodes": [{"id": "n1", "type": "Dense", "name": "hidden", "params": {"units": 16}},
                     {"id": "n3", "type": "Dropout", "name": "drop", "params": {"rate": 0.2}},
                     {"id": "n2", "type": "Output", "name": "out", "params": {}}],
           "edges": [{"source": "n1", "target": "n3"}, {"source": "n3", "target": "n2"}]}
    diff = graph_diff(old, new, {"training": {"optimizer": {"learning_rate": 0.01}}},
                      {"training": {"optimizer": {"learning_rate": 0.05}}})
    lines = diff.lines()
    assert "changed hidden: units 8 -> 16" in lines
    assert "added drop (Dropout)" in lines
    assert "unwired hidden -> out" in lines
    assert "changed training: optimizer.learning_rate 0.01 -> 0.05" in lines
    assert diff.changed_ids() == {"n1", "n3"}


def test_a_headless_run_with_record_joins_the_history(tmp_path):
    from main import main

    path = tmp_path / "house.dendrite"
    regression_project(path)
    assert main(["train", str(path), "--epochs", "2", "--record"]) == 0
    (record,) = list_runs(path).records
    assert record.epochs == 2 and record.test["loss"] > 0


def test_runs_of_the_same_second_list_in_the_order_they_started(tmp_path):
    """Two short runs often start within one second (a busy machine or a tiny dataset); the
    list, the diff and the panel's old/new order must still follow the clock, whatever the
    random tail of the id."""
    from datetime import UTC, datetime, timedelta

    from engine.runs import save_run
    from engine.runs.record import record_of

    path = tmp_path / "house.dendrite"
    project = regression_project(path)
    first = datetime(2026, 11, 30, 6, 0, 0, 100_000, tzinfo=UTC)
    for step, rate in enumerate([0.3, 0.2, 0.1]):
        project.set_setting("training", "optimizer.learning_rate", rate)
        save_run(path, record_of("house", project.graph, project.data, project.training,
                                 {"loss": [1.0]}, None, "finished", True,
                                 first + timedelta(milliseconds=200 * step), 0.1))
    old = json.loads(next(runs_folder(path).iterdir()).read_text())
    old["id"], old["started"] = "20261130-055959-0000", "2026-11-30T05:59:59+00:00"
    old["training"]["optimizer"]["learning_rate"] = 0.9  # a record written before milliseconds
    (runs_folder(path) / "20261130-055959-0000.json").write_text(json.dumps(old))

    runs = list_runs(path)
    assert runs.problems == []
    assert [r.settings()["learning_rate"] for r in runs.records] == [0.9, 0.3, 0.2, 0.1]

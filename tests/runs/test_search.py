"""Searches in a project: ranges and lists round-trip in the file and are checked with clear
messages; a KerasTuner search of 4 trials over units and learning rate records 4 runs, and
applying the best trial sets its values."""

import io
import json
from argparse import Namespace

import pytest

from engine.commands import search as search_command
from engine.project_io import dumps, load_project, parse_project, save_project
from engine.runs import list_runs
from engine.search import SearchSpaceError, apply_values, search_space
from tests.runs.helpers import regression_project

UNITS = {"search": {"min": 4, "max": 16, "step": 4}}
RATES = {"search": [0.003, 0.01, 0.03]}


def _searching(path, units=UNITS, rate=RATES):
    project = regression_project(path)
    project.graph.set_param(project.graph.by_name("hidden").id, "units", units)
    project.set_setting("training", "optimizer.learning_rate", rate)
    save_project(project, path)
    return load_project(path)


def test_a_search_round_trips_in_the_file_and_is_read(tmp_path):
    project = _searching(tmp_path / "s.dendrite")
    again = parse_project(dumps(project))
    assert again.graph.by_name("hidden").params["units"] == UNITS
    assert again.training["optimizer"]["learning_rate"] == RATES
    names = [d.describe() for d in search_space(again)]
    assert names == ["hidden.units from 4 to 16 step 4 (linear)",
                     "training.optimizer.learning_rate in [0.003, 0.01, 0.03]"]


@pytest.mark.parametrize("units, rate, message", [
    ({"search": {"min": 16, "max": 4}}, 0.01, "hidden.units: the range is backwards: min 16 is "
     "greater than max 4"),
    ({"search": {"min": 8, "max": 8}}, 0.01, "hidden.units: the range from 8 to 8 is empty"),
    ({"search": []}, 0.01, "hidden.units: the list of values to try is empty"),
    (8, {"search": {"min": 0.1, "max": 0.01}}, "training.optimizer.learning_rate: the range "
     "is backwards"),
    ({"search": {"min": 0, "max": 8}}, 0.01, "hidden.units: min: expected an integer from 1"),
])
def test_a_bad_search_is_refused_naming_the_place(tmp_path, units, rate, message):
    project = _searching(tmp_path / "s.dendrite", units, rate)
    with pytest.raises(SearchSpaceError) as caught:
        search_space(project)
    assert message in str(caught.value)


def test_a_search_on_a_parameter_that_takes_none_is_refused(tmp_path):
    project = _searching(tmp_path / "s.dendrite")
    source = project.graph.by_name("features").id
    project.graph.set_param(source, "shape", {"search": [[4], [8]]})
    project.set_section("training", {**project.training, "epochs": {"search": [1, 2]}})
    activation = project.graph.by_name("hidden").id
    project.graph.set_param(activation, "activation", {"search": {"min": 1, "max": 2}})
    with pytest.raises(SearchSpaceError) as caught:
        search_space(project)
    text = str(caught.value)
    assert "features.shape: this parameter takes no search" in text
    assert "training.epochs: this parameter takes no search" in text
    assert "hidden.activation: takes one of a list of choices, not a range" in text


def test_a_search_of_four_trials_records_four_runs_and_applies_the_best(tmp_path):
    path = tmp_path / "s.dendrite"
    _searching(path)
    out = io.StringIO()
    code = search_command.run(Namespace(file=str(path), trials=4, epochs=2, tuner="random"),
                              out, io.StringIO())
    assert code == 0, out.getvalue()
    lines = out.getvalue().splitlines()
    trials = [line for line in lines if line.startswith("trial ")]
    assert len(trials) == 4 and "hidden.units=" in trials[0]
    runs = list_runs(path)
    assert len(runs.records) == 4 and all(r.test["loss"] > 0 for r in runs.records)
    recorded = {(r.project().graph.by_name("hidden").params["units"],
                 r.settings()["learning_rate"]) for r in runs.records}
    assert all(units in (4, 8, 12, 16) and rate in (0.003, 0.01, 0.03)
               for units, rate in recorded)

    best_line = next(line for line in lines if line.startswith("best "))
    project = load_project(path)
    from engine.search.tuner import Search

    dimensions = Search(project, 1).dimensions
    values = _values_of(best_line)
    apply_values(project, values, dimensions)
    assert project.graph.by_name("hidden").params["units"] == values["hidden.units"]
    assert project.training["optimizer"]["learning_rate"] == \
        values["training.optimizer.learning_rate"]
    assert search_space(project) == []


def _values_of(best_line: str) -> dict:
    pairs = best_line.split(": ", 1)[1].split("  ")
    return {k: json.loads(v) for k, v in (p.split("=", 1) for p in pairs)}


def test_a_stopped_search_starts_no_more_trials(tmp_path):
    from engine.search.tuner import Search, run_search

    project = _searching(tmp_path / "s.dendrite")
    search = Search(project, 1)
    result = run_search(project, 5, 1, search=search, on_trial=lambda _trial: search.stop())
    assert len(result.trials) == 1 and len(list_runs(project.path).records) == 1

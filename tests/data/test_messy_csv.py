"""Messy CSV data (a Titanic-like passenger list): a row-number id, ticket codes, cabins and
names are left out, a many-valued text column keeps only its frequent categories, each told
with its reason; the project's keep/leave-out lists choose otherwise."""

import numpy as np
import pytest

from engine.data import load_dataset
from engine.data.categorical import OTHER
from engine.data.data_shape import data_shape
from engine.project_io import load_project, save_project
from engine.sections import DATA
from main import main
from tests.data.helpers import make_graph

ROWS = 300
PORTS = ["S", "C", "Q"]
FREQUENT_TOWNS = ["Southampton", "Cherbourg", "Queenstown", "Belfast"]


@pytest.fixture
def passengers(tmp_path):
    rng = np.random.default_rng(0)
    lines = ["PassengerId,Name,Sex,Age,Ticket,Cabin,Town,Embarked,Survived"]
    for i in range(ROWS):
        sex = "female" if rng.random() < 0.4 else "male"
        age = "" if rng.random() < 0.2 else f"{rng.uniform(1, 70):.0f}"
        ticket = f"{'PC ' if i % 7 == 0 else ''}{10000 + (i * 37) % 9973}"
        if i % 10 == 0:
            ticket = "CA 2343"  # a few shared tickets, as in the real list
        cabin = f"{'ABCDEF'[i % 6]}{i % 97}" if rng.random() < 0.25 else ""
        town = (FREQUENT_TOWNS[i % 4] if rng.random() < 0.8
                else f"Village {rng.integers(0, 60)}")
        embarked = "" if i == 61 else PORTS[i % 3]
        survived = int(sex == "female" or rng.random() < 0.15)
        lines.append(f"{i + 1},\"Passenger {i}, Mr.\",{sex},{age},{ticket},{cabin},{town},"
                     f"{embarked},{survived}")
    path = tmp_path / "passengers.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _dataset(path, **overrides):
    return {"source": "csv", "path": path.name, "target": "Survived", **overrides}


def test_ids_tickets_and_cabins_left_out_and_rare_towns_grouped_with_reasons(passengers):
    data = load_dataset(_dataset(passengers), base_dir=passengers.parent)
    names = data.feature_names
    for column in ("PassengerId", "Name", "Ticket", "Cabin"):
        assert not any(n == column or n.startswith(column + "=") for n in names), column
    towns = [n for n in names if n.startswith("Town=")]
    assert sorted(towns) == sorted(f"Town={t}" for t in [*FREQUENT_TOWNS, OTHER])
    assert {"Sex=female", "Sex=male", "Age", "Embarked=S"} <= set(names)
    assert data.x.shape == (ROWS, len(names)) and len(names) < 15
    text = "\n".join(data.report.messages)
    assert "PassengerId: the integers 1 to 300, one per row in order, a row number" in text
    assert "Ticket:" in text and "identifier-like" in text and "Cabin:" in text
    assert "Town:" in text and f"grouped as {OTHER!r}" in text
    assert "Keep columns" in text  # the user is told how to choose otherwise
    assert data.report.counts["grouped_columns"] == 1
    # every grouped row is one-hot in exactly one town column
    town_block = data.x[:, [names.index(t) for t in towns]]
    assert np.all(town_block.sum(axis=1) == 1)


def test_keep_and_leave_out_choose_otherwise(passengers):
    spec = _dataset(passengers, keep_columns=["Ticket", "Town", "PassengerId"],
                    leave_out=["Age"])
    data = load_dataset(spec, base_dir=passengers.parent)
    names = data.feature_names
    tickets = [n for n in names if n.startswith("Ticket=")]
    assert len(tickets) > 100  # every distinct ticket, as asked
    assert "Town=" + OTHER not in names and len([n for n in names if "Town=" in n]) > 10
    assert "PassengerId" in names and "Age" not in names
    assert "Ticket" not in "\n".join(m for m in data.report.messages if "identifier" in m)


def test_shape_without_loading_agrees_with_loading(passengers):
    for extra in ({}, {"keep_columns": ["Ticket"], "leave_out": ["Sex"]}):
        spec = _dataset(passengers, **extra)
        shape = data_shape(spec, passengers.parent)
        loaded = load_dataset(spec, base_dir=passengers.parent)
        assert shape.names() == loaded.feature_names


def test_the_column_lists_are_declared_settings_checked_with_their_place():
    assert DATA.default("dataset.keep_columns") == []
    problems = DATA.problems({"dataset": {"keep_columns": "Ticket"}})
    assert [p.where for p in problems] == ["data.dataset.keep_columns"]
    assert "list of names" in problems[0].message


@pytest.mark.slow
def test_train_command_names_each_column_left_out_or_grouped(passengers, capsys):
    from engine.project import Project

    graph = make_graph([("passenger", None)], [("survived", 2, "softmax",
                                                "sparse_categorical_crossentropy")])
    data = {"dataset": _dataset(passengers), "scaling": "standard",
            "split": {"test": 0.2, "validation": 0.2, "seed": 0}}
    project = Project("passengers", graph, data, {"optimizer": {"name": "adam"},
                                                  "epochs": 1, "batch_size": 32, "seed": 0})
    file = passengers.parent / "passengers.dendrite"
    save_project(project, file)
    assert load_project(file).data["dataset"]["target"] == "Survived"
    assert main(["train", str(file), "--epochs", "1"]) == 0
    out = capsys.readouterr().out
    ruled = [line for line in out.splitlines() if line.startswith("data: ")
             and ("identifier-like" in line or "grouped" in line)]
    assert len(ruled) == 2
    for column in ("PassengerId", "Ticket", "Cabin", "Town"):
        assert any(f"{column}:" in line for line in ruled), column


def test_an_exported_script_encodes_the_columns_as_the_app_does(passengers):
    from engine.export.codegen import generate_code
    from engine.project import Project

    graph = make_graph([("passenger", None)], [("survived", 2, "softmax",
                                                "sparse_categorical_crossentropy")])
    for extra in ({}, {"keep_columns": ["Ticket"], "leave_out": ["Sex"]}):
        spec = _dataset(passengers, **extra)
        spec["path"] = str(passengers)
        project = Project("passengers", graph, {"dataset": spec})
        code = generate_code(project, "functional")
        namespace = {"__name__": "exported"}
        exec(compile(code, "exported.py", "exec"), namespace)  # our own generated code
        x, _targets, _own_test, names = namespace["load_dataset"]()
        app = load_dataset(spec)
        assert names == app.feature_names
        np.testing.assert_allclose(x, app.x, rtol=1e-6)

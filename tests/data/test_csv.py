"""CSV files: text one-hot encoded, missing values filled, id columns left out, all told
with counts; garbage in a number column named with its column and row."""

import numpy as np
import pytest

from engine.data import CsvError, load_dataset


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def houses(tmp_path):
    rows = ["name,rooms,color,age,price"]
    colors = ["red", "blue", "green"]
    for i in range(30):
        rooms = "" if i in (3, 7) else str(2 + i % 4)
        color = "" if i == 5 else colors[i % 3]
        age = "" if i == 11 else str(10 + i)
        rows.append(f"house {i},{rooms},{color},{age},{100 + 7.5 * i}")
    return _write(tmp_path / "houses.csv", "\n".join(rows) + "\n")


def test_text_encoded_missing_filled_id_left_out_with_counts(houses):
    data = load_dataset({"source": "csv", "path": houses.name, "target": "price"},
                        base_dir=houses.parent)
    report = data.report
    assert report.counts["encoded_columns"] == 1
    assert report.counts["filled_values"] == 4
    assert report.counts["filled_columns"] == 3
    assert report.counts["left_out_columns"] == 1
    text = "\n".join(report.messages)
    assert "color (3 categories)" in text
    assert "rooms: 2" in text and "age: 1" in text
    assert "name" in text
    assert data.feature_names == ["rooms", "color=blue", "color=green", "color=red", "age"]
    assert data.x.shape == (30, 5)
    assert not np.isnan(data.x).any()
    assert data.main_target.task == "regression"
    # a filled number is the column's mean
    assert data.x[3, 0] == pytest.approx(np.mean([2 + i % 4 for i in range(30)
                                                  if i not in (3, 7)]))


def test_garbage_in_a_number_column_names_column_and_row(tmp_path):
    lines = ["a,b,y"] + [f"{i},{i * 2},{i % 2}" for i in range(20)]
    lines[7] = "6,twelve,0"  # data row 7
    path = _write(tmp_path / "bad.csv", "\n".join(lines))
    with pytest.raises(CsvError) as caught:
        load_dataset({"source": "csv", "path": str(path), "target": "y"})
    assert caught.value.column == "b"
    assert caught.value.row == 7
    assert "column 'b'" in str(caught.value) and "row 7" in str(caught.value)
    assert "'twelve'" in str(caught.value)


def test_text_target_becomes_classes_and_rows_without_target_are_dropped(tmp_path):
    lines = ["x,label"] + [f"{i},{'cat' if i % 2 else 'dog'}" for i in range(10)] + ["10,"]
    path = _write(tmp_path / "pets.csv", "\n".join(lines))
    data = load_dataset({"source": "csv", "path": str(path), "target": "label"})
    assert data.main_target.class_names == ["cat", "dog"]
    assert len(data.x) == 10
    assert data.report.counts["rows_dropped"] == 1


def test_unknown_target_and_missing_file_are_named(tmp_path):
    path = _write(tmp_path / "t.csv", "a,b\n1,2\n")
    with pytest.raises(CsvError, match="no column 'price'.*a, b"):
        load_dataset({"source": "csv", "path": str(path), "target": "price"})
    with pytest.raises(CsvError, match="does not exist"):
        load_dataset({"source": "csv", "path": str(tmp_path / "nope.csv"), "target": "a"})


@pytest.mark.parametrize("bad", ["inf", "-inf", "1e308"])
def test_an_infinite_or_huge_number_is_refused_naming_column_and_row(tmp_path, bad):
    from engine.data import prepare_data

    lines = ["a,b,y"] + [f"{i},{i * 2},{i * 0.5}" for i in range(20)]
    lines[12] = f"11,{bad},5.5"  # data row 12
    path = _write(tmp_path / "huge.csv", "\n".join(lines))
    spec = {"dataset": {"source": "csv", "path": str(path), "target": "y"},
            "scaling": "standard"}
    with pytest.raises(CsvError) as caught:
        prepare_data(spec)
    assert (caught.value.column, caught.value.row) == ("b", 12)
    assert "column 'b'" in str(caught.value) and "data row 12" in str(caught.value)
    lines[12] = f"11,22,{bad}"  # in the target, too
    _write(path, "\n".join(lines))
    with pytest.raises(CsvError, match="column 'y'.*data row 12"):
        prepare_data(spec)


def _two_targets(tmp_path):
    """A CSV whose second target column happens to be named "target"."""
    lines = ["x1,x2,y,target"] + [f"{i},{i % 3},{i * 0.5},{100 + i}" for i in range(30)]
    return _write(tmp_path / "two.csv", "\n".join(lines))


def _bound(tmp_path, reference):
    from engine.data import bind, prepare_data
    from tests.data.helpers import make_graph

    graph = make_graph([("x", [2])], [("first", 1, "linear", "mse"),
                                      ("second", 1, "linear", "mse")])
    first, second = graph.by_name("first").id, graph.by_name("second").id
    spec = {"dataset": {"source": "csv", "path": str(_two_targets(tmp_path)),
                        "target": ["y", "target"]},
            "targets": {first: "target", second: reference},
            "split": {"test": 0.0, "validation": 0.0, "seed": 1}}
    data = prepare_data(spec)
    return bind(graph, spec, data), data, first, second


def test_a_column_named_target_gets_its_own_values_never_the_first_targets(tmp_path):
    binding, data, first, second = _bound(tmp_path, {"column": "target"})
    assert binding.ok, [p.describe() for p in binding.problems]
    y = binding.y(data, "train")
    assert sorted(y["second"].tolist()) == [float(100 + i) for i in range(30)]
    assert sorted(y["first"].tolist()) == [i * 0.5 for i in range(30)]


def test_target_still_means_the_datasets_own_and_says_so_beside_such_a_column(tmp_path):
    binding, data, first, second = _bound(tmp_path, "target")
    assert binding.ok  # an old file still reads, as it always meant: the first target
    assert binding.outputs[second].target == "y"
    warned = [p.message for p in binding.problems if p.node_id == second]
    assert warned and '{"column": "target"}' in warned[0]
    plain, _, _, _ = _bound(tmp_path, "y")  # an old file naming a column plainly
    assert plain.ok and plain.outputs[second].target == "y"


def test_the_planned_binding_and_exported_scripts_name_the_same_columns(tmp_path):
    from engine.data.columns import planned_target_key

    spec = {"source": "csv", "path": str(_two_targets(tmp_path)), "target": ["y", "target"]}
    assert planned_target_key("target", spec) == "y"
    assert planned_target_key({"column": "target"}, spec) == "target"
    assert planned_target_key("y", spec) == "y"
    assert planned_target_key("target", {"source": "sklearn", "name": "iris"}) == "target"

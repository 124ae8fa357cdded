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

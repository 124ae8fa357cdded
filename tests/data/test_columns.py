import numpy as np
import pytest

from engine.data import ColumnSpecError, describe_columns, parse_columns


def test_seed_ranges_for_wide_and_deep():
    assert list(parse_columns("0-4", 8)) == [0, 1, 2, 3, 4]
    assert list(parse_columns(["2-7"], 8)) == [2, 3, 4, 5, 6, 7]
    assert list(parse_columns([0, 1, 2, 3, 4], 8)) == [0, 1, 2, 3, 4]
    assert list(parse_columns("all", 3)) == [0, 1, 2]
    assert list(parse_columns("0, 2-3", 5)) == [0, 2, 3]
    assert list(parse_columns(["MedInc"], 2, ["HouseAge", "MedInc"])) == [1]


def test_bad_columns_say_why():
    with pytest.raises(ColumnSpecError, match=r"column 9 does not exist: .*8 columns \(0-7\)"):
        parse_columns([9], 8)
    with pytest.raises(ColumnSpecError, match="backwards"):
        parse_columns("5-2", 8)
    with pytest.raises(ColumnSpecError, match="neither"):
        parse_columns(["price"], 8)


def test_describe_columns_joins_runs():
    assert describe_columns(np.array([0, 1, 2, 5, 7, 8])) == "0-2, 5, 7-8"

"""Splits with a seed, scaling fitted on the training split only, previews and counts."""

import numpy as np
import pytest

from engine.data import DataError, load_dataset, prepare_data
from tests.data.helpers import prepared, table


def test_splits_follow_the_seed_like_train_test_split_twice():
    from sklearn.model_selection import train_test_split

    data = table(n=100)
    ready = prepared(data, split={"test": 0.25, "validation": 0.25, "seed": 42})
    x_full, x_test = train_test_split(data.x, test_size=0.25, random_state=42)
    x_train, x_valid = train_test_split(x_full, test_size=0.25, random_state=42)
    assert np.array_equal(ready.splits["test"].x, x_test)
    assert np.array_equal(ready.splits["validation"].x, x_valid)
    assert np.array_equal(ready.splits["train"].x, x_train)
    other = prepared(data, split={"test": 0.25, "validation": 0.25, "seed": 7})
    assert not np.array_equal(other.splits["test"].x, x_test)


def test_zero_fractions_leave_the_split_out():
    ready = prepared(table(n=20), split={"test": 0, "validation": 0, "seed": 0})
    assert list(ready.splits) == ["train"]
    assert ready.shapes() == {"train": (20, 8)}


def test_standard_scaling_is_fitted_on_the_training_split_only():
    data = table(n=200)
    data.x[:, 0] += 5.0
    ready = prepared(data, scaling="standard")
    train, test = ready.splits["train"].x, ready.splits["test"].x
    assert np.allclose(train.mean(axis=0), 0, atol=1e-5)
    assert np.allclose(train.std(axis=0), 1, atol=1e-4)
    assert not np.allclose(test.mean(axis=0), 0, atol=1e-5)
    assert ready.splits["train"].x.dtype == np.float32


def test_bad_scaling_and_split_are_named():
    with pytest.raises(DataError, match="data.scaling: unknown scaling 'minmax'"):
        prepare_data({"scaling": "minmax"}, dataset=table())
    with pytest.raises(DataError, match="data.split.test"):
        prepare_data({"split": {"test": 1.5}}, dataset=table())
    with pytest.raises(DataError, match="no dataset is chosen"):
        prepare_data({})


def test_class_counts_and_table_preview_of_iris():
    ready = prepare_data({"dataset": {"source": "sklearn", "name": "iris"},
                          "split": {"test": 0.2, "validation": 0, "seed": 0}})
    counts = ready.class_counts("train")
    assert set(counts) == {"setosa", "versicolor", "virginica"}
    assert sum(counts.values()) == 120
    preview = ready.preview(3)
    assert preview.columns[-1] == "target"
    assert preview.columns[0] == "sepal length (cm)"
    assert preview.rows[0][-1] == "setosa"
    assert len(preview.rows) == 3
    assert ready.class_names == ["setosa", "versicolor", "virginica"]


def test_regression_has_no_class_counts():
    ready = prepare_data({"dataset": {"source": "sklearn", "name": "diabetes"}})
    assert ready.class_counts() == {}
    assert ready.task == "regression"
    assert load_dataset({"source": "sklearn", "name": "diabetes"}).x.shape == (442, 10)

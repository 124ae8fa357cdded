"""Synthetic sets and scikit-learn's sets: what a user picks in the dataset list."""

import numpy as np
import pytest

from engine.data import DataError, DatasetUnavailable, load_dataset
from engine.data.sklearn_sets import CALIFORNIA_FILE


def test_xor_with_four_samples_is_the_truth_table():
    data = load_dataset({"source": "synthetic", "name": "xor", "samples": 4})
    rows = {tuple(x): int(y) for x, y in zip(data.x, data.main_target.values, strict=True)}
    assert rows == {(0.0, 0.0): 0, (0.0, 1.0): 1, (1.0, 0.0): 1, (1.0, 1.0): 0}


@pytest.mark.parametrize("name, rule", [("and", lambda a, b: a & b), ("or", lambda a, b: a | b),
                                        ("xor", lambda a, b: a ^ b)])
def test_noisy_gates_lie_around_the_corners_with_the_gate_label(name, rule):
    data = load_dataset({"source": "synthetic", "name": name, "samples": 300, "noise": 0.1,
                         "seed": 3})
    corners = np.round(data.x).astype(int)
    expected = [rule(a, b) for a, b in corners]
    assert data.x.shape == (300, 2)
    assert np.mean(np.array(expected) == data.main_target.values) > 0.99
    assert not np.allclose(data.x, corners)  # there is noise


def test_same_seed_same_points_other_seed_other_points():
    spec = {"source": "synthetic", "name": "moons", "samples": 50, "noise": 0.2, "seed": 1}
    a, b = load_dataset(spec), load_dataset(spec)
    c = load_dataset({**spec, "seed": 2})
    assert np.array_equal(a.x, b.x)
    assert not np.array_equal(a.x, c.x)


def test_regression_set_is_continuous_and_blobs_have_three_classes():
    reg = load_dataset({"source": "synthetic", "name": "regression", "samples": 40, "seed": 0})
    blobs = load_dataset({"source": "synthetic", "name": "blobs", "samples": 60, "seed": 0})
    assert reg.main_target.task == "regression"
    assert blobs.main_target.class_names == ["0", "1", "2"]


def test_unknown_dataset_names_the_choices():
    with pytest.raises(DataError, match="no synthetic dataset 'spiral'.*xor"):
        load_dataset({"source": "synthetic", "name": "spiral"})
    with pytest.raises(DataError, match="unknown source 'web'"):
        load_dataset({"source": "web", "name": "x"})


@pytest.mark.parametrize("name, classes, features", [("iris", 3, 4), ("digits", 10, 64),
                                                     ("wine", 3, 13),
                                                     ("breast_cancer", 2, 30)])
def test_bundled_classification_sets_load_offline_with_class_names(name, classes, features):
    data = load_dataset({"source": "sklearn", "name": name})
    assert data.main_target.n_classes == classes
    assert data.x.shape[1] == features == len(data.feature_names)


def test_diabetes_is_a_regression_set():
    data = load_dataset({"source": "sklearn", "name": "diabetes"})
    assert data.main_target.task == "regression"
    assert data.main_target.class_names is None


def test_california_without_cache_or_network_says_where_to_put_the_file(tmp_path,
                                                                         monkeypatch):
    import sklearn.datasets._california_housing as cal

    def no_network(*args, **kwargs):
        raise OSError("network is unreachable")

    monkeypatch.setenv("SCIKIT_LEARN_DATA", str(tmp_path))
    monkeypatch.setattr(cal, "_fetch_remote", no_network)
    with pytest.raises(DatasetUnavailable) as caught:
        load_dataset({"source": "sklearn", "name": "california_housing"})
    message = str(caught.value)
    assert "California housing" in message
    assert CALIFORNIA_FILE in message
    assert str(tmp_path) in message
    assert "network is unreachable" in message

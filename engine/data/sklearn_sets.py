"""scikit-learn's datasets: the bundled ones (offline) and California housing (its own
fetcher and cache, `$SCIKIT_LEARN_DATA` or ~/scikit_learn_data)."""

from __future__ import annotations

import numpy as np

from engine.data.dataset import CLASSIFICATION, MAIN_TARGET, REGRESSION, Dataset, Target
from engine.data.errors import DatasetUnavailable

BUNDLED = ("iris", "digits", "wine", "breast_cancer", "diabetes")
DOWNLOADED = ("california_housing",)
NAMES = BUNDLED + DOWNLOADED
CALIFORNIA_FILE = "cal_housing_py3.pkz"
# columns of each set, known without loading it (tests compare them with the loaded sets)
FEATURE_COUNTS = {"iris": 4, "digits": 64, "wine": 13, "breast_cancer": 30, "diabetes": 10,
                  "california_housing": 8}


def load(name: str, as_images: bool = False) -> Dataset:
    """The set as scikit-learn gives it; digits `as_images` is (n, 8, 8, 1), one channel."""
    from sklearn import datasets

    if name == "california_housing":
        bunch = _fetch_california(datasets)
        return _from_bunch(name, bunch, REGRESSION)
    loader = getattr(datasets, f"load_{name}")
    bunch = loader()
    task = REGRESSION if name == "diabetes" else CLASSIFICATION
    found = _from_bunch(name, bunch, task)
    if as_images and name == "digits":
        found.x = found.x.reshape(len(found.x), 8, 8, 1)
        found.description += ", as 8x8x1 images"
    return found


def california_cache_dir():
    """The folder scikit-learn's fetcher reads (honours SCIKIT_LEARN_DATA)."""
    from sklearn.datasets import get_data_home

    return get_data_home()


def _fetch_california(datasets):
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "Retry downloading from url"
            return datasets.fetch_california_housing(download_if_missing=True, n_retries=1,
                                                     delay=0.5)
    except Exception as exc:  # any download failure: no network, refused host, bad file
        raise DatasetUnavailable("California housing", CALIFORNIA_FILE,
                                 california_cache_dir(), _reason(exc)) from exc


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) < 120 else text[:117] + "..."


def _from_bunch(name: str, bunch, task: str) -> Dataset:
    x = np.asarray(bunch.data, dtype=np.float64)
    y = np.asarray(bunch.target)
    names = getattr(bunch, "feature_names", None)
    features = ([str(f) for f in names] if names is not None
                else [f"x{i}" for i in range(x.shape[1])])
    if task == CLASSIFICATION:
        names = getattr(bunch, "target_names", None)
        classes = ([str(c) for c in names] if names is not None
                   else [str(c) for c in np.unique(y)])
        target = Target(y.astype(np.int64), task, classes)
    else:
        target = Target(y.astype(np.float64), task)
    return Dataset(name, x, {MAIN_TARGET: target}, features,
                   description=f"scikit-learn {name}: {x.shape[0]} samples, "
                               f"{x.shape[1]} features")

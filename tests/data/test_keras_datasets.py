"""Fashion-MNIST through Keras's real loader and cache layout, on a tiny file set made here;
and the message when there is no cache and no network (the download is made to fail)."""

import gzip
import struct
import urllib.error

import numpy as np
import pytest

from engine.data import DatasetUnavailable, load_dataset, prepare_data


def _write_idx_images(path, images):
    header = struct.pack(">IIII", 2051, len(images), 28, 28)
    with gzip.open(path, "wb") as handle:
        handle.write(header + images.astype(np.uint8).tobytes())


def _write_idx_labels(path, labels):
    with gzip.open(path, "wb") as handle:
        handle.write(struct.pack(">II", 2049, len(labels)) + labels.astype(np.uint8).tobytes())


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    """A temporary KERAS_HOME; Keras reads the variable once at import, so its module
    setting is pointed there too."""
    from engine.keras_setup import keras

    keras()
    import keras.src.backend.config as config

    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setattr(config, "_KERAS_DIR", str(tmp_path))
    return tmp_path


def test_tiny_fashion_mnist_loads_through_keras_loader(keras_home):
    folder = keras_home / "datasets" / "fashion-mnist"
    folder.mkdir(parents=True)
    rng = np.random.default_rng(0)
    train_images = rng.integers(0, 256, (12, 28, 28))
    test_images = rng.integers(0, 256, (4, 28, 28))
    train_labels = np.arange(12) % 10
    test_labels = np.array([9, 0, 1, 2])
    _write_idx_images(folder / "train-images-idx3-ubyte.gz", train_images)
    _write_idx_labels(folder / "train-labels-idx1-ubyte.gz", train_labels)
    _write_idx_images(folder / "t10k-images-idx3-ubyte.gz", test_images)
    _write_idx_labels(folder / "t10k-labels-idx1-ubyte.gz", test_labels)

    data = load_dataset({"source": "keras", "name": "fashion_mnist"})
    assert data.x.shape == (12, 28, 28)
    assert np.array_equal(data.x, train_images)
    assert np.array_equal(data.x_test, test_images)
    assert data.main_target.class_names[9] == "Ankle boot"

    prepared = prepare_data({"dataset": {"source": "keras", "name": "fashion_mnist"},
                             "scaling": "divide255",
                             "split": {"test": 0.5, "validation": 0.25, "seed": 1}},
                            dataset=data)
    assert prepared.shapes() == {"train": (9, 28, 28), "validation": (3, 28, 28),
                                 "test": (4, 28, 28)}  # its own test split is kept
    assert prepared.splits["train"].x.max() <= 1.0
    preview = prepared.preview(3)
    assert preview.images.shape == (3, 28, 28)
    assert preview.labels == ["T-shirt/top", "Trouser", "Pullover"]


def test_no_cache_and_no_network_names_dataset_file_and_folder(keras_home, monkeypatch):
    import keras.src.utils.file_utils as file_utils

    def refuse(url, *args, **kwargs):
        raise urllib.error.URLError("no network here")

    monkeypatch.setattr(file_utils, "urlretrieve", refuse)
    with pytest.raises(DatasetUnavailable) as caught:
        load_dataset({"source": "keras", "name": "fashion_mnist"})
    message = str(caught.value)
    assert "Fashion-MNIST" in message
    assert "train-images-idx3-ubyte.gz" in message
    assert str(keras_home / "datasets" / "fashion-mnist") in message
    assert not any((keras_home / "datasets" / "fashion-mnist").glob("*.gz"))

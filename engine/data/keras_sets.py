"""Fashion-MNIST and MNIST through Keras's own loaders and cache
(`$KERAS_HOME/datasets`, default ~/.keras/datasets). They come with their own test split."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from engine.data.dataset import CLASSIFICATION, MAIN_TARGET, Dataset, Target
from engine.data.errors import DatasetUnavailable

NAMES = ("fashion_mnist", "mnist")
IMAGE_SHAPE = (28, 28)  # of every image of both sets, known without loading them

FASHION_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                   "Sneaker", "Bag", "Ankle boot"]
# what each loader looks for, relative to $KERAS_HOME/datasets
CACHE_FILES = {
    "fashion_mnist": ("fashion-mnist", "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
                      "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz"),
    "mnist": ("", "mnist.npz"),
}
TITLES = {"fashion_mnist": "Fashion-MNIST", "mnist": "MNIST"}


def keras_cache_dir() -> Path:
    """The folder Keras's loaders read: $KERAS_HOME/datasets (default ~/.keras/datasets).
    Keras reads KERAS_HOME once, when it is imported; once loaded, ask Keras."""
    import sys

    config = sys.modules.get("keras.src.backend.config")
    home = getattr(config, "keras_home", None)
    if home is not None:
        return Path(home()) / "datasets"
    default = os.path.join(os.path.expanduser("~"), ".keras")
    return Path(os.environ.get("KERAS_HOME") or default) / "datasets"


def pixel_names(shape: tuple[int, int]) -> list[str]:
    h, w = shape
    return [f"pixel_{r}_{c}" for r in range(h) for c in range(w)]


def load(name: str, as_images: bool = False) -> Dataset:
    """The set with its own test split; `as_images` adds the channel axis: (n, 28, 28, 1)."""
    from engine.keras_setup import keras as _keras

    module = getattr(_keras().datasets, name)
    folder, files = CACHE_FILES[name]
    try:
        (x_train, y_train), (x_test, y_test) = module.load_data()
    except Exception as exc:  # any download failure: no network, refused host, bad file
        text = str(exc) or type(exc).__name__
        raise DatasetUnavailable(TITLES[name], files, keras_cache_dir() / folder,
                                 text if len(text) < 120 else text[:117] + "...") from exc
    classes = FASHION_CLASSES if name == "fashion_mnist" else [str(i) for i in range(10)]
    target = Target(np.asarray(y_train, np.int64), CLASSIFICATION, list(classes),
                    test_values=np.asarray(y_test, np.int64))
    h, w = x_train.shape[1:]
    features = pixel_names((h, w))
    x_train, x_test = np.asarray(x_train), np.asarray(x_test)
    if as_images:
        x_train, x_test = x_train[..., None], x_test[..., None]
    return Dataset(name, x_train, {MAIN_TARGET: target}, features, x_test=x_test,
                   description=f"Keras {TITLES[name]}: {len(x_train)} training and "
                               f"{len(x_test)} test images of {h}x{w}")

"""The one place TensorFlow and Keras are imported, quietly and only when first needed."""

from __future__ import annotations

import os
import threading

_lock = threading.Lock()


def keras():
    """Imports Keras (TensorFlow backend) on first use and returns the module."""
    with _lock:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        os.environ.setdefault("KERAS_BACKEND", "tensorflow")
        import keras as _keras

        return _keras


def tensorflow():
    keras()
    import tensorflow as tf

    return tf


def versions() -> str:
    """Loads TensorFlow and Keras and says which they are: "TensorFlow 2.20.0, Keras 3.15.1"."""
    tf, loaded_keras = tensorflow(), keras()
    return f"TensorFlow {tf.__version__}, Keras {loaded_keras.__version__}"


def is_loaded() -> bool:
    import sys

    return "keras" in sys.modules and "tensorflow" in sys.modules

"""The keras-io functional API guide's models, imported and exported back to .keras, with the
same report as bench_applications.py: KerasLayer boxes, totals, config, predictions, time.

- the multi-input, multi-output ticket model (title, body and tags in; priority and
  department out, as a dict), as the guide writes it (variable-length text) and with fixed
  lengths (Dendrite's inputs have a fixed sample shape);
- the toy ResNet (CIFAR-10 sized, two residual additions);
- the shared layer (one Embedding for two text inputs);
- and, beyond the guide, a sequence model with attention and an LSTM's states as outputs.

    uv run python benchmarks/bench_guide_models.py
"""

from __future__ import annotations

import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from bench_applications import measure_model, print_rows  # noqa: E402

from engine.keras_setup import keras as _keras  # noqa: E402

RNG = np.random.default_rng(0)


def ticket_model(keras, title_len=None, body_len=None):
    """The guide's ticket classifier (10,000 words, 12 tags, 4 departments)."""
    layers = keras.layers
    title = keras.Input(shape=(title_len,), name="title")
    body = keras.Input(shape=(body_len,), name="body")
    tags = keras.Input(shape=(12,), name="tags")
    title_features = layers.LSTM(128)(layers.Embedding(10000, 64)(title))
    body_features = layers.LSTM(32)(layers.Embedding(10000, 64)(body))
    x = layers.concatenate([title_features, body_features, tags])
    priority = layers.Dense(1, name="priority")(x)
    department = layers.Dense(4, name="department")(x)
    model = keras.Model(inputs=[title, body, tags],
                        outputs={"priority": priority, "department": department})
    inputs = [RNG.integers(0, 10000, (2, title_len or 10)).astype("float32"),
              RNG.integers(0, 10000, (2, body_len or 100)).astype("float32"),
              RNG.integers(0, 2, (2, 12)).astype("float32")]
    return model, inputs


def toy_resnet(keras):
    layers = keras.layers
    inputs = keras.Input(shape=(32, 32, 3), name="img")
    x = layers.Conv2D(32, 3, activation="relu")(inputs)
    x = layers.Conv2D(64, 3, activation="relu")(x)
    block_1_output = layers.MaxPooling2D(3)(x)
    x = layers.Conv2D(64, 3, activation="relu", padding="same")(block_1_output)
    x = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
    block_2_output = layers.add([x, block_1_output])
    x = layers.Conv2D(64, 3, activation="relu", padding="same")(block_2_output)
    x = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
    block_3_output = layers.add([x, block_2_output])
    x = layers.Conv2D(64, 3, activation="relu")(block_3_output)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dense(256, activation="relu")(x)
    x = layers.Dropout(0.5)(x)
    outputs = layers.Dense(10)(x)
    return keras.Model(inputs, outputs, name="toy_resnet"), RNG.uniform(0, 1, (2, 32, 32, 3))


def shared_layer(keras):
    shared_embedding = keras.layers.Embedding(1000, 128)
    text_a = keras.Input(shape=(20,), dtype="int32")
    text_b = keras.Input(shape=(20,), dtype="int32")
    joined = keras.layers.concatenate([shared_embedding(text_a), shared_embedding(text_b)])
    outputs = keras.layers.Dense(1)(keras.layers.GlobalAveragePooling1D()(joined))
    return keras.Model([text_a, text_b], outputs), [RNG.integers(0, 1000, (2, 20))] * 2


def attention_states(keras):
    layers = keras.layers
    words = keras.Input(shape=(16,), dtype="int32", name="words")
    x = layers.Embedding(5000, 32)(words)
    x = layers.MultiHeadAttention(4, 8)(x, x, use_causal_mask=True)
    _, h, c = layers.LSTM(16, return_state=True)(x)
    out = layers.Dense(3, activation="softmax")(layers.concatenate([h, c]))
    return keras.Model(words, out, name="attention_states"), RNG.integers(0, 5000, (2, 16))


MODELS = {
    "ticket model (as in the guide)": lambda k: ticket_model(k),
    "ticket model (title 10, body 100 words)": lambda k: ticket_model(k, 10, 100),
    "toy ResNet": toy_resnet,
    "shared Embedding": shared_layer,
    "attention + LSTM states": attention_states,
}


def main() -> None:
    keras = _keras()
    print(f"# {platform.node()} {platform.processor() or platform.machine()}, "
          f"{time.strftime('%Y-%m-%d %H:%M')}, Keras {keras.__version__}")

    def rows(folder: Path):
        for index, (name, build) in enumerate(MODELS.items()):
            keras.backend.clear_session()
            model, inputs = build(keras)
            row = measure_model(f"model_{index}", model, inputs, folder)
            row["model"] = name
            yield row

    with tempfile.TemporaryDirectory() as tmp:
        print_rows(rows(Path(tmp)))


if __name__ == "__main__":
    main()

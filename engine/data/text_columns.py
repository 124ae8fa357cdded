"""CSV text columns read as word sequences: each column named in `data.dataset.text_columns`
becomes `sequence_length` token columns (`review[0]`, `review[1]`, ...), the word numbers of a
`keras.layers.TextVectorization` with `max_tokens` words, adapted on the training split only.

Project keys (in `data.dataset`, beside `path` and `target`):

    "text_columns": ["review"],   # CSV columns read as text (not one-hot categories)
    "max_tokens": 1000,           # vocabulary size, 0 (padding) and 1 (unknown word) included
    "sequence_length": 20         # words kept per text (padded with 0, longer ones cut)

An Input bound to a text column's token columns (by the column's name, e.g. "review", or
"all" when it is the only feature) gets the shape (sequence_length,), the input of an
`Embedding` with `input_dim` = max_tokens. With text columns `data.scaling` may be "none" or
"standard", which scales the number columns only: word numbers stay whole numbers
(engine.data.prepare); "divide255" is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.data.errors import DataError
from engine.sections import DATA


@dataclass(frozen=True)
class TextPlan:
    columns: tuple[str, ...]
    max_tokens: int
    sequence_length: int

    def names(self, column: str) -> list[str]:
        return token_names(column, self.sequence_length)


def token_names(column: str, length: int) -> list[str]:
    return [f"{column}[{i}]" for i in range(length)]


def plan(spec: dict | None) -> TextPlan | None:
    """The text columns a `data.dataset` spec asks for, or None; DataError for a bad value."""
    spec = spec if isinstance(spec, dict) else {}
    columns = spec.get("text_columns") or []
    if not isinstance(columns, list | tuple) or not all(isinstance(c, str) for c in columns):
        raise DataError(f"data.dataset.text_columns: expected a list of column names, got "
                        f"{columns!r}")
    if not columns:
        return None
    values = {}
    for key in ("max_tokens", "sequence_length"):
        field = DATA.field(f"dataset.{key}")
        value = spec.get(key, field.default)
        problem = field.check(value)
        if problem or value is None:
            raise DataError(f"data.dataset.{key}: {problem or 'give a number'}")
        values[key] = int(value)
    return TextPlan(tuple(dict.fromkeys(columns)), values["max_tokens"],
                    values["sequence_length"])


def key(text: TextPlan | None):
    """A hashable form (for caches)."""
    return None if text is None else (text.columns, text.max_tokens, text.sequence_length)


STANDARDIZE, SPLIT = "lower_and_strip_punctuation", "whitespace"  # how texts become words


def text_layer(max_tokens: int, length: int, vocabulary: list[str] | None = None,
               name: str | None = None):
    """The app's TextVectorization (to adapt), or with `vocabulary` (the app's adapted one)
    the same layer for an exported model: one set of settings for both."""
    from engine.keras_setup import keras as _keras

    return _keras().layers.TextVectorization(
        max_tokens=max_tokens, output_sequence_length=length, standardize=STANDARDIZE,
        split=SPLIT, vocabulary=vocabulary, name=name)


def _adapted(train: np.ndarray, max_tokens: int, length: int):
    layer = text_layer(max_tokens, length)
    layer.adapt(np.asarray(train, dtype=object).astype(str))
    return layer


def vocabulary(train: np.ndarray, max_tokens: int, length: int) -> list[str]:
    """The vocabulary `vectorize` adapts on the `train` texts ("" and "[UNK]" first)."""
    return [str(w) for w in _adapted(train, max_tokens, length).get_vocabulary()]


def vectorize(train: np.ndarray, splits: list[np.ndarray], max_tokens: int,
              length: int) -> tuple[list[np.ndarray], list[str]]:
    """Word numbers (float32, (n, length)) of each of `splits`' texts, with a vocabulary
    adapted on the `train` texts; and the vocabulary."""
    layer = _adapted(train, max_tokens, length)
    found = []
    for texts in splits:
        if len(texts) == 0:
            found.append(np.zeros((0, length), np.float32))
            continue
        tokens = layer(np.asarray(texts, dtype=object).astype(str))
        found.append(np.asarray(tokens, dtype=np.float32).reshape(len(texts), length))
    return found, [str(w) for w in layer.get_vocabulary()]

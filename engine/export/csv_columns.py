"""A CSV project's column encoding put inside the exported model, so that the model eats a
raw row as a dict of columns: one named Keras input per CSV column, a text column through a
`StringLookup` (its one-hot block as the app encodes it), a number column with gaps filled by
`keras.ops.where(keras.ops.isnan(x), fill, x)` (plain Keras ops: they save and load with
`.keras` files; `.h5` gets the same filling from built-in layers only), then the columns in
the app's feature order. A column read as words (`data.dataset.text_columns`) goes through a
`TextVectorization` holding the app's adapted vocabulary and settings, its word numbers made
float32 by a fixed Embedding (row i holds i: exact, and built-in, so `.h5` reads it too), as
the app feeds them. ONNX and LiteRT files get the same encoding written in their own
operators in front of the numeric model (engine.export.raw_columns_serving); words have none
there (string regex and split ops), so those formats refuse them (`words_refusal`).

The vocabulary and the fill values are read from what the app's data loading did
(engine.data.csv_source), never computed a second time: a number column's fill is the value
the app put in one of its gaps, a text column's the category the app gave one of its gaps.
A words column's vocabulary (the app keeps none) is adapted by the app's own function
(engine.data.text_columns.vocabulary) on the same training texts; the check right after
writing (engine.export.verify) compares the predictions on raw texts with the app's."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine.export.identifiers import identifier
from engine.export.weights import ExportError

NUMBERS, TEXT, WORDS = "numbers", "text", "words"  # WORDS: a text column read as words
MISSING_TEXT = ""  # how a raw row gives a text column's missing value


@dataclass
class RawColumn:
    """One CSV feature column and what the model does with it."""

    header: str  # the column's name in the file
    input_name: str  # the exported model's input for it
    kind: str  # NUMBERS, TEXT or WORDS
    features: list[int]  # its positions among the app's feature columns
    fill: float | None = None  # numbers: what a gap becomes (None: the file had no gaps)
    categories: list[str] = field(default_factory=list)  # text, in the app's order
    fill_category: int | None = None  # text: the category a gap becomes (None: no gaps)
    other: int | None = None  # text grouped by the app: the category every unlisted text is
    vocabulary: list[str] = field(default_factory=list)  # words: the app's, "" and "[UNK]" first
    length: int = 0  # words: word numbers per text
    max_tokens: int = 0  # words: the project's vocabulary limit

    def describe(self, fmt: str = "keras") -> str:
        if self.kind == WORDS:
            from engine.export.input_preprocessing import words_words

            return words_words(self.header, len(self.vocabulary), self.length)
        if self.kind == TEXT:
            gap = ("" if self.fill_category is None
                   else f", a gap -> {self.categories[self.fill_category]!r}")
            return (f"{self.header}: text, {text_encoder(fmt)} one-hot of "
                    f"{len(self.categories)}{gap}")
        gap = "" if self.fill is None else f", a gap (NaN) -> {self.fill:.6g}"
        return f"{self.header}: number{gap}"

    def lookup(self) -> tuple[list[str], np.ndarray]:
        """A text column's encoding as (keys, rows): the texts it knows (MISSING_TEXT for
        a gap when the file had gaps) and a 0/1 matrix with one row per key, then one row
        for any other text, giving the app's one-hot of `categories`. An unknown text gets
        nothing (the app's OneHotEncoder ignores it), or "(other)" for a grouped column."""
        k = len(self.categories)
        listed = [i for i in range(k) if i != self.other]
        keys = [self.categories[i] for i in listed]
        gaps = self.fill_category is not None and MISSING_TEXT not in keys
        rows = np.zeros((len(keys) + gaps + 1, k), dtype=np.float32)
        rows[np.arange(len(keys)), listed] = 1.0
        if gaps:
            keys.append(MISSING_TEXT)
            rows[len(keys) - 1, self.fill_category] = 1.0
        if self.other is not None:
            rows[-1, self.other] = 1.0
        return keys, rows


@dataclass
class CsvColumns:
    """The raw columns of a CSV project, in file order, and how many features they give."""

    columns: list[RawColumn]
    n_features: int

    @property
    def gap_columns(self) -> list[str]:
        return [c.header for c in self.columns if c.kind == NUMBERS and c.fill is not None]

    @property
    def text_columns(self) -> list[str]:
        return [c.header for c in self.columns if c.kind == TEXT]

    @property
    def word_columns(self) -> list[str]:
        return [c.header for c in self.columns if c.kind == WORDS]

    def describe(self, fmt: str = "keras") -> str:
        return "; ".join(c.describe(fmt) for c in self.columns)

    def raw_rows(self, dataset_spec: dict, base, rows: np.ndarray) -> dict[str, np.ndarray]:
        """The file's data rows `rows` (positions among the rows with a target) as the
        exported model takes them: numbers float32 (NaN for a gap), text as strings ("" for
        a gap), each shaped (rows, 1)."""
        from engine.data.csv_source import _read
        from engine.data.sources import csv_path

        frame, _names, _report = _read(Path(csv_path(dataset_spec, base)),
                                       dataset_spec.get("target"))
        picked = frame.iloc[np.asarray(rows, dtype=np.int64)]
        found = {}
        for column in self.columns:
            values = picked[column.header]
            if column.kind == NUMBERS:
                import pandas as pd

                numbers = pd.to_numeric(values, errors="coerce").to_numpy(np.float32)
                found[column.input_name] = numbers.reshape(-1, 1)
            else:
                texts = [MISSING_TEXT if v is None or (isinstance(v, float) and np.isnan(v))
                         else str(v) for v in values.astype(object)]
                found[column.input_name] = np.asarray(texts, dtype=object).reshape(-1, 1)
        return found

    def hint_note(self, fmt: str) -> str:
        """How to feed the raw columns to a `fmt` file, as a comment for the loading hint."""
        text = ", ".join(repr(c.input_name) for c in self.columns if c.kind != NUMBERS)
        return ("# one input per CSV column, shaped (rows, 1): numbers float32 with NaN for "
                "a gap" + (f"; text ({text}) {text_feed(fmt)}, '' for a gap" if text else "")
                + "\n")

    def keras_inputs(self) -> dict:
        """A fresh named Keras input per column (float32 or string, one value a row)."""
        from engine.keras_setup import keras as _keras

        keras = _keras()
        return {c.input_name: keras.Input(shape=(1,), name=c.input_name,
                                          dtype="float32" if c.kind == NUMBERS else "string")
                for c in self.columns}

    def encode(self, inputs: dict, taken: set[str], layers_only: bool = False):
        """The app's feature columns, (batch, n_features) float32, from `keras_inputs()`;
        `layers_only`: gaps filled with built-in layers (for `.h5`), not Keras ops."""
        from engine.keras_setup import keras as _keras

        keras = _keras()
        blocks = [self._encode_one(keras, c, inputs[c.input_name], taken, layers_only)
                  for c in self.columns]
        if len(blocks) == 1:
            return blocks[0]
        return keras.layers.Concatenate(name=fresh_layer_name("csv_features", taken))(blocks)

    def _encode_one(self, keras, column: RawColumn, tensor, taken: set[str],
                    layers_only: bool):
        if column.kind == NUMBERS:
            if column.fill is None:
                return tensor
            if layers_only:
                return _fill_with_layers(keras, column, tensor, taken)
            ops = keras.ops
            return ops.where(ops.isnan(tensor), np.float32(column.fill), tensor)
        if column.kind == WORDS:
            return _words(keras, column, tensor, taken)
        keys, rows = column.lookup()
        lookup = keras.layers.StringLookup(
            vocabulary=keys, output_mode="one_hot",
            name=fresh_layer_name(f"{column.input_name}_lookup", taken))
        hot = lookup(tensor)  # (batch, 1 unknown + keys)
        # StringLookup puts the unknown slot first; a fixed matrix sends each slot to the
        # app's category (exact: one 1 per row)
        matrix = np.vstack([rows[-1:], rows[:-1]])
        onehot = keras.layers.Dense(len(column.categories), use_bias=False, trainable=False,
                                    name=fresh_layer_name(f"{column.input_name}_onehot", taken))
        onehot.build((None, matrix.shape[0]))
        onehot.set_weights([matrix])
        return onehot(hot)

    def in_feature_order(self) -> bool:
        """The columns' blocks, concatenated in file order, give the app's feature order."""
        order = [p for c in self.columns for p in c.features]
        return order == list(range(self.n_features))


GAP_SCALE = 2.0 ** 32  # exact (a power of two); values below 2**-33 in size read as 0


def _fill_with_layers(keras, column: RawColumn, tensor, taken: set[str]):
    """A number column's gaps filled with built-in layers only, which the legacy `.h5`
    loader reads (it cannot read Keras ops): `hard_shrink` is a `where(|x| > 0.5, x, 0)`,
    so after an exact scaling by 2**32 it keeps every value above 2**-33 in size and turns
    NaN into 0; a `Discretization` with one boundary at the float32 maximum puts NaN (and
    +inf) in bucket 1, whose one-hot picks the fill through a fixed Dense. Finite values
    pass unchanged (x + 0), a gap becomes exactly the fill (0 + fill)."""
    layers = keras.layers
    name = column.input_name
    up = layers.Rescaling(GAP_SCALE, name=fresh_layer_name(f"{name}_gap_scale", taken))(tensor)
    kept = layers.Activation("hard_shrink", name=fresh_layer_name(f"{name}_gap_drop", taken))(up)
    kept = layers.Rescaling(1.0 / GAP_SCALE, name=fresh_layer_name(f"{name}_gap_unscale", taken))(kept)
    gap = layers.Discretization(bin_boundaries=[float(np.finfo(np.float32).max)],
                                output_mode="one_hot",
                                name=fresh_layer_name(f"{name}_gap_found", taken))(tensor)
    fill = layers.Dense(1, use_bias=False, trainable=False,
                        name=fresh_layer_name(f"{name}_gap_fill", taken))
    fill.build((None, 2))
    fill.set_weights([np.array([[0.0], [column.fill]], dtype=np.float32)])
    return layers.Add(name=fresh_layer_name(f"{name}_gap_filled", taken))([kept, fill(gap)])


def _words(keras, column: RawColumn, tensor, taken: set[str]):
    """A text column's (batch, 1) strings -> (batch, length) float32 word numbers, as the
    app's TextVectorization gives them."""
    from engine.data.text_columns import text_layer

    name = column.input_name
    words = text_layer(column.max_tokens, column.length, column.vocabulary,
                       name=fresh_layer_name(f"{name}_words", taken))(tensor)  # int64
    numbers = keras.layers.Embedding(len(column.vocabulary), 1, trainable=False,
                                     name=fresh_layer_name(f"{name}_word_numbers", taken))
    numbers.build((None, column.length))
    numbers.set_weights([np.arange(len(column.vocabulary), dtype=np.float32).reshape(-1, 1)])
    return keras.layers.Reshape((column.length,), name=fresh_layer_name(f"{name}_word_row", taken))(
        numbers(words))


def words_refusal(fmt: str, columns: list[str]) -> str:
    """Why the raw form of `fmt` (ONNX or LiteRT) cannot take texts read as words."""
    from engine.export.load_hints import ONNX
    from engine.export.preprocessing import FORM_LABELS, SCALED

    name = "ONNX" if fmt == ONNX else "LiteRT"
    ops = ("tf2onnx converts neither StaticRegexReplace nor StringSplitV2" if fmt == ONNX
           else "they need the Flex delegate (FlexStringLower, FlexStaticRegexReplace, "
                "FlexStringSplitV2), which the LiteRT interpreter does not have")
    listed = ", ".join(repr(c) for c in columns)
    return (f"cannot write the raw-data form as {name}: text column{'s' * (len(columns) > 1)} "
            f"{listed} {'are' if len(columns) > 1 else 'is'} read as words by a "
            "TextVectorization, whose string operations (lowercasing, stripping punctuation "
            f"with a regular expression, splitting on spaces) have no built-in {name} "
            f"operator ({ops}); export the form \"{FORM_LABELS[SCALED]}\" (--form {SCALED}), "
            "which takes the word numbers the app's TextVectorization gives, or write "
            ".keras, .h5 or a SavedModel, which take raw text")


def text_encoder(fmt: str) -> str:
    """What encodes a text column inside a `fmt` file."""
    from engine.export.load_hints import LITERT, ONNX

    return {ONNX: "ONNX-ML LabelEncoder", LITERT: "string EQUAL"}.get(fmt, "StringLookup")


def text_feed(fmt: str) -> str:
    """How a `fmt` file takes a text column, in words."""
    from engine.export.load_hints import LITERT, ONNX

    if fmt in (ONNX, LITERT):
        return "as numpy arrays of str (dtype=object)"
    return "as tf.constant of strings (Keras refuses numpy strings)"


def select_features(keras, features, columns: np.ndarray, n_features: int, name: str,
                    taken: set[str]):
    """The bound feature columns of one Input, picked by a fixed 0/1 matrix (exact)."""
    columns = np.asarray(columns, dtype=np.int64)
    if np.array_equal(columns, np.arange(n_features)):
        return features
    matrix = np.zeros((n_features, len(columns)), dtype=np.float32)
    matrix[columns, np.arange(len(columns))] = 1.0
    picker = keras.layers.Dense(len(columns), use_bias=False, trainable=False,
                                name=fresh_layer_name(f"{name}_columns", taken))
    picker.build((None, n_features))
    picker.set_weights([matrix])
    return picker(features)


def fresh_layer_name(name: str, taken: set[str]) -> str:
    """`name`, or name_2, name_3... the first not in `taken` (which it joins)."""
    unique, n = name, 2
    while unique in taken:
        unique, n = f"{name}_{n}", n + 1
    taken.add(unique)
    return unique


def plan_csv_columns(dataset_spec: dict, base: Path | None, dataset,
                     taken: set[str], train_texts: dict | None = None) -> CsvColumns:
    """The raw columns behind `dataset` (the app's loaded CSV), with the app's vocabulary
    and fill values; input names avoid `taken` (the graph's layer names). Columns read as
    words come last (as in the app's features), their vocabulary adapted on `train_texts`
    (the training split's texts per column) as the app adapts it."""
    from engine.data import categorical, text_columns
    from engine.data.csv_source import LEFT_OUT, _column_plan, _read
    from engine.data.sources import csv_path

    path = Path(csv_path(dataset_spec, base))
    keep, leave_out = categorical.overrides(dataset_spec)
    frame, names, _report = _read(path, dataset_spec.get("target"))
    features = {name: i for i, name in enumerate(dataset.feature_names)}
    x = dataset.x.reshape(len(dataset.x), -1)
    taken = set(taken)
    columns = []
    text = text_columns.plan(dataset_spec)
    read_as_words = set(text.columns) if text is not None else set()
    for header in frame.drop(columns=names).columns:
        label = str(header)
        if label in read_as_words:
            continue
        kind, detail = _column_plan(frame[header], label, path, keep, leave_out)
        if kind == LEFT_OUT:
            continue
        gaps = np.flatnonzero(frame[header].isna().to_numpy())
        name = identifier(label, taken, fallback="column")
        if kind == "numbers":
            position = features[label]
            fill = float(x[gaps[0], position]) if len(gaps) else None
            columns.append(RawColumn(label, name, NUMBERS, [position], fill=fill))
            continue
        categories = [str(c) for c in detail.categories]
        positions = [features[f"{label}={c}"] for c in categories]
        fill_category = int(np.argmax(x[gaps[0], positions])) if len(gaps) else None
        if MISSING_TEXT in categories and fill_category is not None:
            raise ExportError(f"column {label!r}: an empty text is a category and also a gap; "
                              "export the model only (inputs encoded)")
        other = (categories.index(categorical.OTHER)
                 if detail.kind == categorical.GROUPED else None)
        columns.append(RawColumn(label, name, TEXT, positions, categories=categories,
                                 fill_category=fill_category, other=other))
    for label in (text.columns if text is not None else ()):
        name = identifier(label, taken, fallback="column")
        positions = [features[n] for n in text.names(label)]
        if label not in (train_texts or {}):
            raise ExportError(f"text column {label!r}: its training texts are not loaded, so "
                              "its vocabulary is unknown; export the model only")
        vocabulary = text_columns.vocabulary(train_texts[label], text.max_tokens,
                                             text.sequence_length)
        columns.append(RawColumn(label, name, WORDS, positions, vocabulary=vocabulary,
                                 length=text.sequence_length, max_tokens=text.max_tokens))
    return CsvColumns(columns, len(dataset.feature_names))

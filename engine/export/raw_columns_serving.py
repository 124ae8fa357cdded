"""ONNX and LiteRT files that take a CSV project's raw rows: one input per column (text as
strings with '' for a gap, numbers float32 with NaN for a gap), encoded in the format's own
operators in front of the numeric model, so that the runtime a user ships (onnxruntime, the
LiteRT interpreter) needs nothing beyond its built-in operators.

The numeric model (`core`) is the project's model with one input of the app's encoded
feature columns, its scaling inside (engine.export.preprocessing, `core=True`). In front of it:

- ONNX: a text column goes through an ONNX-ML `LabelEncoder` (text -> row number, any other
  text -> the last row) and a `Gather` of the column's fixed 0/1 rows (its one-hot as the app
  encodes it); a number column's gaps through `IsNaN` + `Where`. (tf2onnx's conversion of
  Keras's StringLookup gives files onnxruntime refuses.)
- LiteRT: a text column is compared with each known text (`EQUAL` on strings, a built-in
  operator, unlike the hash tables of StringLookup which need the Flex delegate), and the
  matches pick the same fixed rows; gaps through `where(is_nan)`. Converted with the built-in
  operator set only.

The rows come from engine.export.csv_columns (RawColumn.lookup), the same the Keras form
uses."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from engine.export.csv_columns import NUMBERS, CsvColumns
from engine.export.load_hints import LITERT, ONNX
from engine.export.weights import ExportError

PREFIX = "dendrite_raw"  # names of the encoding's own tensors in the ONNX graph
ONNX_ML_OPSET = 2  # LabelEncoder with keys_strings / values_int64s / default_int64


def write_raw_columns_file(core, columns: CsvColumns, fmt: str, staged: Path) -> None:
    """Writes `core` with the raw-column encoding in front as `fmt` at `staged`;
    ExportError with the reason when a converter refuses."""
    if columns.word_columns:  # plan_preprocessing refuses these first; never a bad file
        from engine.export.csv_columns import words_refusal

        raise ExportError(words_refusal(fmt, columns.word_columns))
    if not columns.in_feature_order():
        raise ExportError("the CSV's columns do not give the app's feature order; export the "
                          "model only (inputs encoded)")
    if fmt == ONNX:
        _write_onnx(core, columns, staged)
    elif fmt == LITERT:
        _write_litert(core, columns, staged)
    else:  # pragma: no cover - the callers pass only these two
        raise ValueError(fmt)
    if not staged.exists() or staged.stat().st_size == 0:
        raise ExportError("the converter wrote no file")


def _write_onnx(core, columns: CsvColumns, staged: Path) -> None:
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    from engine.export.serving import write_serving_file

    with tempfile.TemporaryDirectory(prefix=".dendrite-onnx-") as temp:
        inner = Path(temp) / "core.onnx"
        write_serving_file(core, ONNX, inner)
        model = onnx.load(str(inner))
    graph = model.graph
    constants = {t.name for t in graph.initializer}
    fed = [i for i in graph.input if i.name not in constants]
    if len(fed) != 1:
        raise ExportError(f"ONNX: the numeric model has {len(fed)} inputs, expected one")
    features = fed[0].name
    for column in columns.columns:  # a column's input name must be free in the graph
        if column.input_name in _names(graph):
            moved = f"{PREFIX}/core/{column.input_name}"
            _rename(graph, column.input_name, moved)
            features = moved if features == column.input_name else features
    nodes, tables, blocks = [], [], []
    for i, column in enumerate(columns.columns):
        at = f"{PREFIX}/{i}/"
        if column.kind == NUMBERS:
            if column.fill is None:
                blocks.append(column.input_name)
                continue
            tables.append(numpy_helper.from_array(np.float32(column.fill), at + "fill"))
            nodes += [helper.make_node("IsNaN", [column.input_name], [at + "gap"]),
                      helper.make_node("Where", [at + "gap", at + "fill", column.input_name],
                                       [at + "filled"])]
            blocks.append(at + "filled")
            continue
        keys, rows = column.lookup()
        tables += [numpy_helper.from_array(rows, at + "rows"),
                   numpy_helper.from_array(np.array([-1, rows.shape[1]], np.int64),
                                           at + "shape")]
        nodes += [helper.make_node("LabelEncoder", [column.input_name], [at + "row"],
                                   domain="ai.onnx.ml", keys_strings=keys,
                                   values_int64s=list(range(len(keys))),
                                   default_int64=len(keys)),
                  helper.make_node("Gather", [at + "rows", at + "row"], [at + "picked"],
                                   axis=0),
                  helper.make_node("Reshape", [at + "picked", at + "shape"], [at + "onehot"])]
        blocks.append(at + "onehot")
    nodes.append(helper.make_node("Concat", blocks, [features], axis=1))
    inputs = [helper.make_tensor_value_info(
        c.input_name, TensorProto.FLOAT if c.kind == NUMBERS else TensorProto.STRING,
        ["rows", 1]) for c in columns.columns]
    kept_inputs = [i for i in graph.input if i.name != features]
    del graph.input[:]
    graph.input.extend(inputs + kept_inputs)
    core_nodes = list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes + core_nodes)
    graph.initializer.extend(tables)
    if not any(o.domain == "ai.onnx.ml" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("ai.onnx.ml", ONNX_ML_OPSET))
    try:
        onnx.checker.check_model(model)
    except Exception as exc:  # our graph surgery went wrong: say so, never a traceback
        raise ExportError(f"ONNX: the raw-column encoding does not check: {exc}") from None
    onnx.save(model, str(staged))


def _names(graph) -> set[str]:
    found = {i.name for i in graph.input} | {o.name for o in graph.output}
    found |= {t.name for t in graph.initializer} | {v.name for v in graph.value_info}
    for node in graph.node:
        found.update(node.input)
        found.update(node.output)
    return found


def _rename(graph, old: str, new: str) -> None:
    for node in graph.node:
        node.input[:] = [new if n == old else n for n in node.input]
        node.output[:] = [new if n == old else n for n in node.output]
    for item in [*graph.input, *graph.output, *graph.initializer, *graph.value_info]:
        if item.name == old:
            item.name = new


def _write_litert(core, columns: CsvColumns, staged: Path) -> None:
    import tensorflow as tf

    from engine.export.serving import refusal
    from engine.keras_setup import keras as _keras

    encoders = [_litert_encoder(tf, column) for column in columns.columns]
    specs = [tf.TensorSpec([None, 1], tf.float32 if c.kind == NUMBERS else tf.string,
                           name=c.input_name) for c in columns.columns]

    def serve(*raw):
        blocks = [encode(x) for encode, x in zip(encoders, raw, strict=True)]
        found = core(tf.concat(blocks, axis=1) if len(blocks) > 1 else blocks[0],
                     training=False)
        found = list(found) if isinstance(found, list | tuple) else [found]
        return {f"output_{i}": tensor for i, tensor in enumerate(found)}

    try:
        with tempfile.TemporaryDirectory(prefix=".dendrite-litert-") as temp:
            archive = _keras().export.ExportArchive()
            archive.track(core)
            archive.add_endpoint("serve", serve, input_signature=specs)
            archive.write_out(temp, verbose=False)
            converter = tf.lite.TFLiteConverter.from_saved_model(temp)
            converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS]
            converter.experimental_enable_resource_variables = True
            staged.write_bytes(converter.convert())
    except Exception as exc:  # the converter refused: name the layer and the reason
        raise ExportError(refusal(core, LITERT, exc)) from None


def _litert_encoder(tf, column):
    """The column's raw (rows, 1) tensor -> its block of the app's features (constants made
    inside the traced function, so they are written into the graph)."""
    if column.kind == NUMBERS:
        if column.fill is None:
            return lambda x: x
        return lambda x: tf.where(tf.math.is_nan(x), tf.constant(column.fill, tf.float32), x)
    keys, rows = column.lookup()

    def encode(x):
        hits = tf.cast(tf.equal(x, tf.constant(keys, dtype=tf.string)), tf.float32)
        other = 1.0 - tf.reduce_sum(hits, axis=1, keepdims=True)  # at most one hit a row
        return tf.matmul(tf.concat([hits, other], axis=1), tf.constant(rows))

    return encode

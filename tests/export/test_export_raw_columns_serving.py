"""The ONNX and LiteRT raw-column encodings in front of a numeric model, checked against
numbers worked out by hand: a known text gives its one-hot, an unknown text nothing (or "(other)" for a
grouped column), '' the category the app gave gaps, NaN the app's fill; a column whose name
is also a tensor name inside the numeric model still gets its own input."""

import numpy as np
import pytest

from engine.export.csv_columns import NUMBERS, TEXT, CsvColumns, RawColumn
from engine.export.load_hints import LITERT, ONNX
from engine.export.raw_columns_serving import write_raw_columns_file


@pytest.mark.parametrize("fmt", [ONNX, LITERT])
def test_raw_text_and_gaps_are_encoded_as_the_app_encodes_them(tmp_path, fmt):
    import keras

    features = keras.Input(shape=(6,), name="encoded_columns")
    identity = keras.layers.Dense(6, use_bias=False, name="identity")
    core = keras.Model(features, identity(features))
    identity.set_weights([np.eye(6, dtype=np.float32)])  # the core shows its input
    columns = CsvColumns([
        RawColumn("Area", "area", NUMBERS, [0], fill=-12.5),
        RawColumn("city", "encoded_columns", TEXT, [1, 2], categories=["Lyon", "Oslo"],
                  fill_category=1),
        RawColumn("shop", "shop", TEXT, [3, 4, 5], categories=["a", "(other)", "b"],
                  other=1),
    ], 6)
    path = tmp_path / ("raw.onnx" if fmt == ONNX else "raw.tflite")
    write_raw_columns_file(core, columns, fmt, path)
    rows = {"area": np.array([[1.5], [np.nan], [-0.0], [3e20]], np.float32),
            "encoded_columns": np.array([["Lyon"], [""], ["Paris"], ["Oslo"]], object),
            "shop": np.array([["b"], ["zzz"], ["a"], [""]], object)}
    if fmt == ONNX:
        import onnxruntime

        session = onnxruntime.InferenceSession(str(path))
        assert [(i.name, i.type) for i in session.get_inputs()] == [
            ("area", "tensor(float)"), ("encoded_columns", "tensor(string)"),
            ("shop", "tensor(string)")]
        got = session.run(None, rows)[0]
    else:
        from ai_edge_litert.interpreter import Interpreter

        got = Interpreter(model_path=str(path)).get_signature_runner()(**rows)["output_0"]
    np.testing.assert_array_equal(got, np.array([
        [1.5, 1, 0, 0, 0, 1],
        [-12.5, 0, 1, 0, 1, 0],  # NaN -> fill, '' -> Oslo, an unknown shop -> (other)
        [0.0, 0, 0, 1, 0, 0],  # an unknown city -> nothing, as the app's OneHotEncoder
        [3e20, 0, 1, 0, 1, 0],
    ], np.float32))

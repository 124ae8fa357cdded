"""A CSV project with text columns and missing values, exported in the raw form, takes the
file's rows as they are (one named input per column, text as strings, gaps as NaN or '') in
`.keras`, `.h5`, a SavedModel, `.onnx` and `.tflite`, and predicts in a fresh process what the
app predicts, through plain Keras, onnxruntime and the LiteRT interpreter."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from engine.data import prepare_data
from engine.data.prepare import fit_scaler
from engine.export import export_model
from engine.export.preprocessing import SCALED
from engine.project_io import load_project
from engine.training.trainer import Trainer

PROJECTS = Path(__file__).resolve().parents[2] / "projects"

LOAD_AND_PREDICT = """
import json, sys
import numpy as np
rows = json.load(open("rows.json"))
numbers = {name: np.asarray(values, dtype=np.float32).reshape(-1, 1)
           for name, (kind, values) in rows.items() if kind == "number"}
texts = {name: np.asarray(values, dtype=object).reshape(-1, 1)
         for name, (kind, values) in rows.items() if kind == "text"}
found = {}
for path in sys.argv[1:]:
    if path.endswith((".keras", ".h5")):
        import keras, tensorflow as tf
        model = keras.models.load_model(path)
        feed = {**numbers, **{n: tf.constant(v.astype(str)) for n, v in texts.items()}}
        got = model.predict(feed, verbose=0)
    elif path.endswith(".onnx"):
        import onnxruntime
        got = onnxruntime.InferenceSession(path).run(None, {**numbers, **texts})[0]
    else:
        from ai_edge_litert.interpreter import Interpreter
        got = Interpreter(model_path=path).get_signature_runner()(**numbers, **texts)
        got = got["output_0"]
    found[path] = np.asarray(got).ravel().tolist()
print(json.dumps(found))
"""


def write_homes(folder: Path, number_gaps: bool) -> Path:
    rng = np.random.default_rng(3)
    rows = 160
    frame = pd.DataFrame({
        "rooms": rng.integers(1, 8, rows).astype(float),
        "Area": rng.normal(120, 40, rows),
        "city": rng.choice(["Lyon", "Oslo", "Porto"], rows).astype(object),
    })
    if number_gaps:
        frame.loc[::9, "Area"] = np.nan
    frame.loc[::11, "city"] = None
    frame["price"] = frame["rooms"] * 30 + frame["Area"].fillna(120) + rng.normal(0, 5, rows)
    path = folder / "homes.csv"
    frame.to_csv(path, index=False)
    return path


def trained_project(folder: Path, number_gaps: bool):
    project = load_project(PROJECTS / "california_housing.dendrite")
    project.graph.node("n1").params["shape"] = None  # taken from the bound columns
    project.data["dataset"] = {"source": "csv", "path": str(write_homes(folder, number_gaps)),
                               "target": "price"}
    trainer = Trainer.from_project(project)
    assert trainer.prepare().ok
    trainer.train(epochs=2)
    return project, trainer


def app_predictions_on_every_row(project, trainer) -> np.ndarray:
    """The app's model on every row of the file, encoded and scaled by the app's own code."""
    raw = prepare_data({**project.data, "scaling": "none"})
    scaler = fit_scaler(raw.splits["train"].x)
    scaled = scaler.transform(raw.dataset.x.astype(np.float64)).astype(np.float32)
    return trainer.model.predict(scaled, verbose=0).ravel()


def the_users_rows(folder: Path) -> dict:
    """The file as a user reads it with pandas: gaps NaN for numbers, '' for text."""
    frame = pd.read_csv(folder / "homes.csv")
    return {"rooms": ("number", frame["rooms"].tolist()),
            "area": ("number", frame["Area"].tolist()),
            "city": ("text", frame["city"].fillna("").tolist())}


def predict_fresh(fresh, folder: Path, *model_files: str) -> dict[str, np.ndarray]:
    """Each file's predictions on every row of the CSV, loaded in one fresh interpreter."""
    (folder / "rows.json").write_text(json.dumps(the_users_rows(folder)))
    code = f"import sys\nsys.argv[1:] = {list(model_files)!r}\n" + LOAD_AND_PREDICT
    return {name: np.asarray(values) for name, values in fresh(code, folder).items()}


@pytest.mark.slow
def test_raw_rows_with_text_and_gaps_predict_as_the_app_in_every_format(tmp_path, fresh):
    project, trainer = trained_project(tmp_path, number_gaps=True)
    report = export_model(project, tmp_path / "model.keras", model=trainer.model)
    assert report.form.startswith("raw CSV columns in")
    assert "city: text, StringLookup one-hot of 3" in report.form
    assert "Area: number, a gap (NaN) ->" in report.form
    assert not report.verification.warnings
    assert "text ('city') as tf.constant of strings" in report.hint
    # a SavedModel takes the same raw columns (checked by the export itself)
    saved = export_model(project, tmp_path / "served", model=trainer.model)
    assert saved.verification.differences["output"] <= 1e-4
    says = {"model.h5": "Area: number, a gap (NaN) ->",  # gaps filled by built-in layers
            "model.onnx": "city: text, ONNX-ML LabelEncoder one-hot of 3",
            "model.tflite": "city: text, string EQUAL one-hot of 3"}
    for name, form in says.items():
        written = export_model(project, tmp_path / name, model=trainer.model)
        assert written.form.startswith("raw CSV columns in") and form in written.form, name
        assert written.verification.differences["output"] <= 1e-4, name
        assert not written.verification.warnings, name
        assert "numpy arrays of str" in written.hint or name == "model.h5", name
    # the other form still works: the model only, columns encoded and scaled by the app
    encoded = export_model(project, tmp_path / "encoded.onnx",
                           model=trainer.model, form=SCALED)
    assert "text one-hot, gaps filled" in encoded.form
    assert encoded.verification.differences["output"] <= 1e-4

    app = app_predictions_on_every_row(project, trainer)
    got = predict_fresh(fresh, tmp_path, "model.keras", "model.h5", "model.onnx",
                        "model.tflite")
    assert set(got) == {"model.keras", "model.h5", "model.onnx", "model.tflite"}
    scale = max(1.0, float(np.abs(app).max()))  # 1e-4 of the output's scale, as verify.py
    for name, predictions in got.items():
        assert predictions.shape == app.shape, name
        assert np.abs(predictions - app).max() <= 1e-4 * scale, name


def test_h5_gap_filling_keeps_every_number_and_fills_only_nan(tmp_path):
    """The `.h5` form fills gaps with built-in layers (its loader reads no Keras ops):
    negative, zero, tiny, huge and infinite values pass unchanged through plain
    `keras.models.load_model`, NaN becomes the fill."""
    import keras

    from engine.export.csv_columns import NUMBERS, CsvColumns, RawColumn

    columns = CsvColumns([RawColumn("Area", "area", NUMBERS, [0], fill=-12.375)], 1)
    inputs = columns.keras_inputs()
    model = keras.Model(inputs, columns.encode(inputs, set(), layers_only=True))
    model.save(tmp_path / "gaps.h5")
    loaded = keras.models.load_model(tmp_path / "gaps.h5")
    values = np.array([np.nan, 0.0, -0.0, 1.5, -2.0, 0.3, -0.49, 0.5, 1e-3, -7e-7, 1e-9,
                       123456.789, -3e20, np.inf, -np.inf, np.nan], dtype=np.float32)
    got = loaded.predict({"area": values.reshape(-1, 1)}, verbose=0).ravel()
    expected = np.where(np.isnan(values), np.float32(-12.375), values)
    np.testing.assert_array_equal(got, expected)
    assert {"Discretization", "Activation"} <= {type(layer).__name__
                                               for layer in loaded.layers}


def test_the_dialog_exports_raw_text_columns_to_onnx_and_says_the_form(qtbot, tmp_path):
    from PySide6.QtCore import Qt

    from gui.background import background_jobs
    from gui.export_dialog import ONNX, ExportDialog

    project = load_project(PROJECTS / "california_housing.dendrite")
    project.path = None
    project.graph.node("n1").params["shape"] = None
    project.data["dataset"] = {"source": "csv", "path": str(write_homes(tmp_path, True)),
                               "target": "price"}
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "build_model" in dialog.preview.toPlainText(), timeout=10000)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(ONNX))
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "homes.onnx"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith(("saved:", "Cannot export")),
                    timeout=120000)
    background_jobs().wait_all()
    status = dialog.status.text()
    assert status.startswith("saved:"), status
    assert "form: raw CSV columns in" in status
    assert "city: text, ONNX-ML LabelEncoder one-hot of 3" in status
    assert "verified on" in status and "WARNING" not in status
    assert "numpy arrays of str (dtype=object)" in dialog.preview.toPlainText()
    assert (tmp_path / "homes.onnx").exists()


@pytest.mark.slow
def test_a_grouped_text_column_sends_rare_and_unseen_texts_to_other(tmp_path):
    """More than 20 shops: the app keeps the frequent ones and groups the rest as
    "(other)"; the exported models (Keras, ONNX, LiteRT) do the same to a rare shop and to
    one they never saw."""
    import keras
    import onnxruntime
    import tensorflow as tf
    from ai_edge_litert.interpreter import Interpreter

    rng = np.random.default_rng(5)
    shops = [f"shop{i}" for i in range(5) for _ in range(30)]
    shops += [f"rare{i}" for i in range(25) for _ in range(2)]
    frame = pd.DataFrame({"rooms": rng.normal(4, 1, len(shops)), "shop": shops})
    frame.loc[::13, "shop"] = None
    frame["price"] = frame["rooms"] * 10 + rng.normal(0, 1, len(shops))
    frame.to_csv(tmp_path / "shops.csv", index=False)
    project = load_project(PROJECTS / "california_housing.dendrite")
    project.graph.node("n1").params["shape"] = None
    project.data["dataset"] = {"source": "csv", "path": str(tmp_path / "shops.csv"),
                               "target": "price"}
    report = export_model(project, tmp_path / "model.keras")
    assert "shop: text, StringLookup one-hot of 6" in report.form  # 5 shops + (other)
    assert report.verification.differences["output"] <= 1e-4
    model = keras.models.load_model(tmp_path / "model.keras")
    rows = {"rooms": np.full((4, 1), 4.0, np.float32),
            "shop": np.array([["rare3"], ["never seen"], ["shop1"], [""]], dtype=object)}
    keras_rows = {**rows, "shop": tf.constant(rows["shop"].astype(str))}
    found = {"keras": np.asarray(model.predict(keras_rows, verbose=0)).ravel()}
    for name in ("model.onnx", "model.tflite"):
        written = export_model(project, tmp_path / name)
        assert written.verification.differences["output"] <= 1e-4, name
    found["onnx"] = onnxruntime.InferenceSession(
        str(tmp_path / "model.onnx")).run(None, rows)[0].ravel()
    found["litert"] = Interpreter(model_path=str(tmp_path / "model.tflite")
                                  ).get_signature_runner()(**rows)["output_0"].ravel()
    for name, (rare, unseen, known, _gap) in found.items():  # each export: fresh weights
        assert rare == unseen != known, name

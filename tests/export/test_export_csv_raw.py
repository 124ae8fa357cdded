"""A CSV project with text columns and missing values, exported in the raw form, takes the
file's rows as they are (one named input per column, text as strings, gaps as NaN or '') in a
fresh process through plain Keras and predicts what the app predicts; formats that cannot
hold the raw columns are refused with the reason and the encoded form to use instead."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from engine.data import prepare_data
from engine.data.prepare import fit_scaler
from engine.export import ExportError, export_model
from engine.export.preprocessing import SCALED
from engine.project_io import load_project
from engine.training.trainer import Trainer

PROJECTS = Path(__file__).resolve().parents[2] / "projects"

LOAD_AND_PREDICT = """
import json, sys
import numpy as np, keras, tensorflow as tf
rows = json.load(open("rows.json"))
feed = {name: tf.constant(np.asarray(values, dtype=str if kind == "text" else np.float32)
                          .reshape(-1, 1)) for name, (kind, values) in rows.items()}
model = keras.models.load_model(sys.argv[1] if len(sys.argv) > 1 else "{path}")
print(json.dumps(np.asarray(model.predict(feed, verbose=0)).ravel().tolist()))
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


def predict_fresh(fresh, folder: Path, model_file: str) -> np.ndarray:
    (folder / "rows.json").write_text(json.dumps(the_users_rows(folder)))
    return np.asarray(fresh(LOAD_AND_PREDICT.replace("{path}", model_file), folder))


@pytest.mark.slow
def test_raw_rows_with_text_and_gaps_predict_as_the_app_in_a_fresh_keras(tmp_path, fresh):
    project, trainer = trained_project(tmp_path, number_gaps=True)
    report = export_model(project, tmp_path / "model.keras", model=trainer.model)
    assert report.form.startswith("raw CSV columns in")
    assert "city: text, StringLookup one-hot of 3" in report.form
    assert "Area: number, a gap (NaN) ->" in report.form
    assert not report.verification.warnings
    assert "text ('city') as tf.constant of strings" in report.hint
    app = app_predictions_on_every_row(project, trainer)
    got = predict_fresh(fresh, tmp_path, "model.keras")
    assert np.abs(got - app).max() <= 1e-4
    # a SavedModel takes the same raw columns (checked by the export itself)
    saved = export_model(project, tmp_path / "served", model=trainer.model)
    assert saved.verification.differences["output"] <= 1e-4

    for name, says in (("model.h5", "gap filling of the number columns (Area)"),
                       ("model.onnx", "ONNX cannot take the raw text columns (city)"),
                       ("model.tflite", "LiteRT cannot take the raw text columns (city)")):
        with pytest.raises(ExportError, match="--form scaled") as refused:
            export_model(project, tmp_path / name, model=trainer.model)
        assert says in str(refused.value)
        assert not (tmp_path / name).exists()  # nothing broken written
        encoded = export_model(project, tmp_path / name, model=trainer.model, form=SCALED)
        assert "text one-hot, gaps filled" in encoded.form
        assert encoded.verification.differences["output"] <= 1e-4, name


@pytest.mark.slow
def test_raw_rows_with_text_gaps_load_from_h5_in_a_fresh_keras(tmp_path, fresh):
    project, trainer = trained_project(tmp_path, number_gaps=False)
    report = export_model(project, tmp_path / "model.h5", model=trainer.model)
    assert report.form.startswith("raw CSV columns in")
    assert "a gap -> " in report.form  # the city's gaps become the app's filled category
    app = app_predictions_on_every_row(project, trainer)
    got = predict_fresh(fresh, tmp_path, "model.h5")
    assert np.abs(got - app).max() <= 1e-4


def test_the_dialog_refuses_raw_text_columns_for_onnx_and_names_the_other_form(qtbot,
                                                                             tmp_path):
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
    qtbot.waitUntil(lambda: "Cannot export" in dialog.status.text(), timeout=60000)
    background_jobs().wait_all()
    status = dialog.status.text()
    assert "ONNX cannot take the raw text columns (city)" in status
    assert "'model only, inputs already scaled'" in status
    assert dialog.save_button.isEnabled()
    assert not (tmp_path / "homes.onnx").exists()


@pytest.mark.slow
def test_a_grouped_text_column_sends_rare_and_unseen_texts_to_other(tmp_path):
    """More than 20 shops: the app keeps the frequent ones and groups the rest as
    "(other)"; the exported model does the same to a rare shop and to one it never saw."""
    import keras
    import tensorflow as tf

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
    rows = {"rooms": tf.constant([[4.0], [4.0], [4.0]]),
            "shop": tf.constant([["rare3"], ["never seen"], ["shop1"]])}
    rare, unseen, known = np.asarray(model.predict(rows, verbose=0)).ravel()
    assert rare == unseen != known

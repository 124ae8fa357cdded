"""Exports a user can ship: a model trained with standard scaling, exported as .keras, .h5,
.onnx and .tflite, takes raw rows through plain Keras, onnxruntime and the LiteRT
interpreter and predicts what the app predicts; each export checks itself the same way."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from engine.data import bind, prepare_data
from engine.export import ExportError, export_model
from engine.export.preprocessing import SCALED
from engine.export.serving import refusal
from engine.project_io import load_project
from engine.training.trainer import Trainer

PROJECTS = Path(__file__).resolve().parents[2] / "projects"
FILES = ("model.keras", "model.h5", "model.onnx", "model.tflite")


def write_houses(folder: Path, rows: int = 240) -> Path:
    """A California stand-in: eight columns on very different scales (incomes near 4,
    populations near 1,400, longitudes near -119), as the real file has."""
    rng = np.random.default_rng(7)
    x = rng.normal([3.9, 29, 5.4, 1.1, 1425, 3.1, 35.6, -119.6],
                   [1.9, 12, 2.5, 0.5, 1130, 1.0, 2.1, 2.0], (rows, 8))
    frame = pd.DataFrame(x, columns=["MedInc", "HouseAge", "AveRooms", "AveBedrms",
                                     "Population", "AveOccup", "Latitude", "Longitude"])
    frame["MedHouseVal"] = 0.4 * x[:, 0] + x[:, 4] / 2000 + rng.normal(0, 0.1, rows)
    path = folder / "houses.csv"
    frame.to_csv(path, index=False)
    return path


def trained(project):
    trainer = Trainer.from_project(project)
    assert trainer.prepare().ok
    trainer.train(epochs=2)
    return trainer


def raw_and_app_predictions(project, trainer):
    """The test split as the user holds it (unscaled) and the app's own predictions."""
    base = project.path.parent if project.path else None
    raw = prepare_data({**project.data, "scaling": "none"}, base)
    binding = bind(project.graph, project.data, raw)
    raw_x = {k: v.astype(np.float32) for k, v in binding.x(raw, "test").items()}
    app_x = binding.x(trainer.prepared, "test")
    app = trainer.model.predict([app_x[t.name] for t in trainer.model.inputs], verbose=0)
    return raw_x, app


def run_each_runtime(folder: Path, raw_x: dict) -> dict:
    """Each file through the runtime users deploy it on (not through Dendrite's loader)."""
    import keras
    import onnxruntime
    from ai_edge_litert.interpreter import Interpreter

    found = {}
    for name in ("model.keras", "model.h5"):
        found[name] = keras.models.load_model(folder / name).predict(raw_x, verbose=0)
    session = onnxruntime.InferenceSession(str(folder / "model.onnx"))
    found["model.onnx"] = session.run(None, raw_x)[0]
    runner = Interpreter(model_path=str(folder / "model.tflite")).get_signature_runner()
    found["model.tflite"] = runner(**raw_x)["output_0"]
    return found


@pytest.mark.slow
def test_a_standard_scaled_regression_takes_raw_rows_in_every_format(tmp_path):
    project = load_project(PROJECTS / "california_housing.dendrite")
    project.data["dataset"] = {"source": "csv", "path": str(write_houses(tmp_path)),
                               "target": "MedHouseVal"}
    trainer = trained(project)
    raw_x, app = raw_and_app_predictions(project, trainer)
    assert np.abs(raw_x["input"]).max() > 100  # the rows really are unscaled
    for name in FILES:
        report = export_model(project, tmp_path / name, model=trainer.model)
        assert report.form.startswith("raw data in: Normalization"), name
        assert report.verification.samples == len(app)
        assert report.verification.differences["output"] <= 1e-4, name
        assert not report.verification.warnings, name
    for name, predictions in run_each_runtime(tmp_path, raw_x).items():
        assert np.abs(np.asarray(predictions).reshape(app.shape) - app).max() <= 1e-4, name


@pytest.mark.slow
def test_a_csv_with_text_columns_and_gaps_exports_verified(tmp_path):
    rng = np.random.default_rng(3)
    rows = 160
    frame = pd.DataFrame({
        "rooms": rng.integers(1, 8, rows).astype(float),
        "area": rng.normal(120, 40, rows),
        "city": rng.choice(["Lyon", "Oslo", "Porto"], rows).astype(object),
    })
    frame.loc[::9, "area"] = np.nan
    frame.loc[::11, "city"] = None
    frame["price"] = frame["rooms"] * 30 + frame["area"].fillna(120) + rng.normal(0, 5, rows)
    frame.to_csv(tmp_path / "homes.csv", index=False)
    project = load_project(PROJECTS / "california_housing.dendrite")
    project.graph.node("n1").params["shape"] = None  # taken from the bound columns
    project.data["dataset"] = {"source": "csv", "path": str(tmp_path / "homes.csv"),
                               "target": "price"}
    trainer = trained(project)
    for name in FILES:  # the encoded form (raw CSV columns: tests/export/test_export_csv_raw.py)
        report = export_model(project, tmp_path / name, model=trainer.model, form=SCALED)
        assert "text one-hot, gaps filled" in report.form
        assert report.verification.differences["output"] <= 1e-4, name
        assert not report.verification.warnings, name


@pytest.mark.slow
def test_the_model_only_form_takes_scaled_inputs_and_says_so(tmp_path):
    project = load_project(PROJECTS / "california_housing.dendrite")
    project.data["dataset"] = {"source": "csv", "path": str(write_houses(tmp_path, 120)),
                               "target": "MedHouseVal"}
    report = export_model(project, tmp_path / "model.keras", form=SCALED)
    assert report.form.startswith("model only: inputs already scaled")
    assert not report.verification.warnings
    import keras

    layers = [type(layer).__name__ for layer in keras.models.load_model(report.path).layers]
    assert "Normalization" not in layers


def test_a_model_the_converter_refuses_names_the_layer_and_the_reason():
    class Layer:
        def __init__(self, name):
            self.name = name

    class Model:
        name = "dendrite_model"
        layers = [Layer("input"), Layer("mixer")]

    failure = ValueError("Failed to convert node 'functional_1/mixer_1/Op':\nno ONNX op")
    message = refusal(Model(), "onnx", failure)
    assert message.startswith("cannot convert to ONNX: layer 'mixer' (Layer): ")
    assert "no ONNX op" in message and "\n" not in message


def test_the_raw_form_without_its_data_is_refused_with_the_way_out(tmp_path):
    project = load_project(PROJECTS / "california_housing.dendrite")
    project.data["dataset"] = {"source": "csv", "path": str(tmp_path / "gone.csv"),
                               "target": "MedHouseVal"}
    with pytest.raises(ExportError, match="standard scaling inside the model.*model only"):
        export_model(project, tmp_path / "model.keras")
    assert not (tmp_path / "model.keras").exists()

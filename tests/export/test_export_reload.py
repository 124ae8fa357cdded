"""What users paste works: each code style's script, imported as a module, trains and saves a
`.keras` that loads in a fresh process (the subclass once its script is imported); each
format's loading hint, pasted into a fresh process, predicts what the app predicts."""

import json
from pathlib import Path

import numpy as np
import pytest

from engine.export import export_model, generate_code, styles_for
from engine.export.model_files import build_export_model
from engine.project_io import load_project

PROJECTS = Path(__file__).resolve().parents[2] / "projects"

TRAIN_AS_MODULE = r"""
import contextlib, importlib.util, io, json, sys
import numpy as np
x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
found = {}
for style in json.load(open("styles.json")):
    spec = importlib.util.spec_from_file_location(f"xor_{style}", f"xor_{style}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # importing runs nothing: the work is under __main__
    sys.argv = ["script", "--epochs", "1", "--save", f"{style}.keras"]
    with contextlib.redirect_stdout(io.StringIO()):
        module.main()
    import keras
    found[style] = keras.models.load_model(f"{style}.keras").predict(x, verbose=0).tolist()
print(json.dumps(found))
"""

LOAD_FRESH = r"""
import importlib.util, json
import numpy as np
import keras
x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float32)
found = {}
for style in ("functional", "sequential", "subclassing"):
    if style == "subclassing":  # the class is registered when its script is imported
        spec = importlib.util.spec_from_file_location("xor_subclassing", "xor_subclassing.py")
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    model = keras.models.load_model(f"{style}.keras")  # the other two: plain Keras
    found[style] = {"class": type(model).__name__,
                    "pred": model.predict(x, verbose=0).tolist()}
print(json.dumps(found))
"""


@pytest.mark.slow
def test_every_code_style_imports_trains_and_its_keras_file_loads_fresh(tmp_path, fresh):
    project = load_project(PROJECTS / "xor.dendrite")
    project.data["dataset"]["samples"] = 64
    styles = styles_for(project)
    assert styles == ["functional", "sequential", "subclassing"]
    for style in styles:
        (tmp_path / f"xor_{style}.py").write_text(generate_code(project, style), "utf-8")
    (tmp_path / "styles.json").write_text(json.dumps(styles))
    trained = fresh(TRAIN_AS_MODULE, tmp_path)
    loaded = fresh(LOAD_FRESH, tmp_path)
    for style in styles:
        assert np.allclose(loaded[style]["pred"], trained[style], atol=1e-6), style
    assert loaded["subclassing"]["class"] == "XORWithAMultilayerPerceptronModel"


@pytest.mark.slow
def test_every_loading_hint_runs_pasted_into_a_fresh_process(tmp_path, fresh):
    project = load_project(PROJECTS / "california_housing.dendrite")
    project.graph.node("n1").params["shape"] = [4]
    project.data["dataset"] = {"source": "synthetic", "name": "regression", "samples": 120,
                               "seed": 1}
    rows = np.random.default_rng(0).normal(0, 50, (5, 4)).astype(np.float32)
    np.save(tmp_path / "rows.npy", rows)
    weights = build_export_model(project)[0]  # one set of weights for every format
    snippets = {}
    for name in ("m.keras", "m.h5", "saved", "m.onnx", "m.tflite"):
        report = export_model(project, tmp_path / name, model=weights)
        assert not report.verification.warnings, name
        hint = report.hint.replace("inputs = {'input': ...}",
                                   "inputs = {'input': np.load('rows.npy')}")
        assert "inputs = {'input': np.load" in hint, report.hint
        snippets[name] = hint
    assert "keras.models.load_model" not in snippets["saved"]  # Keras 3 refuses SavedModel
    (tmp_path / "snippets.json").write_text(json.dumps(snippets))
    found = fresh(PASTE_EACH, tmp_path)
    for name, values in found.items():
        assert np.abs(np.asarray(values) - found["m.keras"]).max() <= 1e-4, name


# each snippet pasted into its own namespace of one fresh process
PASTE_EACH = r"""
import json
import numpy as np
found = {}
for name, snippet in json.load(open("snippets.json")).items():
    scope = {"np": np}
    exec(snippet, scope)
    outputs = scope["outputs"]
    first = list(outputs.values())[0] if isinstance(outputs, dict) else (
        outputs[0] if isinstance(outputs, list) else outputs)
    found[name] = np.asarray(first).reshape(-1).tolist()
print(json.dumps(found))
"""

"""A generated script of an Output with `from_logits` writes the loss and metrics the app
compiles (the loss reads logits, accuracy-like metrics read them as probabilities would) and
runs: it trains digits on softmax logits and saves a model Dendrite imports back with
`from_logits: true`; the binary script compiles to the app's own figures."""

import json
from pathlib import Path

import pytest

from engine.export import generate_code
from engine.project_io import load_project

DIGITS = Path(__file__).resolve().parents[2] / "projects" / "digits.dendrite"

# Runs in a fresh process: trains the digits script one epoch, re-imports what it saved, and
# builds the binary script, comparing its compiled figures with the app's on the same weights.
RUN = r"""
import contextlib, io, json, runpy, sys
import numpy as np
import keras
from engine.compiler import build_and_compile
from engine.importer import import_model
from engine.project_io import load_project

sys.argv = ["digits_logits.py", "--epochs", "1", "--save", "trained.keras"]
with contextlib.redirect_stdout(io.StringIO()) as out:
    runpy.run_path("digits_logits.py", run_name="__main__")
imported = import_model("trained.keras").project.graph.by_name("digit").params
keras.backend.clear_session()
sys.argv = ["binary_logits.py", "--build-only"]
with contextlib.redirect_stdout(io.StringIO()):
    script = runpy.run_path("binary_logits.py", run_name="not_main")
theirs = script["build_model"]()
script["compile_model"](theirs)
ours = build_and_compile(load_project("binary.dendrite").graph)
ours.set_weights(theirs.get_weights())
rng = np.random.default_rng(0)
x = rng.normal(size=(50, 30)).astype("float32")
y = (rng.random(50) < 0.5).astype("float32")
figures = [m.evaluate(x, y, verbose=0, return_dict=True) for m in (theirs, ours)]
print(json.dumps({"trained": "model saved to" in out.getvalue(), "out": out.getvalue()[-500:],
                  "imported": imported, "figures": figures}))
"""


def _projects(tmp_path):
    project = load_project(DIGITS)
    out = project.graph.by_name("digit").id
    project.graph.set_param(out, "activation", "linear")
    project.graph.set_param(out, "from_logits", True)
    digits = generate_code(project)
    project.graph.set_param(out, "units", 1)
    project.graph.set_param(out, "loss", "binary_crossentropy")
    project.graph.set_param(out, "metrics", ["accuracy", "auc", "precision", "recall"])
    project.graph.set_param(project.graph.by_name("pixels").id, "shape", [30])
    project.data = {"dataset": {"source": "sklearn", "name": "breast_cancer"}}
    from engine.project_io import save_project

    save_project(project, tmp_path / "binary.dendrite")
    return digits, generate_code(project, "sequential")


def test_the_generated_code_writes_the_apps_loss_and_metrics(tmp_path):
    digits, binary = _projects(tmp_path)
    assert "'digit': keras.losses.SparseCategoricalCrossentropy(from_logits=True)" in digits
    assert "metrics={'digit': ['accuracy']}" in digits
    assert "loss=keras.losses.BinaryCrossentropy(from_logits=True)" in binary
    for line in ("keras.metrics.BinaryAccuracy(name='accuracy', threshold=0.0),",
                 "keras.metrics.AUC(name='auc', from_logits=True),",
                 "keras.metrics.Precision(name='precision', thresholds=0.0),",
                 "keras.metrics.Recall(name='recall', thresholds=0.0),"):
        assert f"            {line}\n" in binary
    compile(binary, "binary_logits.py", "exec")


@pytest.mark.slow
def test_a_from_logits_script_trains_and_its_model_imports_back(tmp_path, fresh):
    digits, binary = _projects(tmp_path)
    (tmp_path / "digits_logits.py").write_text(digits, encoding="utf-8")
    (tmp_path / "binary_logits.py").write_text(binary, encoding="utf-8")
    found = fresh(RUN, tmp_path)
    assert found["trained"], found["out"]
    assert found["imported"]["from_logits"] is True
    assert found["imported"]["loss"] == "sparse_categorical_crossentropy"
    assert found["imported"]["metrics"] == ["accuracy"]
    theirs, ours = found["figures"]
    assert set(theirs) == {"loss", "accuracy", "auc", "precision", "recall"}
    for name, value in ours.items():
        assert theirs[name] == pytest.approx(value, rel=1e-5), (name, json.dumps(found))

"""The exported script of a one-hot Output without units (after a softmax Dense) takes its
units from the engine's binding analysis, and runs: it trains and evaluates on iris."""

import os
import subprocess
import sys

import pytest

from engine.export.codegen import generate_code
from engine.project_io import load_project
from tests.engine.test_project_analysis import unshaped_iris


@pytest.mark.slow
def test_the_script_of_a_one_hot_output_without_units_trains(tmp_path):
    project = load_project(unshaped_iris(tmp_path))
    script = tmp_path / "iris_model.py"
    script.write_text(generate_code(project), encoding="utf-8")
    assert "np.eye(3, dtype=np.float32)[targets['target']" in script.read_text(encoding="utf-8")
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1",
               KERAS_BACKEND="tensorflow")
    done = subprocess.run([sys.executable, script.name, "--epochs", "2", "--save",
                           "trained.keras"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Epoch 2/2" in done.stdout and "final loss:" in done.stdout
    assert (tmp_path / "trained.keras").is_file()

"""multi_host from an exported script: two processes on this machine, on loopback ports,
train together (Keras DataParallel on JAX's distributed runtime). Without JAX (the
`multihost` extra) the script says how to install it."""

import importlib.util
import os
import socket
import subprocess
import sys

import pytest

from engine.export import generate_code
from engine.project_io import load_project
from tests.conftest import PROJECTS

HAS_JAX = importlib.util.find_spec("jax") is not None


def _script(folder):
    project = load_project(PROJECTS / "xor.dendrite")
    project.data["dataset"]["samples"] = 200
    project.training = {**project.training, "epochs": 3,
                        "checkpoint": {"save_best_only": True}}
    script = folder / "model.py"
    script.write_text(generate_code(project, distribution=True), encoding="utf-8")
    return script


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _env():
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1")
    env.pop("KERAS_BACKEND", None)
    return env


@pytest.mark.slow
@pytest.mark.skipif(not HAS_JAX, reason="needs the multihost extra: uv sync --extra multihost")
def test_two_processes_train_in_step_and_only_the_first_writes_files(tmp_path):
    script = _script(tmp_path)
    port = _free_port()
    runs = []
    for process in (0, 1):
        folder = tmp_path / f"machine{process}"
        folder.mkdir()
        command = [sys.executable, str(script), "--strategy", "multi_host",
                   "--coordinator", f"127.0.0.1:{port}", "--num-processes", "2",
                   "--process-id", str(process)]
        runs.append((folder, subprocess.Popen(command, cwd=folder, env=_env(), text=True,
                                              stdout=subprocess.PIPE,
                                              stderr=subprocess.STDOUT)))
    outputs = []
    try:
        for _, run in runs:
            outputs.append(run.communicate(timeout=300)[0])
    finally:
        for _, run in runs:
            run.kill()
    for (_, run), output in zip(runs, outputs, strict=True):
        assert run.returncode == 0, output[-3000:]
    losses = [next(line for line in out.splitlines() if line.startswith("final loss:"))
              for out in outputs]
    assert losses[0] == losses[1]
    assert "2 devices in all" in outputs[0]
    first, second = (folder for folder, _ in runs)
    assert (first / "trained_model.keras").is_file() and (first / "best_model.keras").is_file()
    assert not any(second.iterdir())
    assert "process 0 saves the model" in outputs[1]


@pytest.mark.skipif(HAS_JAX, reason="JAX is installed")
def test_without_jax_the_script_says_how_to_install_it(tmp_path):
    script = _script(tmp_path)
    done = subprocess.run([sys.executable, str(script), "--strategy", "multi_host",
                           "--coordinator", "127.0.0.1:1", "--num-processes", "2",
                           "--process-id", "0"], cwd=tmp_path, env=_env(), text=True,
                          capture_output=True, timeout=120)
    assert done.returncode == 2
    assert "uv sync --extra multihost" in done.stderr
    assert 'pip install "jax[cpu]"' in done.stderr
    assert not (tmp_path / "trained_model.keras").exists()

"""mirrored on one machine: the CPU split into two logical devices stands in for two GPUs.
TensorFlow's devices are fixed once it starts, so the run happens in a fresh process."""

import pytest

from tests.conftest import PROJECTS
from tests.export.conftest import run_fresh

TRAIN_BOTH = r"""
import contextlib, io, json
from engine.distribution import split_cpu

split_cpu(2)  # before TensorFlow starts
import keras
from engine.project_io import load_project
from engine.training.trainer import Trainer
from main import main

XOR = %r
found = {}
for mode in ("none", "mirrored"):
    keras.backend.clear_session()
    project = load_project(XOR)
    project.path = None
    project.data["dataset"]["samples"] = 200
    project.training = {**project.training, "epochs": 4, "distribution": mode}
    trainer = Trainer.from_project(project)
    done = trainer.train()
    kernel = trainer.model.weights[0].value
    found[mode] = {
        "reason": done.reason,
        "loss": trainer.history.values["loss"],
        "replicas": trainer.strategy.num_replicas_in_sync if trainer.strategy else 1,
        "kernel_devices": sorted({v.device for v in getattr(kernel, "values", [kernel])}),
    }
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(["train", XOR, "--strategy", "mirrored", "--epochs", "1"])
found["cli"] = [code, out.getvalue()]
print(json.dumps(found))
"""


@pytest.mark.slow
def test_mirrored_uses_both_devices_and_ends_where_one_device_does(tmp_path):
    found = run_fresh(TRAIN_BOTH % str(PROJECTS / "xor.dendrite"), tmp_path)
    one, mirrored = found["none"], found["mirrored"]
    assert one["reason"] == mirrored["reason"] == "finished"
    assert one["replicas"] == 1 and mirrored["replicas"] == 2
    # every weight lives on both logical CPUs, and both train it
    assert mirrored["kernel_devices"] == ["/job:localhost/replica:0/task:0/device:CPU:0",
                                          "/job:localhost/replica:0/task:0/device:CPU:1"]
    assert len(mirrored["loss"]) == 4
    assert mirrored["loss"][-1] < mirrored["loss"][0]
    assert mirrored["loss"][-1] == pytest.approx(one["loss"][-1], rel=1e-3, abs=1e-4)

    code, printed = found["cli"]
    assert code == 0, printed
    assert "note: devices: mirrored over 2 logical CPU devices" in printed
    assert any(line.startswith("epoch 1/1") for line in printed.splitlines())

"""Model exports under a full disk or a refusing folder: one clear message naming the file
and the cause, the previous export left as it was, no temporary file or folder. The model
is a stand-in that writes like Keras and fails like TensorFlow (no TensorFlow needed)."""

import shutil
from collections import namedtuple
from pathlib import Path

import pytest

from engine.atomic_file import WriteError
from engine.export.model_files import save_model
from tests.faults.hostile_files import temporaries


class ResourceExhaustedError(Exception):
    """Named like TensorFlow's error for a full disk, which carries no errno."""


class StandInModel:
    weights = [namedtuple("W", "shape")((100, 10))]

    def __init__(self, failure: BaseException | None = None):
        self.failure = failure
        self.calls = 0

    def export(self, path, verbose=False):
        self.calls += 1
        folder = Path(path)
        (folder / "variables").mkdir(parents=True)
        (folder / "variables" / "variables.data-00000-of-00001").write_bytes(b"w" * 5000)
        if self.failure:
            raise self.failure
        (folder / "saved_model.pb").write_bytes(b"new graph")

    def save(self, path):
        self.calls += 1
        Path(path).write_bytes(b"PK partial")
        if self.failure:
            raise self.failure
        Path(path).write_bytes(b"PK new model")


@pytest.fixture
def old_savedmodel(tmp_path):
    folder = tmp_path / "served"
    (folder / "variables").mkdir(parents=True)
    (folder / "saved_model.pb").write_bytes(b"old graph")
    return folder


def test_savedmodel_on_a_full_disk_keeps_the_old_folder_and_no_temporary(old_savedmodel,
                                                                          tmp_path):
    failure = ResourceExhaustedError("/tmp/x/variables/variables.data-00000-of-00001; "
                                     "No space left on device")
    with pytest.raises(WriteError) as caught:
        save_model(StandInModel(failure), old_savedmodel)
    assert str(caught.value) == f"cannot write {old_savedmodel}: no space left on the disk"
    assert (old_savedmodel / "saved_model.pb").read_bytes() == b"old graph"
    assert temporaries(tmp_path) == [] and sorted(p.name for p in tmp_path.iterdir()) == [
        "served"]


def test_savedmodel_replaces_the_old_folder_whole(old_savedmodel, tmp_path):
    save_model(StandInModel(), old_savedmodel)
    assert (old_savedmodel / "saved_model.pb").read_bytes() == b"new graph"
    assert temporaries(tmp_path) == []


def test_a_disk_without_room_for_the_weights_is_refused_before_writing(old_savedmodel,
                                                                       tmp_path, monkeypatch):
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage(10**9, 10**9 - 4096, 4096))
    model = StandInModel()
    with pytest.raises(WriteError, match="served: no space left on the disk .*4,096"):
        save_model(model, old_savedmodel)
    assert model.calls == 0  # refused at once, not after a long failing write
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize("suffix", [".keras", ".h5"])
@pytest.mark.parametrize("failure, cause", [
    (PermissionError(13, "Permission denied"), "permission denied"),
    (OSError("Unable to synchronously create file (unable to open file: name = 'x.h5', "
             "errno = 28, error message = 'No space left on device')"),
     "no space left on the disk"),
    (OSError(30, "Read-only file system"), "the file system is read-only"),
])
def test_a_model_file_that_fails_midway_keeps_the_old_file(tmp_path, suffix, failure, cause):
    target = tmp_path / f"model{suffix}"
    target.write_bytes(b"PK old model")
    with pytest.raises(WriteError) as caught:
        save_model(StandInModel(failure), target)
    assert str(caught.value) == f"cannot write {target}: {cause}"
    assert target.read_bytes() == b"PK old model"
    assert temporaries(tmp_path) == [] and [p.name for p in tmp_path.iterdir()] == [
        target.name]


def test_a_model_file_through_a_symbolic_link_replaces_the_target(tmp_path):
    real = tmp_path / "real.keras"
    real.write_bytes(b"PK old model")
    link = tmp_path / "link.keras"
    link.symlink_to(real)
    save_model(StandInModel(), link)
    assert link.is_symlink() and real.read_bytes() == b"PK new model"
    assert temporaries(tmp_path) == []


def test_a_checkpoint_on_a_full_disk_keeps_the_previous_best(tmp_path):
    from engine.training.checkpoint import checkpoint_callback

    path = tmp_path / "p.best.keras"
    model = StandInModel()
    callback = checkpoint_callback(path, "val_loss", save_best_only=True)
    callback.set_model(model)
    callback.on_epoch_end(0, {"val_loss": 1.0})
    assert path.read_bytes() == b"PK new model"
    model.failure = OSError(28, "No space left on device")
    with pytest.raises(WriteError, match="p.best.keras: no space left on the disk"):
        callback.on_epoch_end(1, {"val_loss": 0.5})
    assert path.read_bytes() == b"PK new model" and temporaries(tmp_path) == []
    model.failure = None
    callback.on_epoch_end(2, {"val_loss": 2.0})  # worse than the best: not written
    assert model.calls == 2

"""A truncated image in an image folder passes the header check but fails when TensorFlow
decodes it, with a message that names no file. Training, computing the standard scaling and
reading images all name the file instead (relative to the project) and say what to do; the
trainer reports it as an error event and keeps running."""

import numpy as np
import pytest

from engine.data import prepare_data
from engine.data.errors import ImageFileError
from engine.project import Project
from engine.training.events import ErrorEvent
from engine.training.trainer import Trainer
from tests.data.test_image_folder_source import SIZE, cnn_graph, write_folder

BROKEN = "shapes/ring/003.png"


def folder_with_a_cut_image(root, per_class=6):
    """Generated PNGs, one class folder each; ring/003.png cut to half its bytes."""
    write_folder(root / "shapes", per_class=per_class)
    path = root / BROKEN
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    return path


def data_spec(scaling="divide255"):
    return {"dataset": {"source": "image_folder", "path": "shapes", "image_size": [SIZE, SIZE]},
            "scaling": scaling, "split": {"test": 0.0, "validation": 0.0, "seed": 3}}


def test_training_on_a_folder_with_a_cut_image_names_the_file(tmp_path):
    folder_with_a_cut_image(tmp_path)
    project = Project("cut", cnn_graph(), data_spec(),
                      {"epochs": 1, "batch_size": 8, "seed": 1},
                      path=tmp_path / "cut.dendrite")
    trainer = Trainer.from_project(project)
    assert trainer.prepare().ok  # the header check passes: the file starts as a PNG
    events = []
    done = trainer.train(events.append)
    assert done.reason == "error"
    errors = [e.message for e in events if isinstance(e, ErrorEvent)]
    assert errors == [done.message]
    message = done.message
    assert message.startswith(f"{BROKEN} is cut short or not a valid PNG image"), message
    assert "remove or replace it" in message
    assert "Traceback" not in message and "IteratorGetNext" not in message
    assert message.count(".png") == 1  # only the broken file is named

    # the app keeps running: with the file replaced, the same trainer trains
    write_folder(tmp_path / "again", per_class=1)
    (tmp_path / BROKEN).write_bytes((tmp_path / "again" / "ring" / "000.png").read_bytes())
    assert trainer.train().reason == "finished"


def test_standard_scaling_and_reading_images_name_the_cut_image(tmp_path):
    folder_with_a_cut_image(tmp_path, per_class=4)
    with pytest.raises(ImageFileError) as info:  # the scaling's figures decode every image
        prepare_data(data_spec("standard"), tmp_path)
    assert info.value.paths == [BROKEN]
    assert str(info.value).startswith(f"{BROKEN} is cut short")

    data = prepare_data(data_spec(), tmp_path)  # the preview and the Results views
    train = data.splits["train"]
    row = train.paths.index(str(tmp_path / BROKEN))
    assert train.images([0 if row else 1]).shape == (1, SIZE, SIZE, 3)  # others still read
    with pytest.raises(ImageFileError, match="shapes/ring/003.png is cut short"):
        train.images([row])


def test_several_broken_images_are_counted(tmp_path):
    folder_with_a_cut_image(tmp_path, per_class=4)
    for name in ("000", "001", "002"):
        (tmp_path / "shapes" / "square" / f"{name}.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    data = prepare_data(data_spec(), tmp_path)
    with pytest.raises(ImageFileError) as info:
        data.splits["train"].images(np.arange(len(data.splits["train"])))
    message = str(info.value)
    assert len(info.value.paths) == 4
    assert "1 more image of the folder cannot be decoded either" in message
    assert message.endswith("remove or replace them")


def test_an_image_deleted_after_loading_is_named_as_gone(tmp_path):
    write_folder(tmp_path / "shapes", per_class=2)
    data = prepare_data(data_spec(), tmp_path)
    train = data.splits["train"]
    (tmp_path / "shapes" / "cross" / "001.png").unlink()
    row = train.paths.index(str(tmp_path / "shapes" / "cross" / "001.png"))
    with pytest.raises(ImageFileError) as info:
        train.images([row])
    assert str(info.value) == ("shapes/cross/001.png no longer exists (moved or deleted since "
                               "the folder was read); load the data again")

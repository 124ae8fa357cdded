"""The `image_folder` source: a folder of generated PNGs (one subfolder per class) binds a
Conv2D network from the analysis alone, trains streamed with tf.data, and a bad folder is
refused with a message naming what is wrong."""

import numpy as np
import pytest

from engine.data import DataError, prepare_data
from engine.graph import Graph
from engine.project import Project
from engine.project_analysis import analyse_project
from engine.training.trainer import Trainer

SIZE = 16


def draw(kind: str, rng) -> np.ndarray:
    """A 16x16 RGB picture: a red filled square, a green ring or a blue cross, jittered."""
    image = rng.integers(0, 40, (SIZE, SIZE, 3)).astype(np.uint8)
    yy, xx = np.mgrid[:SIZE, :SIZE]
    cy, cx = rng.integers(6, 10, 2)
    if kind == "square":
        mask = (abs(yy - cy) < 4) & (abs(xx - cx) < 4)
        colour = (220, 30, 30)
    elif kind == "ring":
        r = np.hypot(yy - cy, xx - cx)
        mask = (r > 3) & (r < 6)
        colour = (30, 200, 30)
    else:
        mask = (abs(yy - cy) < 2) | (abs(xx - cx) < 2)
        colour = (40, 40, 230)
    image[mask] = colour
    return image


def write_folder(root, per_class=20, classes=("cross", "ring", "square")):
    from PIL import Image

    rng = np.random.default_rng(0)
    for name in classes:
        (root / name).mkdir(parents=True)
        for i in range(per_class):
            Image.fromarray(draw(name, rng)).save(root / name / f"{i:03d}.png")
    return root


def cnn_graph(classes=3) -> Graph:
    graph = Graph()
    ids = [graph.add_node("Input", {}, "image").id,
           graph.add_node("Conv2D", {"filters": 8, "kernel_size": [3, 3], "activation": "relu",
                                     "padding": "same"}, "conv").id,
           graph.add_node("MaxPooling2D", {}, "pool").id,
           graph.add_node("Flatten", {}, "flat").id,
           graph.add_node("Output", {"units": classes, "activation": "softmax",
                                     "loss": "sparse_categorical_crossentropy",
                                     "metrics": ["accuracy"]}, "shape").id]
    for a, b in zip(ids, ids[1:], strict=False):
        graph.connect(a, b)
    return graph


def folder_data(path="shapes", **extra):
    return {"dataset": {"source": "image_folder", "path": path, "image_size": [SIZE, SIZE],
                        **extra},
            "scaling": "divide255", "split": {"test": 0.2, "validation": 0.2, "seed": 3}}


def test_an_image_folder_binds_from_the_analysis_and_trains_streamed(tmp_path):
    write_folder(tmp_path / "shapes")
    project = Project("shapes", cnn_graph(), folder_data(),
                      {"epochs": 8, "batch_size": 8, "seed": 1,
                       "optimizer": {"name": "adam", "learning_rate": 0.01}},
                      path=tmp_path / "shapes.dendrite")
    analysis = analyse_project(project)
    assert not [p for p in analysis.problems if p.severity == "error"], analysis.problems
    assert analysis.shape(project.graph.nodes[0].id) == (None, SIZE, SIZE, 3) or \
        tuple(analysis.shape(project.graph.nodes[0].id))[-3:] == (SIZE, SIZE, 3)

    trainer = Trainer.from_project(project)
    binding = trainer.prepare()
    assert binding.ok, binding.problems
    data = trainer.prepared
    assert data.is_streamed and data.class_names == ["cross", "ring", "square"]
    assert sum(data.shapes()[s][0] for s in data.splits) == 60
    assert data.shapes()["train"][1:] == (SIZE, SIZE, 3)
    done = trainer.train()
    assert done.reason == "finished", done.message
    metrics = trainer.evaluate()
    assert metrics["accuracy"] >= 0.8  # three classes: chance is 1/3
    predictions = trainer.predict([0, 1, 2])
    assert list(predictions.indices) == [0, 1, 2]


def test_grayscale_gives_one_channel(tmp_path):
    write_folder(tmp_path / "shapes", per_class=3)
    spec = folder_data(color_mode="grayscale")
    data = prepare_data(spec, tmp_path)
    assert data.sample_shape == (SIZE, SIZE, 1)
    assert data.splits["train"].images([0]).shape == (1, SIZE, SIZE, 1)
    project = Project("g", cnn_graph(), spec, path=tmp_path / "g.dendrite")
    node = project.graph.nodes[0].id
    assert tuple(analyse_project(project).shape(node))[-3:] == (SIZE, SIZE, 1)


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(DataError, match="the image folder does not exist"):
        prepare_data(folder_data("nowhere"), tmp_path)
    project = Project("m", cnn_graph(), folder_data("nowhere"), path=tmp_path / "m.dendrite")
    messages = [p.message for p in analyse_project(project).problems]
    assert any("nowhere" in m and "does not exist" in m for m in messages), messages


def test_a_folder_without_class_subfolders_says_so(tmp_path):
    (tmp_path / "flat").mkdir()
    (tmp_path / "flat" / "a.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(DataError, match="no class subfolders"):
        prepare_data(folder_data("flat"), tmp_path)


def test_class_subfolders_without_images_say_so(tmp_path):
    (tmp_path / "empty" / "cats").mkdir(parents=True)
    (tmp_path / "empty" / "cats" / "notes.txt").write_text("no pictures here")
    with pytest.raises(DataError, match="no images in its class subfolders"):
        prepare_data(folder_data("empty"), tmp_path)


def test_an_unreadable_image_is_named(tmp_path):
    write_folder(tmp_path / "shapes", per_class=2)
    bad = tmp_path / "shapes" / "ring" / "broken.png"
    bad.write_text("this is not a picture")
    with pytest.raises(DataError, match="broken.png") as info:
        prepare_data(folder_data(), tmp_path)
    assert "not a PNG, JPEG, GIF or BMP image" in str(info.value)

"""The CNN example trains on the digits read as 8x8x1 images, and the text example on its
sentences, each well above chance; digits "as images" bind a Conv2D network from the
analysis; text columns become token columns adapted on the training split."""

import copy
from pathlib import Path

import numpy as np
import pytest

from engine.data import DataError, prepare_data
from engine.project_analysis import analyse_project
from engine.project_io import load_project
from engine.training.trainer import Trainer

PROJECTS = Path(__file__).resolve().parents[2] / "projects"
DIGITS_IMAGES = {"source": "sklearn", "name": "digits", "as_images": True}


def errors(project):
    return [p.message for p in analyse_project(project).problems if p.severity == "error"]


def test_the_cnn_example_is_fashion_mnist_shaped_without_loading_it():
    project = load_project(PROJECTS / "cnn_digits.dendrite")
    assert project.data["dataset"]["name"] == "fashion_mnist"
    analysis = analyse_project(project)
    image = project.graph.nodes[0].id
    assert tuple(analysis.shape(image))[-3:] == (28, 28, 1)
    kinds = [n.type for n in project.graph.nodes]
    assert kinds == ["Input", "Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten",
                     "Dense", "Dropout", "Output"]


def test_the_cnn_example_learns_the_digits_as_images():
    project = load_project(PROJECTS / "cnn_digits.dendrite")
    data = copy.deepcopy(project.data)
    data["dataset"] = dict(DIGITS_IMAGES)
    data["scaling"] = "standard"
    project.set_section("data", data)
    project.set_section("training", {**project.training, "epochs": 4})
    image = project.graph.nodes[0].id
    project.graph.set_param(image, "shape", [8, 8, 1])  # the digits' images
    assert not errors(project)
    analysis = analyse_project(project)
    assert tuple(analysis.shape(project.graph.nodes[0].id))[-3:] == (8, 8, 1)
    trainer = Trainer.from_project(project)
    assert trainer.prepare().ok
    assert trainer.prepared.shapes()["train"][1:] == (8, 8, 1)
    done = trainer.train()
    assert done.reason == "finished", done.message
    accuracy = trainer.evaluate()["accuracy"]
    assert accuracy >= 0.80, accuracy  # ten classes: chance is 0.10


def test_as_images_is_refused_for_a_table():
    with pytest.raises(DataError, match="as_images: iris is not an image set"):
        prepare_data({"dataset": {"source": "sklearn", "name": "iris", "as_images": True}})


def test_the_text_example_binds_an_embedding_to_the_sentences():
    project = load_project(PROJECTS / "text_sentiment.dendrite")
    assert not errors(project)
    analysis = analyse_project(project)
    words = project.graph.nodes[0].id
    assert tuple(analysis.shape(words))[-1:] == (16,)
    data = prepare_data(project.data, PROJECTS)
    train = data.splits["train"]
    assert data.feature_names[:2] == ["sentence[0]", "sentence[1]"]
    assert train.x.shape[1] == 16
    # word numbers: whole, from 0 (padding) up to the vocabulary size
    assert np.all(train.x == np.round(train.x)) and train.x.max() < 1000
    assert train.x[:, 0].min() >= 2  # every sentence has a first word the vocabulary knows
    assert data.class_names == ["negative", "positive"]
    assert any("text column" in m for m in data.report.messages)
    preview = data.preview(3)
    assert preview.columns == ["sentence", "label"]
    assert isinstance(preview.rows[0][0], str) and preview.rows[0][1] in data.class_names


def test_the_vocabulary_is_learnt_on_the_training_split_only(tmp_path):
    csv = tmp_path / "t.csv"
    rows = ["good film,1", "bad film,0"] * 10 + ["zebra,1"]  # "zebra" lands in one split
    csv.write_text("text,label\n" + "\n".join(rows) + "\n")
    spec = {"dataset": {"source": "csv", "path": str(csv), "target": "label",
                        "text_columns": ["text"], "sequence_length": 3},
            "split": {"test": 0.3, "validation": 0.0, "seed": 0}}
    data = prepare_data(spec)
    where = {name: "zebra" in set(part.texts["text"]) for name, part in data.splits.items()}
    zebra_split = next(n for n, has in where.items() if has)
    part = data.splits[zebra_split]
    row = list(part.texts["text"]).index("zebra")
    if zebra_split == "test":
        assert part.x[row, 0] == 1  # unknown to a vocabulary adapted on the training split
    else:
        assert part.x[row, 0] >= 2


def test_a_missing_text_column_is_named(tmp_path):
    csv = tmp_path / "t.csv"
    csv.write_text("text,label\ngood,1\nbad,0\n")
    spec = {"dataset": {"source": "csv", "path": str(csv), "target": "label",
                        "text_columns": ["review"]}}
    with pytest.raises(DataError, match="no column 'review' for data.dataset.text_columns"):
        prepare_data(spec)


def test_the_text_example_learns_the_sentiment():
    project = load_project(PROJECTS / "text_sentiment.dendrite")
    trainer = Trainer.from_project(project)
    assert trainer.prepare().ok
    done = trainer.train()
    assert done.reason == "finished", done.message
    accuracy = trainer.evaluate()["accuracy"]
    assert accuracy >= 0.75, accuracy  # two balanced classes: chance is 0.5


def test_the_generated_script_reads_the_text_as_the_app_does(tmp_path):
    import runpy

    from engine.data import bind
    from engine.export import generate_code

    project = load_project(PROJECTS / "text_sentiment.dendrite")
    script = tmp_path / "text_script.py"
    script.write_text(generate_code(project), encoding="utf-8")
    code = runpy.run_path(str(script), run_name="not_main")  # defines, runs nothing
    x, targets, own_test, names = code["load_dataset"]()
    parts = code["scale"](code["split_data"](x, targets, own_test))
    data = prepare_data(project.data, PROJECTS)
    binding = bind(project.graph, project.data, data)
    for split in ("train", "validation", "test"):
        app = next(iter(binding.x(data, split).values()))
        assert np.array_equal(code["features"](parts[split][0], names), app), split


def test_the_generated_script_refuses_an_image_folder():
    from engine.export import generate_code
    from engine.export.codegen import CodegenError

    project = load_project(PROJECTS / "cnn_digits.dendrite")
    project.data["dataset"] = {"source": "image_folder", "path": "pictures"}
    with pytest.raises(CodegenError, match="cannot read an image folder yet"):
        generate_code(project)


def test_an_embedding_smaller_than_the_vocabulary_is_warned_of():
    project = load_project(PROJECTS / "text_sentiment.dendrite")
    embedding = project.graph.by_name("embedding")
    project.graph.set_param(embedding.id, "input_dim", 300)
    found = [p for p in analyse_project(project).problems if p.node_id == embedding.id]
    assert any("input_dim 300" in p.message and "set input_dim to 1000" in p.message
               and p.severity == "warning" for p in found), found


def test_divide255_with_text_columns_is_refused_with_the_reason():
    project = load_project(PROJECTS / "text_sentiment.dendrite")
    with pytest.raises(DataError, match="word numbers must stay whole numbers; choose "
                                        "standard"):
        prepare_data({**project.data, "scaling": "divide255"}, PROJECTS)
    # standard scales number columns only: the example's word numbers stay as they are
    plain = prepare_data(project.data, PROJECTS)
    scaled = prepare_data({**project.data, "scaling": "standard"}, PROJECTS)
    assert np.array_equal(scaled.splits["train"].x, plain.splits["train"].x)

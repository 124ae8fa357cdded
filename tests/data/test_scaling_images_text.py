"""`standard` scaling where it used to be refused. An image folder: each channel's mean and
standard deviation over the TRAINING split's pixels (streamed; the split is never loaded),
applied in the pipeline, so a scaled split has mean ~0 and deviation ~1 per channel; an
exported model holds them and predicts from raw 0-255 images what the app predicts. A CSV
with a text column: the number columns are scaled, the word numbers stay whole; the exported
model (raw columns in) and the generated script scale exactly as the app does."""

import runpy

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from engine.data import DataError, bind, prepare_data
from engine.export import export_model, generate_code
from engine.graph import Graph
from engine.project import Project
from engine.training.trainer import Trainer
from tests.data.test_image_folder_source import SIZE, cnn_graph, write_folder


def image_spec(scaling="standard"):
    return {"dataset": {"source": "image_folder", "path": "shapes", "image_size": [SIZE, SIZE]},
            "scaling": scaling, "split": {"test": 0.25, "validation": 0.25, "seed": 5}}


def pixels(paths) -> np.ndarray:
    """Every pixel of the files, one row per pixel, read by PIL (not the app's decoder)."""
    return np.concatenate([np.asarray(Image.open(p).convert("RGB"), np.float64).reshape(-1, 3)
                           for p in paths])


def stream(data, binding, split):
    """A split as training streams it (the tf.data batches), in one array."""
    return np.concatenate([x.numpy() for x, _y in binding.stream(data, split, 8)])


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("images")
    write_folder(root / "shapes", per_class=8)
    return root


def test_image_standard_scaling_uses_the_training_split_channels(folder):
    data = prepare_data(image_spec(), folder)
    train = data.splits["train"]
    assert train._x is None  # the figures were streamed: the split was never loaded
    expected = pixels(train.paths)
    mean, std = train.standard
    assert np.allclose(mean, expected.mean(axis=0), rtol=1e-5)
    assert np.allclose(std, expected.std(axis=0), rtol=1e-5)
    everything = pixels(data.dataset.image_folder.paths)
    assert np.abs(everything.mean(axis=0) - mean).max() > 0.01  # the training split's only

    binding = bind(cnn_graph(), image_spec(), data)
    scaled = stream(data, binding, "train").reshape(-1, 3)
    assert np.allclose(scaled.mean(axis=0), 0, atol=1e-4)
    assert np.allclose(scaled.std(axis=0), 1, atol=1e-4)
    # the other splits use the training split's figures too (not their own)
    test = stream(data, binding, "test").reshape(-1, 3)
    own = pixels(data.splits["test"].paths)
    assert np.allclose(test, (own - mean) / std, atol=1e-3)
    assert data.standard.mean.shape == (SIZE * SIZE * 3,)
    assert np.array_equal(data.standard.mean[:6], np.tile(mean, 2))  # pixel by pixel


def test_an_exported_model_standardises_raw_images_as_the_app(folder, tmp_path):
    import keras

    project = Project("shapes", cnn_graph(), image_spec(),
                      {"epochs": 1, "batch_size": 8, "seed": 1},
                      path=folder / "shapes.dendrite")
    trainer = Trainer.from_project(project)
    assert trainer.prepare().ok
    assert trainer.train().reason == "finished"
    raw = np.stack([np.asarray(Image.open(p).convert("RGB"), np.float32)
                    for p in trainer.prepared.splits["test"].paths])
    app = trainer.model.predict(trainer.prepared.splits["test"].x, verbose=0)
    mean, std = trainer.prepared.splits["train"].standard
    for name in ("model.keras", "model.h5"):  # the legacy .h5 loader too: per channel
        report = export_model(project, tmp_path / name, model=trainer.model)
        assert "Normalization" in report.form and not report.verification.warnings, name
        loaded = keras.models.load_model(tmp_path / name)
        scaling = loaded.get_layer("image_scaling")
        assert np.allclose(np.ravel(scaling.mean), mean)
        assert np.allclose(np.sqrt(np.ravel(scaling.variance)), std)
        assert np.allclose(loaded.predict(raw, verbose=0), app, atol=1e-5), name


# ---- a CSV with number columns and a text column -------------------------------------------
WORDS = {1: "great fun loved brilliant", 0: "dull slow boring awful"}


def write_reviews(folder, rows=80):
    rng = np.random.default_rng(2)
    label = rng.integers(0, 2, rows)
    frame = pd.DataFrame({
        "length": rng.normal(100, 20, rows).round(1),
        "stars": (label * 3 + rng.integers(1, 3, rows)).astype(float),
        "review": [" ".join(rng.choice(WORDS[int(k)].split(), 3)) for k in label],
        "label": np.where(label == 1, "pos", "neg")})
    path = folder / "reviews.csv"
    frame.to_csv(path, index=False)
    return path


def review_project(folder, scaling="standard") -> Project:
    graph = Graph()
    graph.add_node("Input", {}, "numbers", (0, 0), "n1")
    graph.add_node("Dense", {"units": 4, "activation": "relu"}, "dense", (200, 0), "n2")
    graph.add_node("Input", {}, "review", (0, 200), "n3")
    graph.add_node("Embedding", {"input_dim": 50, "output_dim": 4}, "embedding", (200, 200), "n4")
    graph.add_node("GlobalAveragePooling1D", {}, "average", (400, 200), "n5")
    graph.add_node("Concatenate", {}, "both", (600, 100), "n6")
    graph.add_node("Output", {"units": 2, "activation": "softmax",
                              "loss": "sparse_categorical_crossentropy"}, "label",
                   (800, 100), "n7")
    for a, b in (("n1", "n2"), ("n3", "n4"), ("n4", "n5"), ("n2", "n6"), ("n5", "n6"),
                 ("n6", "n7")):
        graph.connect(a, b)
    data = {"dataset": {"source": "csv", "path": str(write_reviews(folder)), "target": "label",
                        "text_columns": ["review"], "max_tokens": 50, "sequence_length": 4},
            "inputs": {"n1": {"columns": ["length", "stars"]}, "n3": {"columns": "review"}},
            "targets": {"n7": "target"}, "scaling": scaling,
            "split": {"test": 0.25, "validation": 0.0, "seed": 4}}
    return Project("reviews", graph, data, {"epochs": 1, "batch_size": 16, "seed": 1},
                   path=folder / "reviews.dendrite")


def test_csv_standard_scaling_scales_numbers_and_keeps_word_numbers(tmp_path):
    project = review_project(tmp_path)
    scaled = prepare_data(project.data)
    plain = prepare_data({**project.data, "scaling": "none"})
    names = scaled.feature_names
    numbers = [names.index("length"), names.index("stars")]
    words = [i for i, n in enumerate(names) if n.startswith("review[")]
    assert len(words) == 4 and len(names) == 6
    train = scaled.splits["train"].x
    assert np.allclose(train[:, numbers].mean(axis=0), 0, atol=1e-5)
    assert np.allclose(train[:, numbers].std(axis=0), 1, atol=1e-4)
    raw_train = plain.splits["train"].x[:, numbers].astype(np.float64)
    test = scaled.splits["test"].x[:, numbers]
    expected = ((plain.splits["test"].x[:, numbers] - raw_train.mean(axis=0))
                / raw_train.std(axis=0))
    assert np.allclose(test, expected, atol=1e-5)  # the training split's figures
    for split in scaled.splits:  # word numbers untouched, whole
        assert np.array_equal(scaled.splits[split].x[:, words],
                              plain.splits[split].x[:, words])
    assert train[:, words].max() >= 2 and np.all(train[:, words] % 1 == 0)


def test_csv_divide255_with_text_columns_is_refused_with_the_choice(tmp_path):
    project = review_project(tmp_path, scaling="divide255")
    with pytest.raises(DataError, match="choose standard .* or none"):
        prepare_data(project.data)


def test_csv_with_text_exports_and_scripts_scale_as_the_app(tmp_path):
    project = review_project(tmp_path)
    trainer = Trainer.from_project(project)
    assert trainer.prepare().ok
    assert trainer.train().reason == "finished"
    report = export_model(project, tmp_path / "model.keras", model=trainer.model)
    assert report.form.startswith("raw CSV columns in")
    assert not report.verification.warnings
    assert report.verification.differences["label"] <= 1e-5
    import keras

    layers = {layer.name: layer for layer in keras.models.load_model(
        tmp_path / "model.keras").layers}
    assert "numbers_scaling" in layers and "review_scaling" not in layers  # words unscaled

    # the generated script loads, splits and scales the file to the app's very numbers
    script = tmp_path / "reviews.py"
    script.write_text(generate_code(project))
    code = runpy.run_path(str(script), run_name="reviews_script")
    x, targets, own_test, _names = code["load_dataset"]()
    parts = code["scale"](code["split_data"](x, targets, own_test))
    for split, part in trainer.prepared.splits.items():
        assert np.allclose(parts[split][0], part.x, atol=1e-5), split

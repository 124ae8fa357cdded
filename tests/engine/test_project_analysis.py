"""The binding is part of the engine's analysis: an Input without a shape takes the shape of
the data bound to it (known without loading the data), `check` and `summary` say so, and each
Output's encoding and units come from the same analysis."""

import io
import json

import pytest

from engine.commands.check import check
from engine.commands.summary import summary
from engine.data import keras_sets, sklearn_sets, synthetic
from engine.data.data_shape import data_shape
from engine.data.sources import load_dataset
from engine.project_analysis import analyse_project
from engine.project_io import load_project


def unshaped_iris(tmp_path, **input_binding):
    """Input without a shape -> softmax Dense 3 -> one-hot Output without units, on iris."""
    data = {"dataset": {"source": "sklearn", "name": "iris"}, "scaling": "standard",
            "split": {"test": 0.2, "validation": 0.2, "seed": 1}}
    if input_binding:
        data["inputs"] = {"i": input_binding}
    project = {
        "format": "dendrite-project", "version": 1, "name": "iris unshaped",
        "graph": {"nodes": [
            {"id": "i", "type": "Input", "name": "features"},
            {"id": "d", "type": "Dense", "params": {"units": 3, "activation": "softmax"}},
            {"id": "o", "type": "Output", "name": "species",
             "params": {"units": None, "loss": "categorical_crossentropy",
                        "metrics": ["accuracy"]}}],
            "edges": [{"source": "i", "target": "d"}, {"source": "d", "target": "o"}]},
        "data": data,
        "training": {"optimizer": {"name": "adam", "learning_rate": 0.05}, "epochs": 2,
                     "batch_size": 16, "seed": 1}}
    path = tmp_path / "iris.dendrite"
    path.write_text(json.dumps(project), encoding="utf-8")
    return path


def run(command, path):
    out, err = io.StringIO(), io.StringIO()
    return command(str(path), out, err), out.getvalue(), err.getvalue()


def test_check_and_summary_of_an_input_bound_to_iris_show_the_bound_shape(tmp_path):
    path = unshaped_iris(tmp_path)
    code, out, _ = run(check, path)
    assert (code, out) == (0, f"{path}: no problems\n")
    code, out, _ = run(summary, path)
    assert code == 0
    rows = {line.split()[0]: line for line in out.splitlines() if "(None" in line}
    assert "(None, 4)" in rows["features"] and "(None, 3)" in rows["species"]
    assert "Total params: 15" in out  # 4 x 3 weights and 3 biases


def test_columns_picked_by_the_binding_give_the_input_its_shape(tmp_path):
    path = unshaped_iris(tmp_path, columns=[0, "petal width (cm)"])
    code, out, _ = run(summary, path)
    assert code == 0 and "features (InputLayer)  (None, 2)" in out


def test_a_declared_shape_that_the_bound_data_cannot_fill_is_an_error_of_check(tmp_path):
    path = unshaped_iris(tmp_path)
    project = json.loads(path.read_text())
    project["graph"]["nodes"][0]["params"] = {"shape": [5]}
    path.write_text(json.dumps(project))
    code, out, _ = run(check, path)
    assert code == 1
    assert ("ERROR node i (features): data.inputs.i: Input features has shape [5] but is "
            "bound to 4 columns") in out


def test_the_output_encoding_and_units_come_from_the_analysis(tmp_path):
    binding = analyse_project(load_project(unshaped_iris(tmp_path))).binding
    assert binding.inputs["i"].shape == (4,)
    species = binding.outputs["o"]
    assert (species.name, species.target, species.encoding, species.units) == (
        "species", "target", "one_hot", 3)


def test_bound_shapes_are_known_without_loading_the_data(tmp_path, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("the analysis loaded the dataset")

    for module in (sklearn_sets, keras_sets, synthetic):
        monkeypatch.setattr(module, "load", refuse)
    project = load_project(unshaped_iris(tmp_path))
    assert analyse_project(project).shape("i") == (4,)
    project.data["dataset"] = {"source": "keras", "name": "fashion_mnist"}
    project.data["inputs"] = {"i": {"reshape": [784]}}
    assert analyse_project(project).shape("i") == (784,)
    project.data["dataset"] = {"source": "synthetic", "name": "regression"}
    project.data["inputs"] = {}
    assert analyse_project(project).shape("i") == (4,)


@pytest.mark.parametrize("spec", [{"source": "sklearn", "name": n} for n in sklearn_sets.BUNDLED]
                         + [{"source": "synthetic", "name": n} for n in synthetic.NAMES])
def test_the_known_shape_of_each_offline_dataset_is_the_loaded_one(spec):
    known, loaded = data_shape(spec), load_dataset(spec)
    assert known.sample_shape == loaded.sample_shape
    assert known.names() == loaded.feature_names


def test_a_csv_shape_counts_its_one_hot_columns_and_follows_the_file(tmp_path):
    csv = tmp_path / "table.csv"
    rows = [f"{i},{'red' if i % 3 else ('' if i == 3 else 'blue')},id{i},{i * 2}"
            for i in range(12)]
    csv.write_text("size,colour,name,price\n" + "\n".join(rows) + "\n", encoding="utf-8")
    spec = {"source": "csv", "path": "table.csv", "target": "price"}
    known, loaded = data_shape(spec, tmp_path), load_dataset(spec, tmp_path)
    # the name column (all distinct) is left out; colour is one-hot, its gap filled
    assert known.names() == loaded.feature_names == ["size", "colour=blue", "colour=red"]
    assert known.n_columns == loaded.n_columns == 3
    csv.write_text("size,weight,price\n1,2,3\n2,3,4\n", encoding="utf-8")
    assert data_shape(spec, tmp_path).n_columns == 2


def test_data_that_cannot_be_read_is_a_warning_and_the_unshaped_input_an_error(tmp_path):
    path = unshaped_iris(tmp_path)
    project = json.loads(path.read_text())
    project["data"]["dataset"] = {"source": "csv", "path": "missing.csv", "target": "y"}
    path.write_text(json.dumps(project))
    code, out, _ = run(check, path)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("WARNING: data.dataset: the data cannot be read: ")
    assert "missing.csv: the file does not exist" in lines[0]
    assert lines[1] == "ERROR node i (features): has no shape: set one, or bind it to data"


def test_a_binding_that_is_not_an_object_is_named_and_the_rest_still_analysed(tmp_path):
    project = load_project(unshaped_iris(tmp_path))
    project.data["inputs"] = ["i"]
    project.data["targets"] = "species"
    analysis = analyse_project(project)
    assert [(p.where, p.message) for p in analysis.errors] == [
        ("data.inputs", 'expected null or an object, got ["i"]'),
        ("data.targets", 'expected null or an object, got "species"')]
    assert analysis.shape("i") == (4,)  # "all" columns, as for an Input left unbound

"""Dict inputs and outputs (issue 14, item 6: `KeyError: 0` in config_graph.py): a model
called with a dict and giving a dict keeps its keys through import, the project file,
compile, training, export (.keras, loaded in a fresh process) and generated code."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest

from engine.compiler import build_model
from engine.errors import InvalidGraphError, ProjectLoadError
from engine.export import export_model, generate_code
from engine.importer import import_model
from engine.project_io import dumps, load_project, parse_project, save_project
from engine.training import RecordingListener, Trainer
from engine.validation import analyse


def _config(path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("config.json"))["config"]


@pytest.fixture(scope="module")
def dict_model(tmp_path_factory):
    """The smallest reproduction: two Inputs taken as a dict (in the order b, a) and two
    outputs given as a dict whose keys are not the layers' names, compiled by those keys."""
    from engine.keras_setup import keras as _keras

    keras = _keras()
    keras.utils.set_random_seed(3)
    a, b = keras.Input((3,), name="a"), keras.Input((2,), name="b")
    joined = keras.layers.Concatenate(name="cat")([a, b])
    kind = keras.layers.Dense(2, activation="softmax", name="dense_kind")(joined)
    score = keras.layers.Dense(1, name="dense_score")(joined)
    model = keras.Model(inputs={"b": b, "a": a}, outputs={"kind": kind, "priority": score},
                        name="ticket")
    model.compile(optimizer="adam", loss={"priority": "mse",
                                          "kind": "sparse_categorical_crossentropy"},
                  loss_weights={"priority": 0.5, "kind": 1.0},
                  metrics={"kind": ["accuracy"]})
    folder = tmp_path_factory.mktemp("dict_io")
    model.save(folder / "ticket.keras")
    return folder, import_model(folder / "ticket.keras")


def test_dict_model_imports_with_its_keys_and_the_project_file_keeps_them(dict_model,
                                                                         tmp_path):
    folder, result = dict_model
    graph = result.project.graph
    names = {n.name: n for n in graph.nodes}
    assert {n: names[n].type for n in ("a", "b", "dense_kind", "dense_score")} == {
        "a": "Input", "b": "Input", "dense_kind": "Output", "dense_score": "Output"}
    # the losses were compiled by the keys; they land on the Output nodes
    assert names["dense_score"].params["loss"] == "mse"
    assert names["dense_score"].params["loss_weight"] == 0.5
    assert names["dense_kind"].params["loss"] == "sparse_categorical_crossentropy"
    assert names["dense_kind"].params["metrics"] == ["accuracy"]
    assert analyse(graph).ok
    # the file says it once, in the graph's io entry (keys equal to names are left out)
    saved = save_project(result.project, tmp_path / "ticket.dendrite")
    entry = json.loads(saved.read_text())["graph"]["io"]
    assert entry == {"inputs": "dict", "outputs": {names["dense_kind"].id: "kind",
                                                   names["dense_score"].id: "priority"}}
    again = load_project(saved)
    assert dumps(again) == dumps(result.project)
    # the model Dendrite builds from the reloaded file has the original's structure
    source = _config(folder / "ticket.keras")
    built = build_model(again.graph, name="ticket").get_config()
    assert built["input_layers"] == source["input_layers"] == {"b": ["b", 0, 0],
                                                               "a": ["a", 0, 0]}
    assert built["output_layers"] == source["output_layers"] == {
        "kind": ["dense_kind", 0, 0], "priority": ["dense_score", 0, 0]}


def test_dict_model_exports_and_predicts_bit_identically_in_a_fresh_process(dict_model,
                                                                           tmp_path, fresh):
    folder, result = dict_model
    report = export_model(result.project, tmp_path / "back.keras", model=result.model)
    assert report.compiled
    script = tmp_path / "ticket_model.py"
    script.write_text(generate_code(result.project))
    assert ("return keras.Model(inputs={'b': b, 'a': a}, outputs={'kind': dense_kind, "
            "'priority': dense_score}") in script.read_text()
    code = f"""
import importlib.util, json
import numpy as np
import keras
source = keras.models.load_model({str(folder / "ticket.keras")!r})
back = keras.models.load_model({str(tmp_path / "back.keras")!r})
rng = np.random.default_rng(5)
x = {{"a": rng.normal(size=(7, 3)).astype("float32"),
     "b": rng.normal(size=(7, 2)).astype("float32")}}
mine, theirs = source(x, training=False), back(x, training=False)  # eager: no tracing
mine, theirs = ({{k: np.asarray(v) for k, v in d.items()}} for d in (mine, theirs))
spec = importlib.util.spec_from_file_location("ticket_model", {str(script)!r})
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
written = module.build_model().get_config()
print(json.dumps({{
    "keys": [list(mine), list(theirs)],
    "same": all(np.array_equal(mine[k], theirs[k]) for k in mine),
    "ends": [back.get_config()["input_layers"], back.get_config()["output_layers"]],
    "source_ends": [source.get_config()["input_layers"], source.get_config()["output_layers"]],
    "written_ends": [written["input_layers"], written["output_layers"]],
}}))
"""
    found = fresh(code, tmp_path)
    assert found["keys"] == [["kind", "priority"], ["kind", "priority"]]
    assert found["same"]  # bit for bit, fed the same dict
    assert found["ends"] == found["source_ends"] == found["written_ends"]


def _trained(project, tmp_path):
    """The project trained one epoch on a small ticket CSV; its trainer."""
    graph = project.graph
    rng = np.random.default_rng(0)
    rows = ["a0,a1,a2,b0,b1,score,kind"]
    for _ in range(40):
        values = rng.normal(size=5)
        rows.append(",".join(f"{v:.4f}" for v in values)
                    + f",{values.sum():.4f},{'big' if values[0] > 0 else 'small'}")
    (tmp_path / "tickets.csv").write_text("\n".join(rows) + "\n")
    ids = {n.name: n.id for n in graph.nodes}
    project.data = {
        "dataset": {"source": "csv", "path": str(tmp_path / "tickets.csv"),
                    "target": ["kind", "score"]},
        "inputs": {ids["a"]: {"columns": [0, 1, 2]}, ids["b"]: {"columns": [3, 4]}},
        "targets": {ids["dense_kind"]: {"column": "kind"},
                    ids["dense_score"]: {"column": "score"}},
        "split": {"test": 0.25, "validation": 0.0, "seed": 0}}
    project.training = {"optimizer": {"name": "adam"}, "epochs": 1, "batch_size": 10,
                        "seed": 1}
    trainer = Trainer.from_project(project)
    assert trainer.prepare().ok, trainer.binding.problems
    done = trainer.train(RecordingListener())
    assert done.reason == "finished", done.message
    return trainer


def test_dict_model_trains_one_epoch_in_dendrite(dict_model, tmp_path):
    _, result = dict_model
    project = result.project.copy()
    trainer = _trained(project, tmp_path)
    # Keras names the losses by the model's keys, as the original model was compiled
    assert {"priority_loss", "kind_loss", "kind_accuracy"} <= set(trainer.history.values)
    assert {"priority_loss", "kind_loss"} <= set(trainer.evaluate())
    shown = trainer.predict([0, 1])  # the Results tab's outputs, by node name
    assert set(shown.outputs) == {"dense_kind", "dense_score"}
    assert shown.outputs["dense_kind"].task == "classification"
    # the trained model's export is checked against the app's model, output by output
    report = export_model(project, tmp_path / "trained.keras", model=trainer.model)
    check = report.verification
    assert check.samples == 10 and not check.warnings and not check.skipped
    assert list(check.differences) == ["kind", "priority"]


def test_an_onnx_export_of_a_dict_model_is_checked_output_by_output(dict_model, tmp_path):
    """ONNX lists a dict model's outputs in Keras's flattened (sorted) order; with keys
    whose lengths order them otherwise, each is still compared with its own."""
    _, result = dict_model
    project = result.project.copy()
    project.graph.io["outputs"][project.graph.by_name("dense_kind").id] = "department"
    trainer = _trained(project, tmp_path)
    for name in ("trained.onnx", "trained.keras"):
        check = export_model(project, tmp_path / name, model=trainer.model).verification
        assert check.samples == 10 and not check.warnings and not check.skipped
        assert list(check.differences) == ["department", "priority"]


def test_an_input_with_its_own_key_is_fed_and_built_under_it(dict_model):
    from engine.model_io import INPUTS, feed

    _, result = dict_model
    graph = result.project.copy().graph
    graph.io["inputs"] = {graph.by_name("a").id: "alpha"}
    model = build_model(graph, name="ticket")
    assert model.get_config()["input_layers"] == {"b": ["b", 0, 0], "alpha": ["a", 0, 0]}
    x = feed(graph, INPUTS, {"a": np.ones((2, 3), "float32"), "b": np.ones((2, 2), "float32")})
    assert set(x) == {"alpha", "b"}
    assert set(model(x, training=False)) == {"kind", "priority"}


def test_bad_io_entries_in_a_file_are_refused_naming_the_place(dict_model):
    _, result = dict_model
    doc = json.loads(dumps(result.project))
    output = next(n["id"] for n in doc["graph"]["nodes"] if n["name"] == "dense_kind")
    other = next(n["id"] for n in doc["graph"]["nodes"] if n["name"] == "dense_score")
    an_input = next(n["id"] for n in doc["graph"]["nodes"] if n["name"] == "a")
    cases = [
        ("tuple", r"graph\.io: expected an object"),
        ({"inputs": "dict", "extra": 1}, r"graph\.io\.extra: unknown entry"),
        ({"outputs": "dicts"}, r"graph\.io\.outputs: expected \"list\", \"dict\""),
        ({"outputs": {"n99": "x"}}, r"graph\.io\.outputs\.n99: there is no node \"n99\" in the "
                                       r"graph"),
        ({"outputs": {an_input: "x"}}, r"graph\.io\.outputs\.n\d+: node n\d+ \(a\) is not "
                                       r"an Output"),
        ({"outputs": {output: ""}}, r"expected a key of 1 to 256 characters"),
        ({"outputs": {output: "k", other: "k"}}, rf"graph\.io\.outputs\.{other}: the key "
                                                 rf"'k' is also node {output}'s"),
    ]
    for value, message in cases:
        doc["graph"]["io"] = value
        with pytest.raises(ProjectLoadError, match=message):
            parse_project(json.dumps(doc), "t.dendrite")
    doc["graph"]["io"] = {"inputs": "list", "outputs": "list"}
    assert parse_project(json.dumps(doc)).graph.io == {}


def test_two_outputs_under_one_key_are_refused_naming_both(dict_model):
    _, result = dict_model
    project = result.project.copy()
    graph = project.graph
    kind, score = graph.by_name("dense_kind"), graph.by_name("dense_score")
    graph.io["outputs"][score.id] = "kind"
    with pytest.raises(InvalidGraphError) as caught:
        build_model(graph)
    (problem,) = caught.value.problems
    assert problem.message == ("its dict key 'kind' is also the key of 'dense_kind': the "
                               "model's outputs need one key each")
    assert {problem.node_id, *problem.also} == {kind.id, score.id}
    # the Problems panel and the canvas say it before anything is built
    from engine.validation import analyse

    assert [p.code for p in analyse(graph).errors] == ["duplicate_io_key"]

"""Reading model configs into layer records (no TensorFlow): both node formats, Sequential
models, and the clear refusals (code in the file, shared layers, subclassed models)."""

import json
import zipfile

import pytest

from engine.importer import ImportRefused, import_model
from engine.importer.config_graph import read_model_config


def _tensor(layer):
    return {"class_name": "__keras_tensor__",
            "config": {"shape": [None, 3], "keras_history": [layer, 0, 0]}}


KERAS3 = {"class_name": "Functional", "config": {
    "name": "wide", "input_layers": [["a", 0, 0], ["b", 0, 0]],
    "output_layers": ["out", 0, 0],
    "layers": [
        {"class_name": "InputLayer", "name": "a", "config": {"name": "a"}, "inbound_nodes": []},
        {"class_name": "InputLayer", "name": "b", "config": {"name": "b"}, "inbound_nodes": []},
        {"class_name": "Dense", "name": "d", "config": {"name": "d"},
         "inbound_nodes": [{"args": [_tensor("b")], "kwargs": {}}]},
        {"class_name": "Concatenate", "name": "c", "config": {"name": "c"},
         "inbound_nodes": [{"args": [[_tensor("a"), _tensor("d")]], "kwargs": {}}]},
        {"class_name": "Dense", "name": "out", "config": {"name": "out"},
         "inbound_nodes": [{"args": [_tensor("c")], "kwargs": {}}]}]}}

KERAS2 = {"class_name": "Model", "config": {
    "name": "wide", "input_layers": [["a", 0, 0], ["b", 0, 0]],
    "output_layers": [["out", 0, 0]],
    "layers": [
        {"class_name": "InputLayer", "name": "a", "config": {}, "inbound_nodes": []},
        {"class_name": "InputLayer", "name": "b", "config": {}, "inbound_nodes": []},
        {"class_name": "Dense", "name": "d", "config": {}, "inbound_nodes": [[["b", 0, 0, {}]]]},
        {"class_name": "Concatenate", "name": "c", "config": {},
         "inbound_nodes": [[["a", 0, 0, {}], ["d", 0, 0, {}]]]},
        {"class_name": "Dense", "name": "out", "config": {},
         "inbound_nodes": [[["c", 0, 0, {}]]]}]}}


@pytest.mark.parametrize("doc", [KERAS3, KERAS2], ids=["keras3", "keras2"])
def test_both_node_formats_give_the_same_wiring(doc):
    record = read_model_config(doc)
    assert record.inputs == ["a", "b"] and record.outputs == ["out"]
    wiring = {r.name: r.sources for r in record.layers}
    assert wiring == {"a": [], "b": [], "d": ["b"], "c": ["a", "d"], "out": ["c"]}
    assert next(r for r in record.layers if r.name == "c").called_with_list


def test_a_sequential_model_becomes_a_chain():
    doc = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "InputLayer", "config": {"name": "in", "batch_shape": [None, 4]}},
        {"class_name": "Dense", "config": {"name": "h"}},
        {"class_name": "Dense", "config": {"name": "o"}}]}}
    record = read_model_config(doc)
    assert [(r.name, r.sources) for r in record.layers] == [("in", []), ("h", ["in"]),
                                                           ("o", ["h"])]
    assert record.outputs == ["o"]


def test_a_shared_layers_second_call_is_a_node_of_its_own_that_shares_it():
    doc = json.loads(json.dumps(KERAS3))
    doc["config"]["layers"][2]["inbound_nodes"].append({"args": [_tensor("a")], "kwargs": {}})
    record = read_model_config(doc)
    call = next(r for r in record.layers if r.name == "d_call_2")
    assert (call.shares, call.class_name, call.sources) == ("d", "Dense", ["a"])


def test_a_subclassed_model_is_refused():
    with pytest.raises(ImportRefused, match="only Functional and Sequential"):
        read_model_config({"class_name": "WideAndDeepModel", "config": {}})


def _keras_file(path, layers):
    doc = {"class_name": "Functional", "module": "keras", "config": {
        "name": "m", "layers": layers, "input_layers": [], "output_layers": []}}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", json.dumps(doc))
        archive.writestr("metadata.json", "{}")
    return path


def test_a_lambda_layer_is_refused_before_keras_reads_the_file(tmp_path):
    path = _keras_file(tmp_path / "lambda.keras", [
        {"module": "keras.layers", "class_name": "Lambda", "config": {
            "name": "evil", "function": {"class_name": "__lambda__", "config": {
                "code": "not even valid bytecode"}}}}])
    with pytest.raises(ImportRefused, match="'evil' is a Lambda layer.*safe mode"):
        import_model(path)


def test_custom_code_is_refused_naming_its_module(tmp_path):
    path = _keras_file(tmp_path / "custom.keras", [
        {"module": "my_package.layers", "class_name": "Fancy",
         "registered_name": "my_package>Fancy", "config": {"name": "fancy"}}])
    with pytest.raises(ImportRefused, match="my_package"):
        import_model(path)


def test_files_that_are_no_model_are_refused_plainly(tmp_path):
    (tmp_path / "notes.keras").write_text("hello")
    with pytest.raises(ImportRefused, match="not a readable .keras file"):
        import_model(tmp_path / "notes.keras")
    with pytest.raises(ImportRefused, match="does not exist"):
        import_model(tmp_path / "missing.h5")
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ImportRefused, match="expected .keras or .h5"):
        import_model(tmp_path / "notes.txt")

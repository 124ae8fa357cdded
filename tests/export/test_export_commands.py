"""The headless export and import commands, and the guards that keep user files safe."""

from argparse import Namespace
from pathlib import Path

import pytest

from engine.commands import export as export_command
from engine.commands import import_model as import_command
from engine.export import ExportError, save_model
from engine.graph import Graph
from engine.validation import analyse
from main import build_parser

PROJECTS = Path(__file__).resolve().parents[2] / "projects"


def test_main_knows_export_and_import():
    args = build_parser().parse_args(["export", "p.dendrite", "--to", "o.py", "--style",
                                      "subclassing"])
    assert (args.command, args.to, args.style) == ("export", "o.py", "subclassing")
    args = build_parser().parse_args(["import", "m.keras", "--to", "p.dendrite"])
    assert (args.command, args.model, args.to) == ("import", "m.keras", "p.dendrite")


def test_export_python_writes_the_chosen_style(tmp_path, capsys):
    out = tmp_path / "model.py"
    code = export_command.run(Namespace(file=str(PROJECTS / "xor.dendrite"), to=str(out),
                                        style="subclassing"))
    assert code == 0
    assert "class XORWithAMultilayerPerceptronModel(keras.Model):" in out.read_text()
    assert "subclassing Python code written" in capsys.readouterr().out


def test_export_refusals_name_the_problem(tmp_path, capsys):
    branching = str(PROJECTS / "wide_and_deep.dendrite")
    assert export_command.run(Namespace(file=branching, to=str(tmp_path / "s.py"),
                                        style="sequential")) == 2
    assert "single chain" in capsys.readouterr().err
    assert export_command.run(Namespace(file=branching, to=str(tmp_path / "m.pt"),
                                        style="functional")) == 1
    assert "cannot tell the format" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_import_refuses_a_target_that_is_no_project_file(tmp_path, capsys):
    assert import_command.run(Namespace(model="m.keras", to=str(tmp_path / "p.json"))) == 2
    assert ".dendrite" in capsys.readouterr().err


def test_a_folder_with_other_files_is_never_replaced_by_a_savedmodel(tmp_path):
    folder = tmp_path / "results"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")

    class NeverExport:
        def export(self, path, **kwargs):
            raise AssertionError("must not be called")

    with pytest.raises(ExportError, match="not a SavedModel folder"):
        save_model(NeverExport(), folder)
    assert (folder / "notes.txt").read_text() == "mine"


def test_a_keras_layer_naming_code_or_no_class_is_a_graph_error():
    graph = Graph()
    x = graph.add_node("Input", {"shape": [3]}, "x").id
    for class_name in ("Lambda", "os.system", ""):
        layer = graph.add_node("KerasLayer", {"class_name": class_name, "config": {},
                                              "output_shape": [3]}).id
        graph.connect(x, layer, 0)
    codes = {p.code for p in analyse(graph).errors}
    assert "keras_layer_class" in codes
    assert sum(p.code == "keras_layer_class" for p in analyse(graph).errors) == 3


@pytest.mark.slow
def test_export_says_its_form_how_it_verified_and_how_to_load_it(tmp_path, capsys):
    digits = str(PROJECTS / "digits.dendrite")
    args = build_parser().parse_args(["export", digits, "--to", str(tmp_path / "d.onnx")])
    assert export_command.run(args) == 0
    out = capsys.readouterr().out
    assert "form: raw data in: Normalization (the training split's mean and variance)" in out
    assert "verified on 256 samples: largest difference from the app's model digit" in out
    assert "WARNING" not in out
    assert "  session = onnxruntime.InferenceSession(path)" in out
    args = build_parser().parse_args(["export", digits, "--to", str(tmp_path / "d.keras"),
                                      "--form", "scaled"])
    assert export_command.run(args) == 0
    assert "form: model only: inputs already scaled" in capsys.readouterr().out

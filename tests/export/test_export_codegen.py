"""Generated Python: every example project in every style it allows parses, is ruff-clean,
and says what the project says; hostile text stays data."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from export_hostile import CANARY, hostile_chain, hostile_project, write_csv

from engine.export import CodegenError, generate_code, styles_for
from engine.graph import Graph
from engine.project import Project
from engine.project_io import load_project

PROJECTS = sorted((Path(__file__).resolve().parents[2] / "projects").glob("*.dendrite"))
RUFF = ["--isolated", "--select", "E,F,W,I,B,UP,SIM", "--ignore", "E501",
        "--line-length", "100"]


def _ruff(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", "check", *RUFF, str(folder)],
                          capture_output=True, text=True)


def test_every_example_in_every_style_parses_and_is_ruff_clean(tmp_path):
    written = 0
    for path in PROJECTS:
        project = load_project(path)
        styles = styles_for(project)
        assert "functional" in styles and "subclassing" in styles
        for style in styles:
            code = generate_code(project, style)
            ast.parse(code)
            (tmp_path / f"{path.stem}_{style}.py").write_text(code, encoding="utf-8")
            written += 1
    assert written >= 20
    done = _ruff(tmp_path)
    assert done.returncode == 0, done.stdout


def test_sequential_is_offered_only_for_a_chain():
    assert "sequential" in styles_for(load_project(PROJECTS[0].with_name("xor.dendrite")))
    branching = load_project(PROJECTS[0].with_name("wide_and_deep_aux_output.dendrite"))
    assert "sequential" not in styles_for(branching)
    with pytest.raises(CodegenError, match="single chain"):
        generate_code(branching, "sequential")


def test_the_script_carries_the_projects_training_settings():
    project = load_project(PROJECTS[0].with_name("wide_and_deep_aux_output.dendrite"))
    code = generate_code(project, "functional")
    assert "keras.optimizers.SGD(learning_rate=0.001)" in code
    assert "'main_output': 0.9, 'aux_output': 0.1" in code
    assert "'wide_input': flat[:, [0, 1, 2, 3, 4]].reshape(len(x), 5)," in code
    assert "TEST_FRACTION = 0.25" in code and "SPLIT_SEED = 42" in code
    assert "fetch_california_housing" in code


def test_leaves_out_keyword_arguments_equal_to_keras_defaults():
    code = generate_code(load_project(PROJECTS[0].with_name("xor.dendrite")), "functional")
    assert "layers.Dense(4, activation='tanh', name='hidden')" in code
    assert "use_bias" not in code and "kernel_initializer" not in code


def test_hostile_names_give_scripts_that_parse_and_hold_them_only_as_strings(tmp_path):
    csv = write_csv(tmp_path)
    for project in (hostile_project(csv), hostile_chain(csv)):
        for style in styles_for(project):
            code = generate_code(project, style)
            tree = ast.parse(code)
            (tmp_path / f"h_{len(list(tmp_path.glob('h_*')))}.py").write_text(code, "utf-8")
            calls = {n.func.id for n in ast.walk(tree)
                     if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
            assert "__import__" not in calls and "eval" not in calls
            strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
                       and isinstance(n.value, str)]
            assert project.name in strings
            assert str(csv) in strings
    assert _ruff(tmp_path).returncode == 0
    assert not list(tmp_path.rglob(CANARY))


def test_a_graph_with_errors_is_refused_with_its_problems():
    graph = Graph()
    graph.add_node("Input", {"shape": [3]}, "x")
    with pytest.raises(Exception, match="errors"):
        generate_code(Project("broken", graph), "functional")


def test_a_project_without_data_or_loss_gives_a_clean_build_only_script(tmp_path):
    project = load_project(PROJECTS[0].with_name("xor.dendrite"))
    project.data, project.training = None, None
    project.graph.unset_param("n3", "loss")
    code = generate_code(project, "functional")
    assert "the model is built, not compiled" in code and "load_dataset" not in code
    (tmp_path / "plain.py").write_text(code, encoding="utf-8")
    done = _ruff(tmp_path)
    assert done.returncode == 0, done.stdout


def test_every_examples_default_script_reads_like_the_book():
    for path in PROJECTS:
        code = generate_code(load_project(path))
        assert len(code.splitlines()) <= 150, path.name
        assert "--strategy" not in code, path.name  # only when the project asks for it
        steps = ["def load_dataset(", "def split_data(", "def scale(", "def build_model(",
                 "def compile_model(", "model.fit(", "model.evaluate(", "model.save("]
        found = [code.index(step) for step in steps]
        assert found == sorted(found), path.name

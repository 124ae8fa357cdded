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


def _script_parts_equal_the_apps(code, project, base):
    """The script's load_dataset / split_data / scale give the app's features, feature
    names and targets in every split."""
    import numpy as np

    from engine.data import prepare_data

    namespace = {"__name__": "exported"}
    exec(compile(code, "exported.py", "exec"), namespace)  # our own generated code
    x, targets, own_test, names = namespace["load_dataset"]()
    parts = namespace["scale"](namespace["split_data"](x, targets, own_test))
    app = prepare_data(project.data, base)
    assert names == app.feature_names
    assert set(parts) == set(app.splits)
    for split, found in app.splits.items():
        np.testing.assert_allclose(parts[split][0], found.x, rtol=1e-6, err_msg=split)
        assert set(parts[split][1]) >= set(found.targets)
        for key, values in found.targets.items():
            np.testing.assert_array_equal(parts[split][1][key], values, err_msg=key)


def _mixed_csv(folder: Path) -> Path:
    """Every kind of CSV column: a row number (left out), numbers with gaps, categories with
    a gap, a many-valued column (rare values grouped), words; and three targets: prices
    (values), grades 2/9/10 (number classes, whose text order differs) and kinds (texts)."""
    import numpy as np

    rng = np.random.default_rng(1)
    lines = ["Id,Age,Port,Town,Review,Price,Grade,Kind"]
    for i in range(120):
        age = "" if i % 9 == 0 else f"{rng.uniform(1, 70):.1f}"
        port = "" if i == 7 else "SCQ"[i % 3]
        town = ["Cork", "Derry", "Sligo"][i % 3] if i % 4 else f"Village {i}"
        review = " ".join(rng.choice(["good", "bad", "fine", "dull", "grand"], 3))
        lines.append(f"{i + 1},{age},{port},{town},{review},{rng.uniform(1, 5):.3f},"
                     f"{[2, 9, 10][i % 3]},{'ab'[i % 2]}")
    path = folder / "mixed.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_csv_script_writes_only_the_column_code_its_file_needs_and_reads_as_the_app(
        tmp_path):
    from tests.data.helpers import make_graph

    csv = _mixed_csv(tmp_path)
    graph = make_graph([("row", None)], [("grade", 3, "softmax",
                                          "sparse_categorical_crossentropy")])
    spec = {"source": "csv", "path": csv.name, "target": ["Grade", "Price", "Kind"],
            "text_columns": ["Review"], "max_tokens": 20, "sequence_length": 4}
    project = Project("mixed", graph, {"dataset": spec, "split": {"test": 0.2,
                                                                  "validation": 0.2}})
    project.path = tmp_path / "mixed.dendrite"
    code = generate_code(project)
    assert "# left out as Dendrite decided: 'Id'" in code
    assert "OTHER = '(other)'" in code and "TEXT_COLUMNS = ['Review']" in code
    assert "if plan == 'numbers':" in code  # numbers and categories: both branches
    (tmp_path / "mixed.py").write_text(code, encoding="utf-8")
    assert _ruff(tmp_path).returncode == 0
    _script_parts_equal_the_apps(code, project, tmp_path)

    # numbers only: no encoder, no grouping, no branch on the column's kind
    spec.update(leave_out=["Port", "Town"], text_columns=[])
    code = generate_code(project)
    assert "OneHotEncoder" not in code and "OTHER" not in code and "if plan" not in code
    assert "TextVectorization" not in code
    _script_parts_equal_the_apps(code, project, tmp_path)


def test_the_text_examples_script_has_no_code_for_column_kinds_it_lacks():
    code = generate_code(load_project(PROJECTS[0].with_name("text_sentiment.dendrite")))
    assert "TextVectorization" in code and "words.adapt(texts[train_rows])" in code
    for absent in ("SimpleImputer", "OneHotEncoder", "CSV_COLUMNS", "OTHER"):
        assert absent not in code, absent


def _points_project(points) -> Project:
    project = load_project(PROJECTS[0].with_name("xor.dendrite"))
    project.data["dataset"] = {"source": "points", "points": points}
    return project


def test_a_points_dataset_is_a_literal_array_and_its_script_trains_as_the_app_splits(
        tmp_path):
    import os

    points = [[i % 2 + 0.125 * (i % 5), (i // 2) % 2 - 1e-3 * i, (i % 2) ^ ((i // 2) % 2)]
              for i in range(40)] + [[1e6, -1e6, 1], [0, 0, 0]]
    project = _points_project(points)
    code = generate_code(project)
    tree = ast.parse(code)
    table = next(n.value for n in tree.body if isinstance(n, ast.Assign)
                 and n.targets[0].id == "POINTS")
    assert ast.literal_eval(table.args[0]) == points  # the points as written, data only
    _script_parts_equal_the_apps(code, project, None)
    script = tmp_path / "points_model.py"
    script.write_text(code, encoding="utf-8")
    assert _ruff(tmp_path).returncode == 0
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1",
               KERAS_BACKEND="tensorflow")
    done = subprocess.run([sys.executable, script.name, "--epochs", "1", "--save",
                           "points.keras"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "final loss:" in done.stdout and "model saved to points.keras" in done.stdout
    assert (tmp_path / "points.keras").is_file()


@pytest.mark.parametrize("bad, where", [
    ([[0, 0, 0], ["__import__('os').system('touch X')", 1, 0]], r"points\[1\]\[0\]"),
    ([[0, 0, "0); import os #"]], r"points\[0\]\[2\]"),
    ([[float("nan"), 0, 1]], r"points\[0\]\[0\]"),
    ([[0, True, 1]], r"points\[0\]\[1\]"),
])
def test_hostile_points_are_refused_naming_the_point(bad, where):
    with pytest.raises(CodegenError, match=where):
        generate_code(_points_project(bad))

"""The search exported as KerasTuner code: the script of a project with ranges, lists and a
repeated layer runs in a fresh process (2 trials, 1 epoch) and prints the best values; it is
ruff-clean; user-typed names stay data. The plain styles write the values training uses."""

import ast
import subprocess
import sys
from argparse import Namespace

import pytest

from engine.commands import export as export_command
from engine.export import generate_code, styles_for
from engine.project_io import save_project
from tests.runs.helpers import regression_project

RUFF = ["--isolated", "--select", "E,F,W,I,B,UP,SIM", "--ignore", "E501",
        "--line-length", "100"]
HOSTILE = "x'); import os; os.system('echo pwned') #\n\"\"\""


def _searched(tmp_path):
    project = regression_project(tmp_path / "s.dendrite", epochs=1)
    project.name = HOSTILE
    hidden = project.graph.by_name("hidden").id
    project.graph.rename(hidden, "hp")  # a layer named like the script's own hp
    for key, value in {"units": {"search": {"min": 4, "max": 16, "step": 4}},
                       "activation": {"search": ["relu", "tanh"]},
                       "repeat": {"search": {"min": 1, "max": 3}}}.items():
        project.graph.set_param(hidden, key, value)
    project.set_setting("training", "optimizer.learning_rate",
                        {"search": {"min": 1e-3, "max": 1e-1, "sampling": "log"}})
    project.set_setting("training", "batch_size", {"search": [8, 16]})
    save_project(project, project.path)
    return project


@pytest.mark.slow
def test_the_exported_search_runs_two_trials_and_prints_the_best_values(tmp_path):
    project = _searched(tmp_path)
    assert styles_for(project)[-3:] == ["search-random", "search-hyperband",
                                        "search-bayesian"]
    script = tmp_path / "search.py"
    code = export_command.run(Namespace(file=str(project.path), to=str(script),
                                        style="search-random", distribution=False))
    assert code == 0
    text = script.read_text(encoding="utf-8")
    assert "def build_model(hp):" in text and "keras_tuner.RandomSearch(" in text
    assert "hp.Int('hp.units', 4, 16, step=4)" in text
    assert "hp.Choice('hp.activation', ['relu', 'tanh'])" in text
    assert "hp.Float('training.optimizer.learning_rate', 0.001, 0.1, sampling='log')" in text
    assert "batch_size=hp.Choice('training.batch_size', [8, 16])" in text
    assert "[:hp.Int('hp.repeat', 1, 3) - 1]" in text
    assert "hp_2 = layers.Dense(" in text  # the layer's variable never shadows hp
    tree = ast.parse(text)  # the hostile project name stays inside a string
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import | ast.ImportFrom)
                for alias in node.names} | {node.module.split(".")[0] for node in ast.walk(tree)
                                            if isinstance(node, ast.ImportFrom)}
    assert "os" not in imported
    assert not any(isinstance(n, ast.Attribute) and n.attr == "system" for n in ast.walk(tree))
    lint = subprocess.run([sys.executable, "-m", "ruff", "check", *RUFF, str(script)],
                          capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout

    run = subprocess.run([sys.executable, str(script), "--trials", "2", "--epochs", "1",
                          "--directory", str(tmp_path / "tuner")], capture_output=True,
                         text=True, cwd=tmp_path, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "pwned" not in run.stdout
    best = run.stdout.split("best values:", 1)[1]
    for name in ("hp.units", "hp.activation", "hp.repeat",
                 "training.optimizer.learning_rate", "training.batch_size"):
        assert f"  {name} = " in best
    assert len(list((tmp_path / "tuner" / "search").glob("trial_*"))) == 2


def test_a_plain_style_writes_the_values_training_uses(tmp_path):
    project = _searched(tmp_path)
    text = generate_code(project, "functional")
    # the low end of the range, the first of the list, the layer once
    assert "layers.Dense(4, activation='relu', name='hp')" in text
    assert "learning_rate=0.001" in text and "BATCH_SIZE = 8" in text
    assert "name='hp_2'" not in text and "keras_tuner" not in text


@pytest.mark.gui
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_export_dialog_offers_the_search_styles_and_saves_the_search(qtbot, tmp_path):
    from PySide6.QtCore import QStandardPaths, Qt

    from gui.background import background_jobs
    from gui.export_dialog import ExportDialog

    QStandardPaths.setTestModeEnabled(True)
    project = _searched(tmp_path)
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "build_model" in dialog.preview.toPlainText(), timeout=10000)
    assert "layers.Dense(4, activation='relu', name='hp')" in dialog.preview.toPlainText()
    box = dialog.style_box
    searches = box.findData("search-hyperband")
    assert box.model().item(searches).isEnabled()
    box.setFocus()
    while dialog.current_style() != "search-hyperband":
        with qtbot.waitSignal(dialog.preview_ready, timeout=10000):
            qtbot.keyClick(box, Qt.Key.Key_Down)
    assert "keras_tuner.Hyperband(" in dialog.preview.toPlainText()
    dialog.path_edit.clear()
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "search.py"))
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "search.py").read_text(encoding="utf-8") == dialog.preview.toPlainText()
    background_jobs().wait_all()

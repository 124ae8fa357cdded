"""File > Import Keras Model, as a user does it: pick a model file, pick where the project
goes; the imported network opens with its weights kept, and a refused file is reported while
the current project stays open."""

import numpy as np
from PySide6.QtWidgets import QMessageBox

import gui.model_importer as importer_module
from engine.project_io import load_project


def _keras():
    from engine.keras_setup import keras

    return keras()


def _answer_dialogs(monkeypatch, model_path, project_path):
    monkeypatch.setattr(importer_module.QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(model_path), "")))
    monkeypatch.setattr(importer_module.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(project_path), "")))


def _trigger_import(window, qtbot):
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a.text() == "&Import Keras Model…")
    with qtbot.waitSignal(window.importer.finished, timeout=60_000) as done:
        action.trigger()
    return done.args[0]


def test_an_imported_model_opens_with_its_names_and_weights(window, qtbot, tmp_path,
                                                             monkeypatch):
    keras = _keras()
    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input((4,), name="features"),
                              keras.layers.Dense(3, activation="relu", name="hidden"),
                              keras.layers.Dense(1, name="price")], name="tiny")
    model.compile(optimizer="adam", loss="mse")
    model.save(tmp_path / "tiny.keras")
    _answer_dialogs(monkeypatch, tmp_path / "tiny.keras", tmp_path / "tiny_project")

    assert _trigger_import(window, qtbot) is True
    path = tmp_path / "tiny_project.dendrite"
    assert window.document.path == path
    names = [n.name for n in window.document.graph.nodes]
    assert names == ["features", "hidden", "price"]
    assert window.summary.summary.total == model.count_params() == 19
    assert "weights kept" in window.statusBar().currentMessage()
    saved = load_project(path)
    trained = saved.extra.get("trained")
    assert trained and (tmp_path / trained["file"]).exists()

    from engine.training.state import OK, load_state

    loaded = load_state(saved)
    assert loaded.status == OK, loaded.message
    kept = sorted(np.asarray(array).tobytes() for _name, array in loaded.state.weights)
    original = sorted(np.asarray(w).tobytes() for w in model.get_weights())
    assert kept == original  # the weights came along bit for bit


def test_a_lambda_model_is_refused_and_the_project_stays(window, qtbot, tmp_path, monkeypatch):
    keras = _keras()
    inputs = keras.Input((2,), name="x")
    outputs = keras.layers.Lambda(lambda t: t * 2, name="doubler")(inputs)
    keras.Model(inputs, outputs).save(tmp_path / "lambda.keras")
    before = window.document.graph.to_dict()
    _answer_dialogs(monkeypatch, tmp_path / "lambda.keras", tmp_path / "lambda.dendrite")

    assert _trigger_import(window, qtbot) is False
    box = window.findChild(QMessageBox, "error_message")
    assert box is not None and "'doubler' is a Lambda layer" in box.text()
    assert "lambda.keras" in box.text()
    box.close()
    assert window.document.graph.to_dict() == before
    assert not (tmp_path / "lambda.dendrite").exists()

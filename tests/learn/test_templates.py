"""File > New from Template: the seed's typical MLPs (regression, binary, multilabel,
multiclass) with the table's output activation and loss, explained in the inspector."""

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from engine.data.binding import bind
from engine.data.prepare import prepare_data
from engine.templates import TEMPLATES, new_from_template, node_notes, template
from engine.validation import analyse

# the seed's tables: output activation and loss of each typical architecture
SEED_TABLE = {
    "regression": ("linear", "mse"),
    "binary": ("sigmoid", "binary_crossentropy"),
    "multilabel": ("sigmoid", "binary_crossentropy"),
    "multiclass": ("softmax", "sparse_categorical_crossentropy"),
}


@pytest.mark.parametrize("key", list(SEED_TABLE))
def test_each_template_is_a_valid_mlp_with_the_tables_choices(key):
    project = new_from_template(key)
    graph = project.graph
    assert analyse(graph).ok
    hidden = [n for n in graph.nodes if n.type == "Dense"]
    assert hidden and all(n.params["activation"] == "relu" for n in hidden)
    output = graph.by_name("output")
    assert (output.params["activation"], output.params["loss"]) == SEED_TABLE[key]
    assert "ReLU" in node_notes(hidden[0])
    assert node_notes(output).startswith("Output:")
    assert project.path is None  # a new, unsaved project


@pytest.mark.parametrize("key", ["regression", "binary", "multiclass"])
def test_templates_with_bundled_data_bind_it_as_is(key):
    project = new_from_template(key)
    binding = bind(project.graph, project.data, prepare_data(project.data))
    assert binding.ok, [p.message for p in binding.problems]


def test_an_unknown_template_is_refused_by_name():
    with pytest.raises(KeyError, match="regression, binary, multilabel, multiclass"):
        template("cnn")
    assert [t.key for t in TEMPLATES] == list(SEED_TABLE)


@pytest.mark.gui
def test_file_new_from_template_opens_it_and_the_inspector_explains_the_output(
        qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("DENDRITE_DATA_DIR", str(tmp_path / "appdata"))
    from gui.app import create_window

    window = create_window(None, autosave=False)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    try:
        file_menu = window.menuBar().actions()[0].menu()
        submenu = next(a.menu() for a in file_menu.actions()
                       if a.text() == "New from &Template")
        titles = [a.text() for a in submenu.actions()]
        assert titles == [t.title for t in TEMPLATES]
        submenu.actions()[3].trigger()  # Multiclass classifier
        assert window.document.name == "New multiclass classifier"
        output = window.document.graph.by_name("output")
        window.canvas.select_nodes([output.id])
        QTest.qWait(20)
        help_text = window.inspector.help_label.text()
        assert "softmax" in help_text and "cross-entropy" in help_text
        assert window.learn.project_source() is window.document.project
    finally:
        window.document.undo_stack.setClean()
        window.close()
        QApplication.processEvents()

"""Image and text data from the Data tab: digits "as images", an image folder's options,
CSV text columns; and the Results tab's grid of misclassified test images with their true
and predicted labels (computed by the engine)."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QVBoxLayout, QWidget

from engine.data import CLASSIFICATION, MAIN_TARGET, Dataset, Target, bind, prepare_data
from engine.graph import Graph
from engine.project import Project
from engine.training.results import make_predictions
from gui.document import Document
from gui.training.data_form import DataForm
from gui.training.data_panel import DataPanel
from gui.training.data_source_options import SourceOptions
from gui.training.results import ResultsView

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def image_graph():
    graph = Graph()
    a = graph.add_node("Input", {}, "image").id
    f = graph.add_node("Flatten", {}, "flat").id
    o = graph.add_node("Output", {"units": 3, "activation": "softmax",
                                  "loss": "sparse_categorical_crossentropy"}, "kind").id
    graph.connect(a, f)
    graph.connect(f, o)
    return graph


def make_panel(qtbot, project):
    """The Data tab's form and its image / text options, as the data panel lays them out
    (without the panel, which would load the data in the background as soon as shown)."""
    document = Document(project)
    panel = QWidget()
    layout = QVBoxLayout(panel)
    panel.form, panel.options = DataForm(document), SourceOptions(document)
    layout.addWidget(panel.form)
    layout.addWidget(panel.options)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    return document, panel


def test_digits_as_images_is_one_click_and_binds_8x8x1(qtbot):
    project = Project("d", image_graph(), {"dataset": {"source": "sklearn", "name": "digits"}})
    document, panel = make_panel(qtbot, project)
    box = panel.options.as_images
    assert box.isVisible()
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert document.project.data["dataset"]["as_images"] is True
    image = project.graph.nodes[0].id
    assert tuple(document.analysis().shape(image))[-3:] == (8, 8, 1)
    # an edit in the main form (the split seed) keeps the option
    panel.form.split_seed.setValue(7)
    panel.form.split_seed.editingFinished.emit()
    assert document.project.data["dataset"]["as_images"] is True
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert "as_images" not in document.project.data["dataset"]
    assert not panel.options.as_images.isChecked()


def test_an_image_folder_is_chosen_and_sized_in_the_form(qtbot, tmp_path):
    for name in ("cats", "dogs"):
        (tmp_path / "pets" / name).mkdir(parents=True)
    project = Project("f", image_graph(), {"dataset": {"source": "image_folder",
                                                       "path": "pets"}},
                      path=tmp_path / "f.dendrite")
    document, panel = make_panel(qtbot, project)
    form, options = panel.form, panel.options
    assert form.csv_path.isVisible() and not form.name.isVisible()
    assert options.height.isVisible() and options.color_mode.isVisible()
    assert not options.as_images.isVisible() and not options.text_columns.isVisible()
    options.height.setValue(32)
    options.width.setValue(48)
    options.width.editingFinished.emit()
    options.color_mode.setCurrentText("grayscale")
    options.color_mode.activated.emit(1)
    dataset = document.project.data["dataset"]
    assert dataset["image_size"] == [32, 48] and dataset["color_mode"] == "grayscale"
    image = project.graph.nodes[0].id
    assert tuple(document.analysis().shape(image))[-3:] == (32, 48, 1)  # no image read
    form.csv_path.setText("pets2")
    form.csv_path.editingFinished.emit()
    dataset = document.project.data["dataset"]
    assert dataset["path"] == "pets2" and dataset["image_size"] == [32, 48]
    messages = [p.message for p in document.analysis().problems]
    assert any("pets2" in m and "does not exist" in m for m in messages), messages


def test_text_columns_are_set_in_the_form(qtbot, tmp_path):
    csv = tmp_path / "t.csv"
    csv.write_text("text,label\ngood film,1\nbad film,0\nfine day,1\nawful day,0\n")
    graph = Graph()
    a = graph.add_node("Input", {}, "words").id
    e = graph.add_node("Embedding", {"input_dim": 50, "output_dim": 4}, "embed").id
    p = graph.add_node("GlobalAveragePooling1D", {}, "pool").id
    o = graph.add_node("Output", {"units": 1, "activation": "sigmoid",
                                  "loss": "binary_crossentropy"}, "ok").id
    for x, y in ((a, e), (e, p), (p, o)):
        graph.connect(x, y)
    project = Project("t", graph, {"dataset": {"source": "csv", "path": "t.csv",
                                               "target": "label"}},
                      path=tmp_path / "t.dendrite")
    document, panel = make_panel(qtbot, project)
    options = panel.options
    assert options.text_columns.isVisible() and not options.height.isVisible()
    options.text_columns.setText("text")
    options.text_columns.editingFinished.emit()
    options.sequence_length.setValue(6)
    options.sequence_length.editingFinished.emit()
    dataset = document.project.data["dataset"]
    assert dataset["text_columns"] == ["text"] and dataset["sequence_length"] == 6
    assert tuple(document.analysis().shape(a))[-1:] == (6,)
    assert tuple(document.analysis().shape(e))[-2:] == (6, 4)


def small_images(n=12, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 255, (n, 6, 6, 1)).astype(np.float32)
    target = Target(np.arange(n) % 3, CLASSIFICATION, ["circle", "square", "star"])
    return Dataset("tiny", x, {MAIN_TARGET: target}, [f"p{i}" for i in range(36)])


def test_the_results_tab_shows_the_misclassified_images_with_their_labels(qtbot):
    dataset = small_images()
    data = prepare_data({"split": {"test": 0.5, "validation": 0.0, "seed": 2}},
                        dataset=dataset)
    graph = image_graph()
    binding = bind(graph, {}, data)
    assert binding.ok, binding.problems
    test = data.splits["test"]
    true = test.targets[MAIN_TARGET]
    guess = true.copy()
    wrong = [1, 4]
    guess[wrong] = (true[wrong] + 1) % 3
    raw = np.eye(3, dtype=np.float32)[guess]
    predictions = make_predictions(raw, binding, data, "test", np.arange(len(test)))
    view = ResultsView()
    qtbot.addWidget(view)
    view.resize(1100, 600)
    view.show()
    view.show_test_predictions(predictions)
    grid = view.misclassified
    assert grid.isVisible()
    assert [m.index for m in grid.shown] == wrong
    names = ["circle", "square", "star"]
    for item, row in zip(grid.shown, wrong, strict=True):
        assert item.true == names[true[row]] and item.predicted == names[guess[row]]
        assert np.array_equal(item.image, test.x[row])
    captions = [c.text() for c in grid.captions]
    assert captions[0] == f"#1\ntrue {names[true[1]]}\npred {names[guess[1]]}"
    assert "2 of 6" in grid.title.text()
    view.clear()
    assert not grid.isVisible()


def test_the_data_panel_holds_the_options(qtbot):
    document = Document(Project("d", image_graph()))
    panel = DataPanel(document)
    qtbot.addWidget(panel)
    assert isinstance(panel.options, SourceOptions)
    assert panel.options.parent() is panel.form.parent()


def test_tables_show_no_image_grid(qtbot):
    rng = np.random.default_rng(1)
    target = Target(np.arange(20) % 2, CLASSIFICATION, ["a", "b"])
    dataset = Dataset("t", rng.normal(size=(20, 3)).astype(np.float32), {MAIN_TARGET: target},
                      ["x", "y", "z"])
    data = prepare_data({"split": {"test": 0.5, "validation": 0.0, "seed": 2}},
                        dataset=dataset)
    graph = Graph()
    a = graph.add_node("Input", {}, "x").id
    o = graph.add_node("Output", {"units": 2, "activation": "softmax",
                                  "loss": "sparse_categorical_crossentropy"}, "y").id
    graph.connect(a, o)
    binding = bind(graph, {}, data)
    raw = np.tile([[0.9, 0.1]], (10, 1)).astype(np.float32)
    predictions = make_predictions(raw, binding, data, "test", np.arange(10))
    assert predictions.misclassified == []
    view = ResultsView()
    qtbot.addWidget(view)
    view.show()
    view.show_test_predictions(predictions)
    assert not view.misclassified.isVisible()


def test_an_image_folder_trains_from_the_training_tab_into_the_grid(qtbot, training_panel,
                                                                   tmp_path):
    from tests.data.test_image_folder_source import cnn_graph, folder_data, write_folder
    from tests.gui.training.conftest import TRAIN_TIMEOUT

    write_folder(tmp_path / "shapes", per_class=8)
    project = Project("shapes", cnn_graph(), folder_data(),
                      {"epochs": 1, "batch_size": 8, "seed": 1}, path=tmp_path / "s.dendrite")
    _document, panel = training_panel(project)
    with qtbot.waitSignal(panel.run_finished, timeout=TRAIN_TIMEOUT):
        QTest.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    results = panel.results
    qtbot.waitUntil(lambda: results.metrics.rowCount() > 0 and panel.start_button.isEnabled(),
                    timeout=60_000)
    predictions = results._test_predictions
    out = predictions.outputs["shape"]
    wrong = [int(i) for i in np.flatnonzero(out.predicted != out.true)]
    grid = results.misclassified
    assert [m.index for m in grid.shown] == wrong
    for item in grid.shown:
        assert item.image.shape == (16, 16, 3)
        assert item.true == out.class_names[out.true[item.index]]
        assert item.predicted == out.class_names[out.predicted[item.index]]
    assert grid.isVisibleTo(results)  # shown on the Results tab, mistakes or none
    assert grid.title.text().startswith(f"Misclassified test images: {len(wrong)} of"
                                        if wrong else "No test image is misclassified.")


def test_an_input_bound_to_a_text_column_by_name_shows_the_name(qtbot):
    from engine.project_io import load_project
    from tests.conftest import PROJECTS

    _document, panel = make_panel(qtbot, load_project(PROJECTS / "text_sentiment.dendrite"))
    table = panel.form.binding
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "words")
    assert table.item(row, 2).text() == "sentence"
    assert panel.options.text_columns.text() == "sentence"
    assert panel.options.sequence_length.value() == 16

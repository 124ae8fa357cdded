"""In the app: Start on an image folder with a cut-short PNG ends the run as failed and the
Training tab says which file (relative to the project) and what to do; the window keeps
working (Start is enabled again). The Data tab, whose preview decodes the first images,
says the same instead of raising in Qt's event loop."""

import pytest
from PySide6.QtCore import QEvent, QStandardPaths, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from engine.project import Project
from gui.document import Document
from gui.training.training_panel import TrainingPanel
from tests.data.test_image_folder_faults import BROKEN, data_spec, folder_with_a_cut_image
from tests.data.test_image_folder_source import cnn_graph, write_folder

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]
TRAIN_TIMEOUT = 180_000  # a wait for an event that must come (TensorFlow's first import)


@pytest.fixture(autouse=True)
def _test_paths_and_no_thread_left(qapp):
    """Never the user's real settings; background loads end with the test."""
    QStandardPaths.setTestModeEnabled(True)
    yield
    from gui.background import background_jobs

    background_jobs().wait_all()
    qapp.processEvents()


@pytest.fixture
def panel(qtbot, tmp_path):
    folder_with_a_cut_image(tmp_path)
    project = Project("cut", cnn_graph(), data_spec(), {"epochs": 1, "batch_size": 8,
                                                        "seed": 1},
                      path=tmp_path / "cut.dendrite")
    shown = TrainingPanel(Document(project))
    shown.resize(1100, 600)
    shown.show()
    yield shown
    shown.shutdown()
    delete_now(shown)


def delete_now(widget):
    """Closes and deletes the widget's Qt side now, before Python's collector clears its
    Python side (a live plot widget without its Python state fails when resized)."""
    widget.close()
    widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def test_start_names_the_cut_image_on_the_training_tab(qtbot, panel):
    with qtbot.waitSignal(panel.run_finished, timeout=TRAIN_TIMEOUT) as done:
        QTest.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy, timeout=TRAIN_TIMEOUT)
    assert done.args[0].reason == "error"
    text = panel.status.text()
    assert text.startswith(f"{BROKEN} is cut short or not a valid PNG image"), text
    assert "remove or replace it" in text and "InvalidArgumentError" not in text
    assert panel.progress.bar.format() == "failed · epoch 0"
    assert panel.start_button.isEnabled()


def test_the_data_tab_names_a_cut_image_among_the_first_shown(qtbot, tmp_path):
    from gui.training.data_panel import DataPanel

    write_folder(tmp_path / "shapes", per_class=3)
    first = tmp_path / "shapes" / "cross" / "000.png"  # the first image the preview shows
    first.write_bytes(first.read_bytes()[:40])
    project = Project("cut", cnn_graph(), data_spec(), path=tmp_path / "cut.dendrite")
    panel = DataPanel(Document(project))
    panel.resize(1000, 600)
    try:
        with qtbot.waitSignal(panel.load_failed, timeout=TRAIN_TIMEOUT) as failed:
            panel.show()  # shown: it loads by itself, then previews the first images
        message = failed.args[0]
        assert message.startswith("shapes/cross/000.png is cut short or not a valid PNG")
        assert panel.status.text() == message
        qtbot.waitUntil(panel.load_button.isEnabled)  # the app goes on: Load works again
    finally:
        delete_now(panel)

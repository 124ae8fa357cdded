"""Starting, opening, saving, the title, recent files, examples, drops and the close prompt."""

import os
import shutil
import subprocess
import sys

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QScrollArea

from engine.project_io import load_project
from gui import recent_files
from tests.gui.window.conftest import PROJECTS, ROOT, answer_prompt

Button = QMessageBox.StandardButton


def _copy(tmp_path, name="wide_and_deep.dendrite"):
    target = tmp_path / f"my_{name}"
    shutil.copy(PROJECTS / name, target)
    return target


def test_first_start_shows_the_digits_example_before_tensorflow_is_imported(app_data):
    env = dict(os.environ, DENDRITE_STARTUP_PROBE="quit", DENDRITE_DATA_DIR=str(app_data),
               QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "window-ready" in done.stdout
    assert "tensorflow=False" in done.stdout
    assert "Traceback" not in done.stderr


def test_first_start_opens_the_digits_example_and_never_an_empty_canvas(window):
    assert window.document.name == load_project(PROJECTS / "digits.dendrite").name
    assert len(window.canvas.canvas.nodes) == len(window.document.graph.nodes) > 0
    assert window.document.path is None  # an example opens as an untitled copy
    assert "Dendrite" in window.windowTitle()


def test_a_broken_file_is_reported_and_the_example_opens_instead(make_window, tmp_path):
    broken = tmp_path / "broken.dendrite"
    broken.write_text('{"format": "dendrite", "version": 1, "graph": {"nodes": [}')
    window = make_window(broken)
    assert window.document.graph.nodes  # the example, not an empty screen
    message = window.statusBar().currentMessage()
    assert "broken.dendrite" in message
    box = window.findChild(QMessageBox, "error_message")
    assert box is not None and "broken.dendrite" in box.text()
    box.close()


def test_title_star_follows_the_undo_stack(make_window, tmp_path):
    window = make_window(_copy(tmp_path))
    assert not window.isWindowModified()
    node = window.document.graph.nodes[0].id
    window.canvas.select_nodes([node])
    window.canvas.setFocus()
    QTest.keyClick(window.canvas.viewport(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.isWindowModified()
    QTest.keyClick(window.canvas.viewport(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    QTest.keyClick(window.canvas.viewport(), Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.isWindowModified()


def test_save_close_and_reopen_gives_the_same_graph(make_window, tmp_path, qtbot):
    path = _copy(tmp_path)
    window = make_window(path)
    window.canvas.select_nodes([window.document.graph.nodes[-1].id])
    window.canvas.setFocus()
    QTest.keyClick(window.canvas.viewport(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    edited = window.document.graph.to_dict()
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    assert window.close()
    assert recent_files.recent_files()[0] == path.resolve()

    again = make_window()  # no argument: the last project
    assert again.document.path.resolve() == path.resolve()
    assert again.document.graph.to_dict() == edited


def test_the_unsaved_prompt_appears_only_with_unsaved_changes(make_window, tmp_path):
    window = make_window(_copy(tmp_path))
    assert window.close()  # clean: closes without asking

    window = make_window(_copy(tmp_path, "xor.dendrite"))
    window.document.auto_layout()
    window.document.rename(window.document.graph.nodes[0].id, "renamed_input")
    seen = []
    answer_prompt(Button.Cancel, seen)
    assert not window.close()
    assert seen and window.isVisible()
    answer_prompt(Button.Cancel, seen)
    assert not window.files.new_project()
    assert len(seen) == 2 and window.document.graph.by_name("renamed_input")
    answer_prompt(Button.Discard, seen)
    assert window.close()
    assert len(seen) == 3


def test_save_from_the_prompt_writes_the_file(make_window, tmp_path):
    path = _copy(tmp_path, "xor.dendrite")
    window = make_window(path)
    window.document.rename(window.document.graph.nodes[0].id, "saved_from_prompt")
    answer_prompt(Button.Save, [])
    assert window.close()
    assert load_project(path).graph.by_name("saved_from_prompt") is not None


def test_dropping_a_project_file_on_the_window_opens_it(window, tmp_path):
    path = _copy(tmp_path, "xor.dendrite")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    pos = QPoint(400, 300)
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(pos.toPointF(), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    assert window.document.path == path
    assert window.document.name == load_project(path).name


def test_examples_menu_lists_every_bundled_project(window):
    file_menu = window.menuBar().actions()[0].menu()
    examples = next(a.menu() for a in file_menu.actions() if a.text() == "&Examples")
    names = {a.text().replace("&&", "&") for a in examples.actions()}  # && shows one &
    expected = {load_project(p).name for p in PROJECTS.glob("*.dendrite")}
    assert names == expected
    xor = next(a for a in examples.actions() if a.text() == load_project(
        PROJECTS / "xor.dendrite").name)
    xor.trigger()
    assert window.document.name == xor.text()
    assert window.document.path is None  # saving never overwrites the bundled file


def test_export_diagram_writes_png_and_svg(window, tmp_path):
    window.canvas.export_png(tmp_path / "net.png")
    window.canvas.export_svg(tmp_path / "net.svg")
    assert (tmp_path / "net.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (tmp_path / "net.svg").read_text()
    assert "<svg" in svg and window.document.graph.nodes[0].name in svg


def test_nothing_is_clipped_at_1280_by_800(window):
    assert window.minimumSizeHint().width() <= 1280
    assert window.minimumSizeHint().height() <= 800
    output = next(n for n in window.document.graph.nodes if n.type == "Output")
    window.canvas.select_nodes([output.id])
    QTest.qWait(50)
    assert window.width() == 1280
    inspector = window.inspector
    shown = [inspector.name_edit, inspector.title, inspector.help_label,
             *(e.field for e in inspector.editors.values()),
             *(e.mode_box for e in inspector.search_entries.values())]  # value/range/list
    assert len(shown) > 8
    for child in shown:
        right = child.mapTo(inspector, child.rect().topRight()).x()
        assert 0 < right < inspector.width(), f"{child.objectName() or child} is cut off"
    scroll = inspector.findChild(QScrollArea)  # it never scrolls sideways: all must fit
    assert scroll.widget().width() <= scroll.viewport().width()


def test_clicking_a_summary_row_or_a_problem_goes_to_its_node(make_window):
    window = make_window(PROJECTS / "wide_and_deep_aux_output.dendrite")
    table, model = window.summary.table, window.summary.table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "dense_1")
    point = window.summary.cell_rect(row).center()
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, point)
    dense_1 = window.document.graph.by_name("dense_1").id
    assert window.canvas.selected_node_ids() == [dense_1]
    assert window.inspector.name_edit.text() == "dense_1"


def test_the_learn_menu_shows_a_demo_and_xor_opens_on_the_canvas(window):
    learn_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Learn")
    xor_action = next(a for a in learn_menu.actions() if a.text() == "XOR and the MLP")
    xor_action.trigger()
    QTest.qWait(20)
    view = window.learn.xor
    assert view.isVisible()
    QTest.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert window.document.name == load_project(PROJECTS / "xor.dendrite").name
    assert window.canvas.isVisible()  # back on the Network tab with the XOR network


def test_switching_to_a_dark_palette_is_followed_everywhere(window):
    from PySide6.QtGui import QColor, QPalette

    from gui.canvas import style as canvas_style
    from gui.style import repolish

    app = QApplication.instance()
    light = QPalette(app.palette())
    dark = QPalette(light)
    roles = QPalette.ColorRole
    for role, colour in ((roles.Window, "#2b2d30"), (roles.Base, "#1e1f22"),
                         (roles.Text, "#dfe1e5"), (roles.WindowText, "#dfe1e5")):
        dark.setColor(role, QColor(colour))
    try:
        app.setPalette(dark)
        repolish(app)
        QTest.qWait(20)
        assert canvas_style.is_dark()
        for panel in (window.inspector, window.palette_view.tree, window.summary.table):
            assert panel.palette().color(panel.backgroundRole()).lightness() < 128, panel
        shot = window.canvas.viewport().grab().toImage()
        assert QColor(shot.pixel(3, 3)).lightness() < 128  # the canvas repainted dark
    finally:
        app.setPalette(light)
        repolish(app)


def test_editor_panels_step_aside_on_the_other_tabs_and_come_back(window):
    bar = window.tabs.tabBar()

    def click_tab(title):
        index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
        QTest.mouseClick(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         bar.tabRect(index).center())

    window.docks["History"].close()  # the user closed this one; it must stay closed
    click_tab("Training")
    for name in ("Nodes", "Inspector", "Problems", "Summary"):
        assert not window.docks[name].isVisible(), name  # the plots get the whole window
    click_tab("Results")
    click_tab("Network")
    assert window.docks["Nodes"].isVisible() and window.docks["Inspector"].isVisible()
    assert window.docks["Summary"].isVisible() and window.docks["Problems"].isVisible()
    assert not window.docks["History"].isVisible()
    click_tab("Learn")
    assert not window.docks["Summary"].isVisible() and not window.docks["Problems"].isVisible()
    click_tab("Network")
    assert window.docks["Nodes"].isVisible() and not window.docks["History"].isVisible()

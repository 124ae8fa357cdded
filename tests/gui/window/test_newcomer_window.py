"""What a newcomer meets first in the window: a tab bar that stays put, the file's name in
the title, menu texts as written, and no stray errors when switching projects."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.gui.window.building import Hands
from tests.gui.window.conftest import PROJECTS, answer_prompt

Button = QMessageBox.StandardButton


def _click_tab(window, title):
    bar = window.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     bar.tabRect(index).center())
    QTest.qWait(30)
    assert window.tabs.currentIndex() == index


def test_the_tab_bar_sits_at_the_same_place_on_every_tab(window):
    bar = window.tabs.tabBar()
    places = {}
    for title in ("Network", "Data", "Training", "Results", "Learn", "Network"):
        _click_tab(window, title)
        places[title] = [bar.mapToGlobal(bar.tabRect(i).topLeft()).x()
                         for i in range(bar.count())]
    first = places["Network"]
    assert all(place == first for place in places.values()), places


def test_the_title_names_the_file_after_save_as(window, tmp_path, monkeypatch):
    target = tmp_path / "fashion_mine.dendrite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), ""))
    QTest.keyClick(window, Qt.Key.Key_S,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert target.exists()
    assert "fashion_mine" in window.windowTitle()
    assert "untitled" not in window.windowTitle()


def test_the_examples_menu_shows_ampersands(window):
    file_menu = window.menuBar().actions()[0].menu()
    examples = next(a.menu() for a in file_menu.actions() if a.text() == "&Examples")
    wide = [a for a in examples.actions() if "Wide" in a.text()]
    assert wide and all("&&" in a.text() for a in wide)  # drawn as "Wide & Deep"
    assert all("_" not in a.text().replace("&&", "") for a in wide)


def test_switching_from_a_larger_project_to_digits_prints_nothing(make_window, capfd):
    window = make_window(PROJECTS / "wide_and_deep_aux_output.dendrite")
    node = window.document.graph.nodes[-1].id
    window.canvas.select_nodes([node])
    window.canvas.setFocus()
    QTest.keyClick(window.canvas.viewport(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    window.canvas.select_nodes([window.document.graph.nodes[-1].id])
    for title in ("Data", "Training", "Results", "Network"):
        _click_tab(window, title)
    capfd.readouterr()
    seen = []
    answer_prompt(Button.Discard, seen)
    assert window.files.open_path(PROJECTS / "digits.dendrite")
    for title in ("Data", "Training", "Results", "Network"):
        _click_tab(window, title)
    QTest.qWait(300)
    assert seen  # the prompt was answered
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err and "Error" not in captured.err, captured.err


def test_new_nodes_start_as_the_seed_draws_them(make_window, monkeypatch):
    window = make_window()
    hands = Hands(window, monkeypatch)
    window.canvas.setFocus()
    QTest.keyClick(window.canvas.viewport(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    hidden = hands.drag_from_palette("Dense", QPoint(300, 200))
    assert window.inspector.editors["activation"].field.currentText() == "relu"
    assert window.inspector.editors["units"].field.text() == "30"
    output = hands.drag_from_palette("Output", QPoint(600, 200))
    units = window.inspector.editors["units"]
    assert units.field.text() == "1" and not units.none_box.isChecked()  # a layer
    graph = window.document.graph
    assert graph.node(hidden).params == {"units": 30, "activation": "relu"}  # in the file
    assert graph.node(output).params == {"units": 1}


def test_the_data_tab_shows_the_data_and_whole_headers_at_1280_by_800(window, qtbot):
    assert window.width() == 1280
    panel = window.training_ui.data_panel
    with qtbot.waitSignal(panel.loaded, timeout=60_000):  # by itself, no button pressed
        _click_tab(window, "Data")
    preview = panel.preview
    assert preview.model.rowCount() > 0  # the first rows of the table
    columns = preview.columns_model
    assert columns.rowCount() == 64 and columns.item(10, 1).text() == "integer"  # 0 to 16
    assert columns.item(0, 2).text() == "0"  # missing values
    assert preview.shown_distribution.labels[:3] == ["0", "1", "2"]  # the ten digits
    assert sum(preview.shown_distribution.counts) > 1000
    assert preview.distribution.isVisible()

    table = panel.form.binding
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    for column in range(table.columnCount()):
        text = table.horizontalHeaderItem(column).text()
        assert header.sectionSize(column) >= metrics.horizontalAdvance(text), text
    assert table.horizontalScrollBar().maximum() == 0
    for row in range(table.rowCount()):
        combo = table.cellWidget(row, 2)
        if combo is not None:
            right = combo.mapTo(table.viewport(), combo.rect().topRight()).x()
            assert right <= table.viewport().width()
            assert combo.width() >= combo.sizeHint().width()

"""The canvas as a newcomer meets it: a reopened project is readable, Ctrl+L shows its whole
result, a node added from the palette filter lands on free space, Output titles keep their
units and activation."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo, QFontMetricsF
from PySide6.QtTest import QTest

from gui.canvas import style
from gui.canvas.node_item import fitted_title
from gui.canvas.view import READABLE_PX
from tests.gui.window.conftest import PROJECTS


def _title_px(window) -> float:
    return QFontInfo(style.font(0, bold=True)).pixelSize() * window.canvas.zoom()


def _in_view(window, node_id) -> bool:
    view = window.canvas
    card = view.canvas.nodes[node_id].sceneBoundingRect()
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    return shown.contains(card)


def test_a_reopened_project_is_shown_at_a_readable_size(make_window):
    window = make_window(PROJECTS / "fashion_mnist_300_100.dendrite")
    assert _title_px(window) >= READABLE_PX - 0.01
    window.files.open_path(PROJECTS / "wide_and_deep_aux_output.dendrite")
    assert _title_px(window) >= READABLE_PX - 0.01
    first = window.document.graph.nodes[0].id
    assert _in_view(window, first)  # shown from its inputs


def test_ctrl_l_lays_out_and_shows_every_node(make_window):
    window = make_window(PROJECTS / "wide_and_deep_aux_output.dendrite")
    graph = window.document.graph
    for node in graph.nodes:  # scatter far apart, as a user dragging around might
        window.document.move_nodes({node.id: (node.position, (node.position[0] * 7 + 3000,
                                                              node.position[1] * 5))}, "Move")
    window.canvas.zoom_by(2.0)
    window.canvas.setFocus()
    QTest.keyClick(window.canvas.viewport(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert all(_in_view(window, node.id) for node in graph.nodes)


def test_enter_in_the_palette_filter_places_the_node_on_free_space(make_window):
    window = make_window(PROJECTS / "digits.dendrite")
    before = set(window.canvas.canvas.nodes)
    window.canvas.fit_all()
    for _ in range(2):
        window.palette_view.filter_edit.setFocus()
        QTest.keyClick(window.palette_view.filter_edit, Qt.Key.Key_A,
                       Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(window.palette_view.filter_edit, "batchnorm")  # one match
        QTest.keyClick(window.palette_view.filter_edit, Qt.Key.Key_Return)
    nodes = window.canvas.canvas.nodes
    added = [node_id for node_id in nodes if node_id not in before]
    assert len(added) == 2
    for node_id in added:
        card = nodes[node_id].sceneBoundingRect()
        others = [item.sceneBoundingRect() for other, item in nodes.items() if other != node_id]
        assert not any(card.intersects(other) for other in others), node_id


def test_an_output_title_keeps_units_and_activation_when_the_loss_does_not_fit(qapp):
    metrics = QFontMetricsF(style.font(0, bold=True))
    title = "Output · 10 · softmax · sparse_categorical_crossentropy"
    width = metrics.horizontalAdvance("Output · 10 · softmax") + 4
    assert fitted_title(title, metrics, width) == "Output · 10 · softmax"
    assert fitted_title("Dense · 30 · relu", metrics, 1000) == "Dense · 30 · relu"

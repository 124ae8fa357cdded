"""Dropping, moving, selecting, deleting, copying and fixing nodes on the canvas."""

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from engine.graph import Edge
from gui.canvas import style
from gui.mime import CLIPBOARD_MIME, NODE_KIND_MIME
from tests.gui.canvas.conftest import PROJECTS, at, drag, node_named


def drop_kind(view, type_name: str, view_pos: QPoint):
    data = QMimeData()
    data.setData(NODE_KIND_MIME, type_name.encode())
    viewport = view.viewport()
    action = Qt.DropAction.CopyAction
    no_buttons, no_mods = Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(view_pos), action, data, no_buttons, no_mods)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(QPoint(view_pos), action, data, no_buttons, no_mods)
    QApplication.sendEvent(viewport, move)
    assert move.isAccepted()
    drop = QDropEvent(QPointF(view_pos), action, data, no_buttons, no_mods)
    QApplication.sendEvent(viewport, drop)
    return drop


def test_dropping_a_kind_creates_it_where_dropped(view, document):
    point = QPoint(300, 520)
    before = {n.id for n in document.graph.nodes}
    drop_kind(view, "Dense", point)
    (new_id,) = {n.id for n in document.graph.nodes} - before
    assert document.graph.node(new_id).type == "Dense"
    item = view.node_item(new_id)
    assert item.sceneBoundingRect().contains(view.mapToScene(point))
    x, y = document.graph.node(new_id).position
    assert x % style.GRID == 0 and y % style.GRID == 0
    assert view.selected_node_ids() == [new_id]
    document.undo_stack.undo()
    assert view.node_item(new_id) is None


def test_a_drop_of_something_else_is_refused(view, document):
    data = QMimeData()
    data.setText("Dense")
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), enter)
    assert not enter.isAccepted()


def test_moving_a_node_is_one_undo_step_and_snaps(view, document):
    dense = node_named(document, "dense")
    item = view.node_item(dense)
    old = document.graph.node(dense).position
    index = document.undo_stack.index()
    grab = item.mapToScene(QPointF(90, 50))
    drag(view, grab, grab + QPointF(133, 47), steps=6)
    x, y = document.graph.node(dense).position
    assert (x, y) != old
    assert x % style.GRID == 0 and y % style.GRID == 0
    assert abs(x - old[0] - 133) <= style.GRID and abs(y - old[1] - 47) <= style.GRID
    assert document.undo_stack.index() == index + 1
    edge = view.canvas.edges[Edge(node_named(document, "deep_input"), dense, 0)]
    assert edge.path().pointAtPercent(1.0) == view.port_scene_pos(dense, "in", 0)
    document.undo_stack.undo()
    assert document.graph.node(dense).position == old
    assert item.pos() == QPointF(*old)


def test_snapping_can_be_turned_off(view, document):
    dense = node_named(document, "dense")
    old = document.graph.node(dense).position
    view.set_snap_to_grid(False)
    grab = view.node_item(dense).mapToScene(QPointF(90, 50))
    drag(view, grab, grab + QPointF(133, 47))
    x, y = document.graph.node(dense).position
    assert abs(x - old[0] - 133) < 2 and abs(y - old[1] - 47) < 2


def test_rubber_band_delete_and_undo(view, document):
    before = document.graph.to_dict()
    dense, dense_1 = node_named(document, "dense"), node_named(document, "dense_1")
    band = view.node_item(dense).sceneBoundingRect().united(
        view.node_item(dense_1).sceneBoundingRect())
    drag(view, band.topLeft() + QPointF(-15, -15), band.bottomRight() + QPointF(10, 10))
    assert set(view.selected_node_ids()) >= {dense, dense_1}
    chosen = set(view.selected_node_ids())
    QTest.keyClick(view.viewport(), Qt.Key.Key_Delete)
    assert not chosen & {n.id for n in document.graph.nodes}
    assert all(view.node_item(n) is None for n in chosen)
    document.undo_stack.undo()
    assert document.graph.to_dict() == before
    assert len(view.canvas.edges) == len(document.graph.edges)


def test_ctrl_click_adds_to_the_selection_and_edges_are_selectable(view, document):
    wide, dense = node_named(document, "wide_input"), node_named(document, "dense")
    viewport = view.viewport()
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     at(view, view.node_item(wide).mapToScene(QPointF(90, 40))))
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     at(view, view.node_item(dense).mapToScene(QPointF(90, 40))))
    assert view.selected_node_ids() == [wide, dense]
    edge = Edge(node_named(document, "dense_1"), node_named(document, "aux_output"), 0)
    middle = view.canvas.edges[edge].path().pointAtPercent(0.5)
    QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     at(view, middle))
    assert view.selected_edges() == [edge] and view.selected_node_ids() == []
    QTest.keyClick(view.viewport(), Qt.Key.Key_Delete)
    assert edge not in document.graph.edges
    assert edge not in view.canvas.edges


def test_copy_paste_and_duplicate_give_new_ids_and_inner_edges(view, document):
    dense, dense_1 = node_named(document, "dense"), node_named(document, "dense_1")
    view.select_nodes([dense, dense_1])
    QTest.keyClick(view.viewport(), Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().mimeData().hasFormat(CLIPBOARD_MIME)
    old_ids = {n.id for n in document.graph.nodes}
    QTest.keyClick(view.viewport(), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    pasted = view.selected_node_ids()
    assert len(pasted) == 2 and not set(pasted) & old_ids
    inner = [e for e in document.graph.edges if e.target in pasted or e.source in pasted]
    assert inner == [Edge(pasted[0], pasted[1], 0)]  # the edge from deep_input is left out
    assert all(view.node_item(n) is not None for n in pasted)
    QTest.keyClick(view.viewport(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    duplicated = view.selected_node_ids()
    assert len(duplicated) == 2 and not set(duplicated) & (old_ids | set(pasted))
    assert {document.graph.node(n).name for n in duplicated}.isdisjoint(
        {document.graph.node(n).name for n in pasted})
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert {n.id for n in document.graph.nodes} == old_ids


def test_pasting_foreign_clipboard_text_says_why(view, document, qtbot):
    QGuiApplication.clipboard().setText("not nodes")
    with qtbot.waitSignal(view.status_message) as message:
        view.paste()
    assert "Nothing to paste" in message.args[0]
    data = QMimeData()
    data.setData(CLIPBOARD_MIME, b"{broken")
    QGuiApplication.clipboard().setMimeData(data)
    with qtbot.waitSignal(view.status_message) as message:
        assert view.paste() == []
    assert "not readable" in message.args[0]


def test_dense_fed_28x28_offers_insert_flatten(make_view):
    from engine.project_io import load_project
    from gui.document import Document

    project = load_project(PROJECTS / "fashion_mnist.dendrite")
    document = Document(project)
    flatten = next(n.id for n in document.graph.nodes if n.type == "Flatten")
    document.remove_nodes([flatten])
    source = next(n.id for n in document.graph.nodes if n.type == "Input")
    dense = next(n.id for n in document.graph.nodes if n.type == "Dense")
    document.connect(source, dense)
    view = make_view(document)
    item = view.node_item(dense)
    assert item.look.fixes == ("Insert Flatten",)
    assert item.look.severity == "warning"
    assert "insert Flatten" in item.toolTip()
    index = document.undo_stack.index()
    badge = item.mapToScene(item.badge_rect().center())
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, at(view, badge))
    feeder = document.graph.inputs_of(dense)[0].source
    assert document.graph.node(feeder).type == "Flatten"
    assert document.undo_stack.index() == index + 1
    assert item.look.fixes == () and item.look.severity == ""
    assert view.node_item(feeder) is not None
    document.undo_stack.undo()
    assert document.graph.inputs_of(dense)[0].source == source
    assert item.look.fixes == ("Insert Flatten",)


def test_output_without_loss_offers_the_usual_loss_in_its_menu(view, document):
    from gui.canvas.menus import build_context_menu

    main = node_named(document, "main_output")
    document.set_param(main, "loss", None)
    item = view.node_item(main)
    assert item.look.fixes == ("Use the usual loss",)
    menu = build_context_menu(view, item.mapToScene(QPointF(90, 50)))
    action = next(a for a in menu.actions() if a.text().startswith("Fix:"))
    action.trigger()
    assert document.graph.node(main).params["loss"] == "mse"  # a linear output's usual loss
    assert item.look.fixes == ()


def test_wheel_zoom_keeps_the_point_under_the_cursor(view):
    from PySide6.QtGui import QWheelEvent

    point = QPointF(700, 250)
    under = view.mapToScene(point.toPoint())
    zoom = view.zoom()
    event = QWheelEvent(point, view.viewport().mapToGlobal(point), QPoint(0, 0), QPoint(0, 240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)
    assert view.zoom() > zoom * 1.2
    after = view.mapToScene(point.toPoint())
    assert abs(after.x() - under.x()) <= 2 / view.zoom() + 1
    assert abs(after.y() - under.y()) <= 2 / view.zoom() + 1


def test_middle_button_pans_and_f_fits(view, document):
    wide = node_named(document, "wide_input")
    before = view.mapFromScene(view.node_item(wide).scenePos())
    drag(view, view.mapToScene(QPoint(500, 300)), view.mapToScene(QPoint(400, 250)),
         button=Qt.MouseButton.MiddleButton)
    after = view.mapFromScene(view.node_item(wide).scenePos())
    assert (after - before) == QPoint(-100, -50)
    QTest.keyClick(view.viewport(), Qt.Key.Key_F)
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    for item in view.canvas.nodes.values():
        assert visible.contains(item.sceneBoundingRect())


def test_exports_write_png_and_svg(view, tmp_path):
    from PySide6.QtGui import QImage

    png, svg = tmp_path / "net.png", tmp_path / "net.svg"
    view.export_png(png)
    view.export_svg(svg)
    image = QImage(str(png))
    assert image.width() > 400 and image.height() > 200
    text = svg.read_text()
    assert text.startswith("<?xml") and "<svg" in text and "concatenate" in text

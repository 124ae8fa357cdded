"""The inspector: editing a node's parameters and name with the keyboard and mouse."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from engine.catalogue import KINDS
from gui.panels import InspectorPanel
from tests.gui.panels.conftest import node_named, open_document, type_into

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


@pytest.fixture
def inspector(show, document):
    return show(InspectorPanel(document))


def test_typing_units_changes_the_graph_and_undo_puts_the_old_value_back(inspector, document):
    dense = node_named(document, "dense")
    inspector.show_nodes([dense])
    assert inspector.title.text() == "Dense"
    assert inspector.help_label.text() == KINDS["Dense"].help
    assert inspector.shape_label.text() == "(None, 300)"
    assert inspector.params_label.text() == "235,500"
    spin = inspector.editors["units"].field
    type_into(spin, "128")
    assert document.graph.node(dense).params["units"] == 128
    assert document.undo_stack.count() == 1
    assert inspector.shape_label.text() == "(None, 128)"
    assert inspector.params_label.text() == "100,480"  # 784 * 128 + 128
    document.undo_stack.undo()
    assert spin.value() == 300 and spin.text() == "300"
    assert inspector.params_label.text() == "235,500"
    document.undo_stack.redo()
    assert spin.text() == "128"


def test_an_out_of_range_value_is_refused_with_a_visible_message(inspector, document):
    dense = node_named(document, "dense")
    inspector.show_nodes([dense])
    editor = inspector.editors["units"]
    type_into(editor.field, "0", finish=None)
    assert editor.message.isVisible()
    assert "units" in editor.problem() and "from 1" in editor.problem()
    QTest.keyClick(editor.field, Qt.Key.Key_Return)
    assert editor.field.text() == "300"  # the old value is kept
    assert editor.message.isVisible() and "got 0" in editor.problem()
    assert document.graph.node(dense).params["units"] == 300
    assert document.undo_stack.count() == 0
    type_into(editor.field, "2000000")
    assert "up to 1000000" in editor.problem()
    type_into(editor.field, "abc")
    assert document.graph.node(dense).params["units"] == 300
    type_into(editor.field, "100")
    assert not editor.message.isVisible()
    assert document.graph.node(dense).params["units"] == 100


def test_a_rate_of_one_is_refused_because_the_range_excludes_it(show):
    document = open_document("fashion_mnist.dendrite")
    dropout = document.add_node("Dropout")
    document.undo_stack.clear()
    inspector = show(InspectorPanel(document))
    inspector.show_nodes([dropout])
    editor = inspector.editors["rate"]
    type_into(editor.field, "1")
    assert "below 1" in editor.problem()
    assert document.graph.node(dropout).params.get("rate") is None
    type_into(editor.field, "0.35")
    assert document.graph.node(dropout).params["rate"] == 0.35
    assert editor.field.text() == "0.35"


def test_several_nodes_of_one_kind_change_together_in_one_undo_step(inspector, document):
    ids = [node_named(document, "dense"), node_named(document, "dense_1")]
    inspector.show_nodes(ids)
    assert inspector.title.text() == "2 Dense nodes selected"
    assert not inspector.name_edit.isEnabled()
    assert inspector.params_label.text() == "325,800 in 2 nodes"
    type_into(inspector.editors["units"].field, "64")
    assert [document.graph.node(i).params["units"] for i in ids] == [64, 64]
    assert document.undo_stack.count() == 1
    combo = inspector.editors["activation"].field
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Down)  # relu -> the next activation
    assert {document.graph.node(i).params["activation"] for i in ids} == {combo.currentText()}
    assert combo.currentText() != "relu"
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert [document.graph.node(i).params["units"] for i in ids] == [300, 300]
    assert inspector.editors["activation"].field.currentText() == "relu"


def test_differing_values_are_marked_and_any_choice_applies_to_all(inspector, document):
    ids = [node_named(document, "dense"), node_named(document, "dense_1")]
    document.set_param(ids[1], "units", 100)
    inspector.show_nodes(ids)
    assert inspector.row_labels["units"].text() == "units (differs)"
    type_into(inspector.editors["units"].field, "300")  # the first node's value already
    assert [document.graph.node(i).params["units"] for i in ids] == [300, 300]
    assert inspector.row_labels["units"].text() == "units"


def test_nodes_of_different_kinds_are_not_edited_together(inspector, document):
    inspector.show_nodes([node_named(document, "input"), node_named(document, "dense")])
    assert inspector.title.text() == "2 nodes of different kinds selected"
    assert inspector.editors == {}
    assert not inspector.details.isVisible()


def test_a_refused_name_shows_why_and_keeps_the_old_name(inspector, document):
    dense = node_named(document, "dense")
    inspector.show_nodes([dense])
    name = inspector.name_edit
    type_into(name, "dense_1", finish=None)
    assert inspector.name_message.isVisible()  # checked while typing
    QTest.keyClick(name, Qt.Key.Key_Return)
    assert "already named 'dense_1'" in inspector.name_message.text()
    assert inspector.name_message.text().startswith("Not renamed")
    assert name.text() == "dense" and document.graph.node(dense).name == "dense"
    type_into(name, "hidden layer")
    assert "refused by Keras" in inspector.name_message.text()
    type_into(name, "")
    assert "needs a name" in inspector.name_message.text()
    assert document.undo_stack.count() == 0
    type_into(name, "hidden1")
    assert document.graph.node(dense).name == "hidden1"
    assert not inspector.name_message.isVisible()
    document.undo_stack.undo()
    assert name.text() == "dense"


def test_a_refresh_keeps_focus_and_pushes_no_extra_undo_step(inspector, document):
    dense = node_named(document, "dense")
    inspector.show_nodes([dense])
    inspector.activateWindow()
    spin = inspector.editors["units"].field
    spin.setFocus()
    QApplication.processEvents()
    focused = QApplication.focusWidget()
    assert focused is spin or (focused is not None and spin.isAncestorOf(focused))
    type_into(spin, "12", finish=None)  # typed, not yet applied
    document.set_param(dense, "activation", "tanh")  # an edit made elsewhere
    assert inspector.editors["activation"].field.currentText() == "tanh"
    assert QApplication.focusWidget() is focused
    assert spin.text() == "12"
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert inspector.editors["activation"].field.currentText() == "relu"
    assert document.undo_stack.index() == 0 and document.undo_stack.count() == 1


def test_the_shape_editor_checks_as_typed(show):
    document = open_document("fashion_mnist.dendrite")
    inspector = show(InspectorPanel(document))
    node = node_named(document, "input")
    inspector.show_nodes([node])
    editor = inspector.editors["shape"]
    assert editor.field.text() == "28, 28"
    type_into(editor.field, "28, x", finish=None)  # not "28 by something"
    assert editor.message.isVisible() and "positive integers" in editor.problem()
    assert "color" in editor.field.styleSheet()  # drawn red
    QTest.keyClick(editor.field, Qt.Key.Key_Return)
    assert editor.field.text() == "28, 28" and document.undo_stack.count() == 0
    type_into(editor.field, "32x32")
    assert document.graph.node(node).params["shape"] == [32, 32]
    assert not editor.message.isVisible()
    type_into(editor.field, "")  # empty: take the shape of the bound data
    assert document.graph.node(node).params["shape"] is None
    assert document.analysis().shape(node) == (28, 28)  # Fashion-MNIST's images
    assert not inspector.problems_label.isVisible()
    document.set_section("data", None)  # no data bound: nothing to take the shape from
    assert "no shape" in inspector.problems_label.text()


def test_output_loss_and_units_can_be_set_to_none(inspector, document):
    output = node_named(document, "output")
    inspector.show_nodes([output])
    loss = inspector.editors["loss"].field
    assert loss.currentText() == "sparse_categorical_crossentropy"
    loss.setFocus()
    QTest.keyClick(loss, Qt.Key.Key_Home)
    assert loss.currentText() == "none"
    assert document.graph.node(output).params["loss"] is None
    units = inspector.editors["units"]
    QTest.mouseClick(units.none_box, Qt.MouseButton.LeftButton)
    assert document.graph.node(output).params["units"] is None
    assert not units.field.isEnabled()
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    assert units.field.isEnabled() and units.field.value() == 10


def test_a_click_on_a_checkbox_is_one_undoable_change(inspector, document):
    dense = node_named(document, "dense")
    inspector.show_nodes([dense])
    box = inspector.editors["use_bias"].field
    assert box.isChecked()
    QTest.mouseClick(box, Qt.MouseButton.LeftButton)
    assert document.graph.node(dense).params["use_bias"] is False
    assert inspector.params_label.text() == "235,200"
    document.undo_stack.undo()
    assert box.isChecked()


def test_the_inspector_empties_when_its_node_goes(inspector, document):
    new = document.add_node("Dense")
    inspector.show_nodes([new])
    assert inspector.title.text() == "Dense"
    document.undo_stack.undo()
    assert inspector.title.text() == "No node selected"
    inspector.show_nodes([node_named(document, "dense")])
    document.replace_project(open_document("xor.dendrite").project)
    assert inspector.title.text() == "No node selected"


def test_metrics_are_ticked_in_a_menu_as_one_step_each(inspector, document):
    output = node_named(document, "output")
    inspector.show_nodes([output])
    editor = inspector.editors["metrics"]
    assert editor.field.text() == "accuracy"
    assert editor.actions_by_name["accuracy"].isChecked()
    editor.actions_by_name["mae"].trigger()
    assert document.graph.node(output).params["metrics"] == ["accuracy", "mae"]
    assert editor.field.text() == "accuracy, mae"
    editor.actions_by_name["accuracy"].trigger()
    assert document.graph.node(output).params["metrics"] == ["mae"]
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    assert editor.field.text() == "accuracy, mae"


def test_an_imported_keras_layer_is_edited_as_text_and_json(inspector, document):
    layer = document.add_node("KerasLayer", params={
        "class_name": "GaussianNoise", "config": {"stddev": 0.1}, "output_shape": [300]})
    document.undo_stack.clear()
    inspector.show_nodes([layer])
    class_name = inspector.editors["class_name"].field
    assert class_name.text() == "GaussianNoise"  # plain text, not a JSON string
    type_into(class_name, "GaussianDropout")
    assert document.graph.node(layer).params["class_name"] == "GaussianDropout"
    config = inspector.editors["config"]
    assert config.field.text() == '{"stddev": 0.1}'
    type_into(config.field, '{"rate": 0.1', finish=None)
    assert "not valid JSON" in config.problem()
    QTest.keyClick(config.field, Qt.Key.Key_Return)
    assert document.graph.node(layer).params["config"] == {"stddev": 0.1}
    type_into(config.field, '{"rate": 0.1}')
    assert document.graph.node(layer).params["config"] == {"rate": 0.1}
    assert document.undo_stack.count() == 2


def test_a_refused_value_leaves_no_red_error_under_the_good_value(inspector, document):
    dense = node_named(document, "dense")
    inspector.show_nodes([dense])
    units = inspector.editors["units"]
    type_into(units.field, "0", finish=None)
    assert units.shows_error()
    QTest.keyClick(units.field, Qt.Key.Key_Return)
    assert units.field.text() == "300"
    assert not units.shows_error()  # the note says why, but nothing red under a good value
    assert "previous value is kept" in units.message.text()
    name = node_named(document, "input")
    inspector.show_nodes([name])
    QTest.qWait(20)  # the new rows are shown when the form lays them out
    shape = inspector.editors["shape"]
    type_into(shape.field, "28, x", finish=None)
    assert shape.shows_error()
    QTest.keyClick(shape.field, Qt.Key.Key_Return)
    assert shape.field.text() == "28, 28" and not shape.shows_error()

"""The graph's typed change events, the names it makes, and the engine's fix-its."""

from __future__ import annotations

from engine.fixes import AddNode, Connect, Disconnect, SetParam, fix_for, fix_label
from engine.graph import Edge, Graph
from engine.graph_events import (
    EdgeAdded,
    EdgeRemoved,
    GraphCleared,
    GraphEdit,
    NodeAdded,
    NodeMoved,
    NodeRemoved,
    NodeRenamed,
    ParamChanged,
)
from engine.names import rename_problem
from engine.validation import FIX_INSERT_FLATTEN, FIX_MISSING_LOSS, analyse
from tests.engine.helpers import chain


def recorded(graph: Graph) -> list:
    events: list = []
    graph.subscribe(events.append)
    return events


def test_each_change_is_announced_by_its_own_typed_event():
    graph = Graph()
    events = recorded(graph)
    source = graph.add_node("Input", {"shape": [4]}).id
    target = graph.add_node("Dense", {"units": 2}).id
    edge = graph.connect(source, target)
    graph.set_param(target, "units", 3)
    graph.unset_param(target, "units")
    graph.rename(target, "hidden")
    graph.move(target, 10, 20)
    graph.disconnect(edge)
    removed = graph.node(target)
    graph.remove_node(target)
    graph.clear()
    assert events == [
        NodeAdded(source), NodeAdded(target), EdgeAdded(Edge(source, target, 0)),
        ParamChanged(target, "units", 2, 3), ParamChanged(target, "units", 3, None),
        NodeRenamed(target, "dense", "hidden"), NodeMoved(target, (0.0, 0.0), (10.0, 20.0)),
        EdgeRemoved(Edge(source, target, 0)), NodeRemoved(target, removed), GraphCleared()]


def test_a_finished_edit_says_whether_it_changed_the_nodes_or_only_moved_them():
    moves = GraphEdit((NodeMoved("n1", (0, 0), (1, 1)), NodeMoved("n2", (0, 0), (2, 2))))
    assert moves.only_moves and not moves.changes_membership
    wiring = GraphEdit((EdgeAdded(Edge("n1", "n2")), ParamChanged("n2", "units", 1, 2)))
    assert not wiring.only_moves and not wiring.changes_membership
    for event in (NodeAdded("n3"), NodeRenamed("n1", "a", "b"), GraphCleared()):
        assert GraphEdit((*moves.events, event)).changes_membership


def test_made_names_count_up_keras_style_and_reuse_a_freed_number():
    graph = Graph()
    names = [graph.add_node("Dense", {"units": 1}).name for _ in range(4)]
    assert names == ["dense", "dense_1", "dense_2", "dense_3"]
    graph.remove_node(graph.by_name("dense_1").id)
    assert graph.add_node("Dense", {"units": 1}).name == "dense_1"
    graph.rename(graph.by_name("dense_2").id, "hidden")
    assert graph.unique_name("dense") == "dense_2"
    assert graph.unique_name("dense", taken={"dense_2"}) == "dense_4"
    assert graph.name_count("dense_3") == 1 and graph.name_count("dense_2") == 0


def test_a_shared_name_freed_by_one_node_stays_taken_by_the_other():
    graph = Graph()
    first = graph.add_node("Dense", {"units": 1}, name="twin").id
    graph.add_node("Dense", {"units": 1}, name="twin")
    graph.rename(first, "single")
    assert graph.name_count("twin") == 1
    assert graph.unique_name("twin") == "twin_1"


def test_a_missing_loss_is_fixed_by_setting_the_usual_loss_for_the_activation():
    graph = chain(("Output", {"units": 3, "activation": "softmax"}))
    output = graph.nodes[-1].id
    (problem,) = [p for p in analyse(graph).problems if p.code == FIX_MISSING_LOSS]
    assert fix_label(problem) == "Use the usual loss"
    fix = fix_for(graph, problem)
    assert fix.edits == (SetParam(output, "loss", "sparse_categorical_crossentropy"),)
    assert fix.text == "Fix: output loss sparse_categorical_crossentropy"


def test_a_dense_on_an_image_is_fixed_by_a_flatten_between_it_and_its_source():
    graph = chain(("Dense", {"units": 2}), shape=(28, 28))
    source, dense = (n.id for n in graph.nodes)
    graph.move(dense, 200, 100)
    (problem,) = [p for p in analyse(graph).problems if p.code == FIX_INSERT_FLATTEN]
    assert fix_label(problem) == "Insert Flatten"
    fix = fix_for(graph, problem)
    new = graph.new_id()
    assert fix.edits == (Disconnect(Edge(source, dense, 0)), AddNode("Flatten", (100.0, 50.0), new),
                         Connect(source, new), Connect(new, dense, 0))
    assert fix.text == "Fix: insert Flatten before dense"


def test_a_problem_without_a_fix_or_whose_node_is_gone_has_none():
    graph = chain(("Dense", {"units": 2}), ("Output", {"units": 1, "loss": "mse"}))
    graph.add_node("Dense", {"units": 2})
    (unreached,) = [p for p in analyse(graph).problems if p.code == "unreached"]
    assert fix_label(unreached) is None and fix_for(graph, unreached) is None
    graph = chain(("Output", {"units": 1}))
    (missing_loss,) = [p for p in analyse(graph).problems if p.code == FIX_MISSING_LOSS]
    graph.remove_node(missing_loss.node_id)
    assert fix_for(graph, missing_loss) is None


def test_a_rename_is_refused_for_an_empty_taken_or_keras_refused_name():
    graph = chain(("Dense", {"units": 2}), ("Dense", {"units": 2}))
    first, second = graph.nodes[1].id, graph.nodes[2].id
    assert rename_problem(graph, first, "") == "a layer needs a name"
    assert rename_problem(graph, first, "dense_1") == "another node is already named 'dense_1'"
    assert rename_problem(graph, first, "dense") is None  # its own name
    assert "contains '/'" in rename_problem(graph, second, "a/b")
    assert rename_problem(graph, second, "hidden") is None

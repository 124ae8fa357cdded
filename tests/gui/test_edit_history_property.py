"""Any sequence of edits can be undone back to the opened project and redone to the end, and
the canvas follows every step: after the edits, after undoing them all and after redoing them
all, the live scene shows what a scene built afresh from the graph shows.

The edits are drawn by hypothesis (an operation and a few numbers that pick its targets), so a
failing sequence shrinks to the few edits that matter."""

import contextlib
import copy
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.catalogue import KINDS
from engine.errors import ConnectionRefused
from engine.project_io import load_project
from gui.canvas.scene import CanvasScene
from gui.document import Document

PROJECTS = Path(__file__).resolve().parents[2] / "projects"
KIND_NAMES = sorted(KINDS)
OPERATIONS = ("add", "connect", "remove", "disconnect", "param", "rename", "move",
              "duplicate", "layout", "fix")
EDIT = st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 10_000), st.integers(0, 10_000),
                 st.integers(0, 10_000))


def _value_for(spec, pick: int):
    if spec.choices:
        choices = list(spec.choices)
        return choices[pick % len(choices)]
    if spec.type == "int":
        low = int(spec.minimum if spec.minimum is not None else 1)
        return low + pick % 50
    if spec.type == "float":
        low = spec.minimum if spec.minimum is not None else 0.0
        high = spec.maximum if spec.maximum is not None else low + 1.0
        return round(low + (high - low) * 0.999 * (pick % 1000) / 1000, 4)
    if spec.type == "bool":
        return bool(pick % 2)
    return copy.deepcopy(spec.default)


def _apply(doc: Document, edit, step: int) -> None:
    operation, a, b, c = edit
    graph = doc.graph
    ids = [n.id for n in graph.nodes]
    if operation == "add" or not ids:
        doc.add_node(KIND_NAMES[a % len(KIND_NAMES)], (b % 1000 - 500.0, c % 1000 - 500.0))
    elif operation == "connect":
        with contextlib.suppress(ConnectionRefused):
            doc.connect(ids[a % len(ids)], ids[b % len(ids)])
    elif operation == "remove":
        doc.remove_nodes({ids[a % len(ids)], ids[b % len(ids)]} if c % 2 else [ids[a % len(ids)]])
    elif operation == "disconnect":
        if graph.edges:
            doc.disconnect(graph.edges[a % len(graph.edges)])
    elif operation == "param":
        node = graph.node(ids[a % len(ids)])
        specs = [s for s in node.kind.params
                 if s.type in ("int", "float", "bool", "choice") or s.choices]
        if specs:
            spec = specs[b % len(specs)]
            value = _value_for(spec, c)
            if spec.check(value) is None:
                same = [n.id for n in graph.nodes if n.type == node.type]
                doc.set_param(same[: 1 + c % min(3, len(same))], spec.name, value)
    elif operation == "rename":
        doc.rename(ids[a % len(ids)], f"renamed_{step}")
    elif operation == "move":
        moved = {ids[a % len(ids)], ids[b % len(ids)]}
        doc.move_nodes({n: (graph.node(n).position, (c % 1800 - 900.0, (a + b) % 1800 - 900.0))
                        for n in moved})
    elif operation == "duplicate":
        doc.duplicate(sorted({ids[a % len(ids)], ids[b % len(ids)]}))
    elif operation == "layout":
        doc.auto_layout()
    else:
        fixable = [p for p in doc.analysis().problems if doc.fix_text(p)]
        if fixable:
            doc.apply_fix(fixable[a % len(fixable)])


def _scene_state(scene: CanvasScene) -> dict:
    state = {}
    for node_id, item in scene.nodes.items():
        look = item.look
        state[node_id] = (item.pos().x(), item.pos().y(), look.title, look.name, look.slots,
                          look.filled, look.shape, look.params, look.severity,
                          sorted((e.edge.source, e.edge.target_port) for e in item.edges
                                 if e.edge.target == node_id))
    state["edges"] = sorted((e.source, e.target, e.target_port) for e in scene.edges)
    return state


def _assert_scene_follows(doc: Document, scene: CanvasScene) -> None:
    graph = doc.graph
    assert set(scene.nodes) == {n.id for n in graph.nodes}
    assert sorted((e.source, e.target, e.target_port) for e in scene.edges) == sorted(
        (e.source, e.target, e.target_port) for e in graph.edges)
    fresh = CanvasScene(doc)
    try:
        assert _scene_state(scene) == _scene_state(fresh)
    finally:
        fresh.detach()
        fresh.clear()


@pytest.mark.parametrize("example", ["wide_and_deep_aux_output.dendrite", "digits.dendrite"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.data_too_large])
@given(edits=st.lists(EDIT, min_size=5, max_size=80))
def test_edits_undo_to_the_start_and_redo_to_the_end_with_the_canvas_following(
        qapp, example, edits):
    project = load_project(PROJECTS / example)
    doc = Document(project)
    scene = CanvasScene(doc)
    try:
        start = copy.deepcopy(project.to_dict())
        for step, edit in enumerate(edits):
            _apply(doc, edit, step)
        end = copy.deepcopy(doc.project.to_dict())
        _assert_scene_follows(doc, scene)

        while doc.undo_stack.canUndo():
            doc.undo_stack.undo()
        assert doc.project.to_dict() == start
        assert not doc.is_modified()
        _assert_scene_follows(doc, scene)

        while doc.undo_stack.canRedo():
            doc.undo_stack.redo()
        assert doc.project.to_dict() == end
        assert doc.is_modified() == (doc.undo_stack.count() > 0)
        _assert_scene_follows(doc, scene)
    finally:
        scene.detach()
        scene.clear()
        doc.close()

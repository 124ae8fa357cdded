"""Any sequence of edits can be undone back to the opened project and redone to the end."""

import contextlib
import copy
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.catalogue import KINDS
from engine.errors import ConnectionRefused
from engine.project_io import load_project
from gui.document import Document

PROJECTS = Path(__file__).resolve().parents[2] / "projects"
EDITS = 300


def _value_for(spec, rng: random.Random):
    if spec.choices:
        return rng.choice(list(spec.choices))
    if spec.type == "int":
        low = int(spec.minimum if spec.minimum is not None else 1)
        return rng.randint(low, low + 50)
    if spec.type == "float":
        low = spec.minimum if spec.minimum is not None else 0.0
        high = spec.maximum if spec.maximum is not None else low + 1.0
        return round(rng.uniform(low, high) * 0.999, 4)
    if spec.type == "bool":
        return rng.random() < 0.5
    return copy.deepcopy(spec.default)


def _random_edit(doc: Document, rng: random.Random, step: int) -> None:
    graph = doc.graph
    ids = [n.id for n in graph.nodes]
    choice = rng.choice(["add", "add", "connect", "connect", "remove", "disconnect", "param",
                         "rename", "move", "duplicate", "layout", "fix"])
    if choice == "add" or not ids:
        kind = rng.choice(list(KINDS))
        doc.add_node(kind, (rng.uniform(-500, 500), rng.uniform(-500, 500)))
    elif choice == "connect":
        with contextlib.suppress(ConnectionRefused):
            doc.connect(rng.choice(ids), rng.choice(ids))
    elif choice == "remove":
        doc.remove_nodes(rng.sample(ids, k=min(len(ids), rng.randint(1, 2))))
    elif choice == "disconnect" and graph.edges:
        doc.disconnect(rng.choice(graph.edges))
    elif choice == "param":
        node = graph.node(rng.choice(ids))
        specs = [s for s in node.kind.params if s.type in ("int", "float", "bool", "choice")
                 or s.choices]
        if specs:
            spec = rng.choice(specs)
            value = _value_for(spec, rng)
            if spec.check(value) is None:
                same = [n.id for n in graph.nodes if n.type == node.type]
                doc.set_param(rng.sample(same, k=min(len(same), rng.randint(1, 3))),
                              spec.name, value)
    elif choice == "rename":
        doc.rename(rng.choice(ids), f"renamed_{step}")
    elif choice == "move":
        moved = rng.sample(ids, k=min(len(ids), rng.randint(1, 3)))
        doc.move_nodes({n: (graph.node(n).position,
                            (rng.uniform(-900, 900), rng.uniform(-900, 900))) for n in moved})
    elif choice == "duplicate":
        doc.duplicate(rng.sample(ids, k=min(len(ids), rng.randint(1, 3))))
    elif choice == "layout":
        doc.auto_layout()
    else:
        fixable = [p for p in doc.analysis().problems if doc.fix_text(p)]
        if fixable:
            doc.apply_fix(rng.choice(fixable))


@pytest.mark.parametrize("example", ["wide_and_deep_aux_output.dendrite", "digits.dendrite"])
@settings(max_examples=3, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_300_random_edits_undo_to_the_start_and_redo_to_the_end(qapp, example, seed):
    project = load_project(PROJECTS / example)
    doc = Document(project)
    start = copy.deepcopy(project.to_dict())
    rng = random.Random(seed)
    for step in range(EDITS):
        _random_edit(doc, rng, step)
    end = copy.deepcopy(doc.project.to_dict())
    assert doc.undo_stack.count() > 0 and doc.is_modified()

    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert doc.project.to_dict() == start
    assert not doc.is_modified()
    while doc.undo_stack.canRedo():
        doc.undo_stack.redo()
    assert doc.project.to_dict() == end
    assert doc.is_modified()

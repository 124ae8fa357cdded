"""Opening a project in the window shows all of it: a card per node and a wire per edge, at
a readable zoom; the Data tab, filled when it is first shown, binds the new project's Inputs
and Outputs (not the last project's)."""

from __future__ import annotations

import json
import random

from PySide6.QtWidgets import QApplication, QComboBox, QTableWidget

from tests.gui.window.conftest import PROJECTS


def project_document(n_nodes: int) -> dict:
    """Inputs, Dense layers fed from recent nodes, four-input Concatenates and Outputs,
    placed at random."""
    rng = random.Random(0)
    nodes, edges, produced = [], [], []

    def add(kind: str, params: dict) -> str:
        node_id = f"n{len(nodes) + 1}"
        nodes.append({"id": node_id, "type": kind, "params": params,
                      "position": [rng.uniform(-3000, 3000), rng.uniform(-3000, 3000)]})
        return node_id

    for _ in range(n_nodes // 10):
        produced.append(add("Input", {"shape": [8]}))
    for _ in range(n_nodes * 3 // 4):
        node = add("Dense", {"units": rng.choice([4, 8, 16]), "activation": "relu"})
        edges.append({"source": rng.choice(produced[-30:]), "target": node, "target_port": 0})
        produced.append(node)
    for _ in range(n_nodes // 10):
        node = add("Concatenate", {})
        for port, source in enumerate(rng.sample(produced[-100:], 4)):
            edges.append({"source": source, "target": node, "target_port": port})
        produced.append(node)
    while len(nodes) < n_nodes:
        node = add("Output", {"units": 1, "loss": "mse"})
        edges.append({"source": rng.choice(produced), "target": node, "target_port": 0})
    return {"format": "dendrite-project", "version": 1, "name": "big",
            "graph": {"nodes": nodes, "edges": edges}}


def test_opening_a_big_project_shows_every_card_and_wire_and_its_data_binding(
        make_window, tmp_path):
    window = make_window(PROJECTS / "wide_and_deep_aux_output.dendrite")
    path = tmp_path / "big.dendrite"
    document = project_document(400)
    path.write_text(json.dumps(document), encoding="utf-8")
    assert window.files.open_path(path, ask=False), window.files.last_error
    QApplication.processEvents()

    graph = window.document.graph
    scene = window.canvas.canvas
    assert set(scene.nodes) == {n.id for n in graph.nodes} and len(scene.nodes) == 400
    assert set(scene.edges) == set(graph.edges)
    for node in graph.nodes:
        item = scene.nodes[node.id]
        assert (item.pos().x(), item.pos().y()) == node.position
        assert item.look.name == node.name and item.look.title.startswith(node.type)
    for edge, wire in scene.edges.items():
        x0, y0, x1, y1 = wire.ends()
        start = window.canvas.port_scene_pos(edge.source, "out")
        end = window.canvas.port_scene_pos(edge.target, "in", edge.target_port)
        assert (x0, y0, x1, y1) == (start.x(), start.y(), end.x(), end.y())
    assert window.canvas.zoom() >= window.canvas.readable_zoom() * 0.999

    window.show_tab(window.training_ui.data_panel)
    QApplication.processEvents()
    table = window.findChild(QTableWidget, "data_binding")
    assert table.isVisible()
    bound = [n for n in graph.nodes if n.kind.is_input or n.kind.is_output]
    shown = [table.item(row, 0).data(256) for row in range(table.rowCount())]
    assert shown == [n.id for n in bound]
    outputs = [n.id for n in bound if n.kind.is_output]
    combos = [table.cellWidget(row, 2) for row in range(table.rowCount())]
    assert [c.property("node_id") for c in combos if isinstance(c, QComboBox)] == outputs

"""Helpers of the engine tests: small graphs by hand, and a Keras model's figures per layer."""

from __future__ import annotations

import math
from pathlib import Path

from engine.graph import Graph

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def chain(*layers: tuple[str, dict], shape=(4,)) -> Graph:
    """Input(shape) -> each (kind, params) in turn -> nothing more; returns the graph."""
    graph = Graph()
    previous = graph.add_node("Input", {"shape": list(shape)}).id
    for kind, params in layers:
        node = graph.add_node(kind, params)
        graph.connect(previous, node.id)
        previous = node.id
    return graph


def keras_figures(model) -> dict[str, tuple[tuple, int, int]]:
    """Layer name -> (output shape without the batch axis, trainable, non-trainable)."""
    figures = {}
    for layer in model.layers:
        outputs = layer.output if isinstance(layer.output, list | tuple) else [layer.output]
        shapes = []
        for output in outputs:
            shape = tuple(output.shape)
            assert shape[0] is None, f"{layer.name}: the batch axis should be unknown, got {shape}"
            shapes.append(tuple(None if d is None else int(d) for d in shape[1:]))
        trainable = sum(math.prod(w.shape) for w in layer.trainable_weights)
        frozen = sum(math.prod(w.shape) for w in layer.non_trainable_weights)
        figures[layer.name] = (shapes[0] if len(shapes) == 1 else tuple(shapes), trainable,
                               frozen)
    return figures


def engine_figures(graph: Graph, analysis) -> dict[str, tuple[tuple, int, int]]:
    """The same figures as `keras_figures`, from the engine's analysis, by layer name."""
    figures = {}
    for node_id in analysis.model_nodes:
        inferred = analysis.inferred[node_id]
        shape = tuple(inferred.shape)
        if inferred.more_shapes:  # several outputs: every one's shape
            shape = (shape, *(tuple(s) for s in inferred.more_shapes))
        figures[graph.node(node_id).name] = (shape, inferred.trainable,
                                             inferred.non_trainable)
    return figures


def chain_document(n_nodes: int, shared_name: str | None = None) -> dict:
    """A project document (plain data) of Input -> Dense x (n-2) -> Output, with no names
    (each made from its kind on load) or every node named `shared_name`."""
    nodes, edges = [], []
    for i in range(n_nodes):
        if i == 0:
            node = {"id": f"n{i}", "type": "Input", "params": {"shape": [4]}}
        elif i == n_nodes - 1:
            node = {"id": f"n{i}", "type": "Output", "params": {"units": None, "loss": "mse"}}
        else:
            node = {"id": f"n{i}", "type": "Dense", "params": {"units": 4}}
        node["position"] = [i * 10.0, 0.0]
        if shared_name is not None:
            node["name"] = shared_name
        nodes.append(node)
        if i:
            edges.append({"source": f"n{i - 1}", "target": f"n{i}", "target_port": 0})
    return {"format": "dendrite-project", "version": 1, "name": f"chain of {n_nodes}",
            "graph": {"nodes": nodes, "edges": edges}}

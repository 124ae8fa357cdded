"""Shapes and parameter counts of KerasLayer nodes measured again through Keras, after the
user edited a layer's config or what feeds it. The GUI applies the returned parameters with
its undoable commands; nothing here changes the graph."""

from __future__ import annotations

from engine.catalogue.keras_layer import KERAS_LAYER, KERAS_OUTPUT
from engine.graph import Graph
from engine.validation import analyse

GENERIC = (KERAS_LAYER.type, KERAS_OUTPUT.type)


def remeasure_keras_layers(graph: Graph, bound_shapes=None) -> dict[str, dict | str]:
    """{node id: updated params} for every KerasLayer node Keras can build with its current
    inputs, or {node id: message} saying why Keras refuses it."""
    from engine.compiler import make_layer
    from engine.importer.mapping import keras_layer_params
    from engine.keras_setup import keras as _keras

    keras = _keras()
    analysis = analyse(graph, bound_shapes)
    shapes = {(n, port): analysis.shape(n, port) for n in analysis.inferred
              for port in range(1 + len(analysis.inferred[n].more_shapes))}
    found: dict[str, dict | str] = {}
    for node_id in graph.topological_order():
        node = graph.node(node_id)
        if node.type not in GENERIC:
            continue
        sources = [shapes.get((e.source, e.source_port)) for e in graph.inputs_of(node_id)]
        if not sources or any(s is None for s in sources):
            found[node_id] = "its inputs have no known shape yet"
            continue
        params = node.kind.resolved(node.params)
        try:
            layer = make_layer(node.kind.layer(params, node.name))
            tensors = [keras.Input(shape=tuple(s)) for s in sources]
            layer(tensors if len(tensors) > 1 else tensors[0])
            measured = keras_layer_params(layer, params["class_name"], params["config"],
                                          sources)
        except Exception as exc:  # Keras's refusal of the config, in its words
            found[node_id] = f"Keras cannot build this {params['class_name']}: {exc}"
            continue
        measured["config"] = params["config"]  # the user's config, as written
        updated = {**node.params, **measured}
        found[node_id] = updated
        shapes[(node_id, 0)] = tuple(updated["output_shape"])
    return found

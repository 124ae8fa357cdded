"""Graph to `keras.Model` through the functional API. TensorFlow is imported in here only."""

from __future__ import annotations

from engine.catalogue import LayerCall
from engine.errors import DendriteError, InvalidGraphError
from engine.graph import Graph
from engine.keras_setup import keras as _keras
from engine.losses import KERAS_LOSS, KERAS_METRIC, optimizer_arguments
from engine.safe_config import find_code, is_safe_layer_class
from engine.validation import Analysis, analyse


class CodeRefused(DendriteError):
    """A layer declaration that names code (a custom class, a lambda): never built."""


def make_layer(call: LayerCall):
    """A Keras layer (or an input tensor, for class "Input") from its declaration; only
    Keras's own layer classes and functions are built (a project is data, never code)."""
    keras = _keras()
    if call.class_name == "Input":
        return keras.Input(*call.args, **call.kwargs)
    code = None if is_safe_layer_class(call.class_name) else (
        f"{call.class_name!r} is not a Keras layer Dendrite may build")
    code = code or find_code(list(call.args), "arguments") or find_code(call.kwargs,
                                                                         "arguments")
    if code:
        raise CodeRefused(f"layer {call.kwargs.get('name', '?')!r}: {code}; Dendrite never "
                          "runs code from a project")
    # a wrapper (Bidirectional) takes the layer it wraps, declared as a LayerCall too
    args = [make_layer(a) if isinstance(a, LayerCall) else a for a in call.args]
    return getattr(keras.layers, call.class_name)(*args, **call.kwargs)


def layer_calls(graph: Graph, analysis: Analysis) -> dict[str, LayerCall]:
    """Every model node's Keras layer declaration, with bound input shapes filled in."""
    calls = {}
    for node_id in analysis.model_nodes:
        node = graph.node(node_id)
        params = node.kind.resolved(node.params)
        if node.kind.is_input:
            params["shape"] = analysis.shape(node_id)
        calls[node_id] = node.kind.layer(params, node.name)
    return calls


def output_nodes(graph: Graph, analysis: Analysis) -> list[str]:
    return [n for n in analysis.model_nodes if graph.node(n).kind.is_output]


def input_nodes(graph: Graph, analysis: Analysis) -> list[str]:
    return [n for n in analysis.model_nodes if graph.node(n).kind.is_input]


def build_model(graph: Graph, bound_shapes=None, name: str = "dendrite_model",
                prepare_input=None, model_inputs=None):
    """The functional model of the graph; refuses a graph with errors, listing them.
    `prepare_input(node, tensor)`, when given, puts layers between each Input and its users
    (an export's preprocessing); `model_inputs`, when given, are the model's inputs instead
    of the Inputs' (the tensors `prepare_input` builds from, e.g. raw CSV columns)."""
    analysis = analyse(graph, bound_shapes)
    if not analysis.ok:
        raise InvalidGraphError(analysis.errors)
    keras = _keras()
    calls = layer_calls(graph, analysis)
    tensors, raw = {}, {}
    for node_id in analysis.model_nodes:
        made = make_layer(calls[node_id])
        if graph.node(node_id).kind.is_input:
            raw[node_id] = made
            tensors[node_id] = (made if prepare_input is None
                                else prepare_input(graph.node(node_id), made))
            continue
        inputs = [tensors[e.source] for e in graph.inputs_of(node_id)]
        kind = graph.node(node_id).kind
        # a merging kind takes a list; an imported Keras layer takes a list only when wired
        # to several inputs
        as_list = len(inputs) > 1 or (kind.variadic and kind.min_inputs > 1)
        tensors[node_id] = made(inputs if as_list else inputs[0])
    inputs = model_inputs or [raw[n] for n in input_nodes(graph, analysis)]
    outputs = [tensors[n] for n in output_nodes(graph, analysis)]
    return keras.Model(inputs=inputs, outputs=outputs, name=name)


def compile_arguments(graph: Graph, training: dict | None = None) -> dict:
    """Keyword arguments of `model.compile`, keyed by output name (plain data)."""
    losses, weights, metrics = {}, {}, {}
    for node in graph.nodes:
        if node.kind is None or not node.kind.is_output:
            continue
        params = node.kind.resolved(node.params)
        if params["loss"] is None:
            continue
        losses[node.name] = KERAS_LOSS[params["loss"]]
        weights[node.name] = float(params["loss_weight"])
        metrics[node.name] = [KERAS_METRIC.get(m, m) for m in params["metrics"]]
    from engine.search.space import plain_settings  # a searched setting: its low/first

    optimizer, kwargs = optimizer_arguments((plain_settings(training) or {}).get("optimizer"))
    return {"optimizer": (optimizer, kwargs), "loss": losses, "loss_weights": weights,
            "metrics": metrics}


def compile_model(model, graph: Graph, training: dict | None = None):
    """Compiles with each output's loss, loss weight and metrics and the project's optimizer."""
    keras = _keras()
    args = compile_arguments(graph, training)
    names = list(model.output_names)
    missing = [n for n in names if n not in args["loss"]]
    if missing:
        raise InvalidGraphError([_no_loss(graph, n) for n in missing])
    optimizer_class, kwargs = args["optimizer"]
    optimizer = getattr(keras.optimizers, optimizer_class)(**kwargs)
    model.compile(optimizer=optimizer,
                  loss={n: args["loss"][n] for n in names},
                  loss_weights={n: args["loss_weights"][n] for n in names},
                  metrics={n: args["metrics"][n] for n in names})
    return model


def _no_loss(graph: Graph, output_name: str):
    from engine.validation import ERROR, Problem

    node = graph.by_name(output_name)
    return Problem(node.id if node else None, ERROR, "has no loss: choose one to train",
                   "missing_loss", output_name)


def build_and_compile(graph: Graph, training: dict | None = None, bound_shapes=None):
    model = build_model(graph, bound_shapes)
    return compile_model(model, graph, training)

"""Graph to `keras.Model` through the functional API. TensorFlow is imported in here only."""

from __future__ import annotations

from engine.catalogue import LayerCall
from engine.errors import DendriteError, InvalidGraphError
from engine.graph import Graph
from engine.keras_setup import keras as _keras
from engine.losses import (
    KerasObject,
    gives_logits,
    keras_loss,
    keras_metrics,
    optimizer_arguments,
)
from engine.model_io import keyed_arguments, make_model
from engine.safe_config import find_code, is_safe_layer_class
from engine.shared_layers import layer_params, owner_of
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
        owner = owner_of(graph, node)  # a shared call is declared as its owner's layer
        params = node.kind.resolved(owner.params)
        if node.kind.is_input:
            params["shape"] = analysis.shape(node_id)
        calls[node_id] = node.kind.layer(params, owner.name)
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
    calls = layer_calls(graph, analysis)
    tensors, raw = {}, {}
    more: dict[str, list] = {}  # the tensors of outputs 1, 2... of a node with several
    made_for: dict[str, object] = {}  # owner id -> its layer, called by every shared call
    for node_id in analysis.model_nodes:
        owner = owner_of(graph, graph.node(node_id)).id
        made = made_for.get(owner)
        if made is None:
            made = made_for[owner] = make_layer(calls[node_id])
        if graph.node(node_id).kind.is_input:
            raw[node_id] = made
            tensors[node_id] = (made if prepare_input is None
                                else prepare_input(graph.node(node_id), made))
            continue
        inputs = [tensors[e.source] if e.source_port == 0 else more[e.source][e.source_port - 1]
                  for e in graph.inputs_of(node_id)]
        node = graph.node(node_id)
        args, kwargs = node.kind.call_arguments(inputs,
                                                node.kind.resolved(layer_params(graph, node)))
        result = made(*args, **kwargs)
        if isinstance(result, list | tuple):  # a layer with several outputs
            tensors[node_id], more[node_id] = result[0], list(result[1:])
        else:
            tensors[node_id] = result
    ins, outs = input_nodes(graph, analysis), output_nodes(graph, analysis)
    # a list, or a dict under the graph's keys (engine.model_io)
    return make_model(graph, ins, [raw[n] for n in ins], outs, [tensors[n] for n in outs],
                      name, model_inputs)


def compile_arguments(graph: Graph, training: dict | None = None,
                      widths: dict[str, int | None] | None = None) -> dict:
    """Keyword arguments of `model.compile`, keyed by output name (plain data; a loss or
    metric with settings, such as from_logits, is a `KerasObject`). `widths`: each output's
    units when known (a built model's); otherwise they are read from the graph."""
    losses, weights, metrics = {}, {}, {}
    for node in graph.nodes:
        if node.kind is None or not node.kind.is_output:
            continue
        params = node.kind.resolved(node.params)
        if params["loss"] is None:
            continue
        losses[node.name] = keras_loss(params)
        weights[node.name] = float(params["loss_weight"])
        metrics[node.name] = keras_metrics(params, _output_width(graph, node, params, widths))
    from engine.search.space import plain_settings  # a searched setting: its low/first

    optimizer, kwargs = optimizer_arguments((plain_settings(training) or {}).get("optimizer"))
    return {"optimizer": (optimizer, kwargs), "loss": losses, "loss_weights": weights,
            "metrics": metrics}


def compile_model(model, graph: Graph, training: dict | None = None):
    """Compiles with each output's loss, loss weight and metrics and the project's optimizer."""
    keras = _keras()
    names = list(model.output_names)
    widths = {n: tensor.shape[-1] for n, tensor in zip(names, model.outputs, strict=False)}
    args = compile_arguments(graph, training, widths)
    missing = [n for n in names if n not in args["loss"]]
    if missing:
        raise InvalidGraphError([_no_loss(graph, n) for n in missing])
    optimizer_class, kwargs = args["optimizer"]
    optimizer = getattr(keras.optimizers, optimizer_class)(**kwargs)
    # by output name, or by the outputs' keys when the model gives a dict
    keyed = keyed_arguments(graph, {part: {n: args[part][n] for n in names}
                                    for part in ("loss", "loss_weights", "metrics")})
    model.compile(optimizer=optimizer,
                  loss={k: _keras_object(v) for k, v in keyed["loss"].items()},
                  loss_weights=keyed["loss_weights"],
                  metrics={k: [_keras_object(m) for m in v] for k, v in keyed["metrics"].items()})
    return model


def _keras_object(value):
    """A loss or metric as `compile` takes it: a name, or the Keras object a `KerasObject`
    declares (its class comes from engine/losses.py's own tables, never from a file)."""
    if not isinstance(value, KerasObject):
        return value
    return getattr(getattr(_keras(), value.module), value.class_name)(**value.kwargs)


def _output_width(graph: Graph, node, params: dict, widths) -> int | None:
    """The output's last dimension: from `widths`, its units, or (only where a metric on
    logits depends on it) the graph's shapes; None when unknown."""
    if widths and widths.get(node.name) is not None:
        return int(widths[node.name])
    if params.get("units") is not None:
        return int(params["units"])
    if not gives_logits(params):
        return None
    shape = analyse(graph).shape(node.id)
    return int(shape[-1]) if shape else None


def _no_loss(graph: Graph, output_name: str):
    from engine.validation import ERROR, Problem

    node = graph.by_name(output_name)
    return Problem(node.id if node else None, ERROR, "has no loss: choose one to train",
                   "missing_loss", output_name)


def build_and_compile(graph: Graph, training: dict | None = None, bound_shapes=None):
    model = build_model(graph, bound_shapes)
    return compile_model(model, graph, training)

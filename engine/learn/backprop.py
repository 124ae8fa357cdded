"""Backpropagation step by step on the project's real, compiled Keras model.

    walk = walk_through(model, graph, x, y, learning_rate)
    walk.steps        # batch, forward per layer, loss, backward per layer, chain rule, update
    walk.node("hidden").z / .a / .d_a / .d_z / .kernel_grad / .kernel_new
    walk.chain.lines()  # dL/dw for one weight, written out with the numbers

The forward pass recomputes each Dense layer from its own kernel and bias (z = x·W + b,
a = f(z)) inside one `tf.GradientTape`; the loss is the model's compiled loss
(`model.compute_loss`), so the gradients are the ones `train_on_batch` uses, and the update
`w <- w - eta * grad` is what one plain-SGD step does. Other layers (Flatten, Concatenate,
Activation...) are called as they are; layers that act only in training (Dropout) are run
in inference mode, so the walk-through equals `train_on_batch` for networks without them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from engine.graph import Graph
from engine.keras_setup import keras as _keras
from engine.keras_setup import tensorflow as _tensorflow
from engine.learn.backprop_text import ChainRule, ChainTerm, describe_steps
from engine.learn.glass_model import build_sgd_model
from engine.learn.glass_model import single as _single
from engine.learn.xor_mlp import XOR_INPUTS, XOR_TARGETS
from engine.shared_layers import layer_params

DEMO_LEARNING_RATE = 0.5
DEMO_SEED = 42
NOT_ELEMENTWISE = ("softmax", "log_softmax")


@dataclass
class NodeNumbers:
    """One node's numbers for the batch (samples along the first axis)."""

    node_id: str
    name: str
    layer_class: str  # the Keras class: InputLayer, Dense, Concatenate...
    sources: list[str]  # names of the nodes feeding it
    a: np.ndarray  # its output (activations)
    activation: str | None = None
    z: np.ndarray | None = None  # weighted sums (Dense)
    d_a: np.ndarray | None = None  # dLoss/d output
    d_z: np.ndarray | None = None  # dLoss/dz (Dense)
    slope: np.ndarray | None = None  # f'(z) for an elementwise activation
    kernel: np.ndarray | None = None  # before the update
    bias: np.ndarray | None = None
    kernel_grad: np.ndarray | None = None
    bias_grad: np.ndarray | None = None
    kernel_new: np.ndarray | None = None
    bias_new: np.ndarray | None = None

    @property
    def is_input(self) -> bool:
        return self.layer_class == "InputLayer"

    @property
    def has_weights(self) -> bool:
        return self.kernel is not None


@dataclass
class Step:
    kind: str  # batch, forward, loss, backward, chain, update
    title: str
    text: str
    node: str | None = None  # the node this step is about


@dataclass
class Walkthrough:
    inputs: dict[str, np.ndarray]
    targets: dict[str, np.ndarray]
    nodes: list[NodeNumbers]
    loss: float
    loss_names: dict[str, str]  # output name -> loss
    learning_rate: float
    chain: ChainRule | None
    steps: list[Step] = field(default_factory=list)

    @property
    def batch_size(self) -> int:
        return len(next(iter(self.inputs.values())))

    def node(self, name: str) -> NodeNumbers:
        return next(n for n in self.nodes if n.name == name)

    @property
    def weighted(self) -> list[NodeNumbers]:
        return [n for n in self.nodes if n.has_weights]

    @property
    def followable(self) -> list[NodeNumbers]:
        """Dense layers on flat inputs: each weight joins one input to one neuron, so its
        chain rule can be written out (a Dense on images acts on every pixel row at once)."""
        return [n for n in self.weighted
                if n.kernel.ndim == 2 and self.node(n.sources[0]).a.ndim == 2]


def demo_graph(hidden_units: int = 3) -> Graph:
    """The 2-3-1 XOR network: tanh hidden layer, sigmoid output, binary cross-entropy."""
    graph = Graph()
    graph.add_node("Input", {"shape": [2]}, "input", (0, 0), "n1")
    graph.add_node("Dense", {"units": hidden_units, "activation": "tanh"}, "hidden",
                   (220, 0), "n2")
    graph.add_node("Output", {"units": 1, "activation": "sigmoid",
                              "loss": "binary_crossentropy"}, "output", (440, 0), "n3")
    graph.connect("n1", "n2")
    graph.connect("n2", "n3")
    return graph


def demo_training() -> dict:
    return {"optimizer": {"name": "sgd", "learning_rate": DEMO_LEARNING_RATE},
            "batch_size": len(XOR_INPUTS), "seed": DEMO_SEED}


class BackpropSession:
    """A model, its graph and its mini-batches: `walk()` shows one SGD step on the current
    batch; `advance()` applies that step and walks the next batch. Runs TensorFlow: call it
    from one worker thread."""

    def __init__(self, title: str, model, graph: Graph, learning_rate: float,
                 batch: Callable[[int], tuple[dict, dict]]):
        self.title, self.model, self.graph = title, model, graph
        self.learning_rate = float(learning_rate)
        self.batch = batch  # batch number -> (x, y)
        self.batch_number = 0
        self.steps_applied = 0
        self.last: Walkthrough | None = None

    def walk(self, weight: tuple[str, int, int] | None = None) -> Walkthrough:
        x, y = self.batch(self.batch_number)
        self.last = walk_through(self.model, self.graph, x, y, self.learning_rate, weight)
        return self.last

    def advance(self) -> Walkthrough:
        if self.last is None:
            self.walk()
        weight = (self.last.chain.layer, self.last.chain.row, self.last.chain.column)
        apply_update(self.model, self.last)
        self.steps_applied += 1
        self.batch_number += 1
        return self.walk(weight)


def demo_session(hidden_units: int = 3) -> BackpropSession:
    """The 2-3-1 XOR network; every mini-batch is its four points."""
    graph = demo_graph(hidden_units)
    model, rate = build_sgd_model(graph, demo_training())
    x = {"input": XOR_INPUTS.astype("float32")}
    y = {"output": XOR_TARGETS.astype("float32")[:, None]}
    title = f"2-{hidden_units}-1 network on XOR (the four points)"
    return BackpropSession(title, model, graph, rate, lambda _number: (x, y))


def project_session(project, batch_size: int) -> BackpropSession:
    """The project's own model and training split, `batch_size` samples a batch in order
    (raises DataError or InvalidGraphError with the reason)."""
    from engine.learn.glass_model import open_project_model

    opened = open_project_model(project)
    size = opened.split_size("train")
    batch_size = max(1, min(int(batch_size), size))

    def batch(number: int) -> tuple[dict, dict]:
        indices = (np.arange(batch_size) + number * batch_size) % size
        return opened.x("train", indices), opened.y("train", indices)

    words = "trained" if opened.trained else "untrained"
    title = f"{project.name} ({words}), {batch_size} training samples a batch"
    return BackpropSession(title, opened.model, opened.graph, opened.learning_rate, batch)


def demo_walkthrough(hidden_units: int = 3, weight: tuple[str, int, int] | None = None):
    """(model, graph, walk-through) of the 2-3-1 XOR network on its four points."""
    session = demo_session(hidden_units)
    return session.model, session.graph, session.walk(weight)


def walk_through(model, graph: Graph, x: dict, y: dict, learning_rate: float,
                 weight: tuple[str, int, int] | None = None) -> Walkthrough:
    """Every number of one SGD step on the batch (x, y), keyed by the model's input and
    output names. `weight` = (layer name, row, column) picks the weight whose chain rule is
    written out (row -1: the bias); by default the first weight of the first Dense layer.
    The model itself is not changed."""
    tf = _tensorflow()
    ops = _keras().ops

    nodes = _model_nodes(model, graph)
    by_name = {n.name: n for n in nodes}
    tensors, weighted_sums = {}, {}
    with tf.GradientTape(persistent=True) as tape:
        for node in nodes:
            layer = model.get_layer(node.name)
            if node.is_input:
                tensors[node.name] = tf.constant(np.asarray(x[node.name], "float32"))
                tape.watch(tensors[node.name])
                continue
            inputs = [tensors[s] for s in node.sources]
            if node.layer_class == "Dense":
                z = ops.matmul(inputs[0], layer.kernel)  # broadcasts over extra axes
                if layer.use_bias:
                    z = z + layer.bias
                weighted_sums[node.name] = z
                tensors[node.name] = layer.activation(z)
            else:
                found = graph.node(node.node_id)  # called as the compiler calls it
                args, kwargs = found.kind.call_arguments(
                    inputs, found.kind.resolved(layer_params(graph, found)))
                tensors[node.name] = layer(*args, **kwargs, training=False)
        outputs = [tensors[name] for name in model.output_names]
        loss = model.compute_loss(x=_single(x), y=_single(y),
                                  y_pred=outputs[0] if len(outputs) == 1 else outputs,
                                  training=True)
    names = [n.name for n in nodes]
    d_outputs = tape.gradient(loss, [tensors[n] for n in names])
    d_sums = tape.gradient(loss, list(weighted_sums.values()))
    for node, value, grad in zip(nodes, [tensors[n] for n in names], d_outputs, strict=True):
        node.a = value.numpy()
        node.d_a = None if grad is None else grad.numpy()
    _fill_output_slopes(model, x, y, by_name, [tensors[n] for n in model.output_names])
    for name, z, grad in zip(weighted_sums, weighted_sums.values(), d_sums, strict=True):
        _fill_dense(by_name[name], model.get_layer(name), z, grad, learning_rate, tape, loss)
    del tape
    loss_names = _loss_names(graph, model.output_names)
    walk = Walkthrough({k: np.asarray(v) for k, v in x.items()},
                       {k: np.asarray(v) for k, v in y.items()}, nodes, float(loss),
                       loss_names, float(learning_rate), None)
    walk.chain = chain_rule(walk, weight or default_weight(walk))
    walk.steps = [Step(*s) for s in describe_steps(walk)]
    return walk


def default_weight(walk: Walkthrough) -> tuple[str, int, int]:
    """The first weight of the first Dense layer: its chain runs through the whole net."""
    first = next(iter(walk.followable), None)
    if first is None:
        raise ValueError("the network has no Dense layer, so no weight to follow")
    return first.name, 0, 0


def chain_rule(walk: Walkthrough, weight: tuple[str, int, int]) -> ChainRule:
    """dL/dw for kernel[row, column] of a Dense layer (row -1: its bias), term by term."""
    name, row, column = weight
    node = walk.node(name)
    if node not in walk.followable:
        raise ValueError(f"{name} is not a Dense layer on flat inputs: choose another layer")
    if not (-1 <= row < node.kernel.shape[0] and 0 <= column < node.kernel.shape[1]):
        raise ValueError(f"{name} has no weight [{row}, {column}]: rows 0-"
                         f"{node.kernel.shape[0] - 1} (or -1, the bias), columns 0-"
                         f"{node.kernel.shape[1] - 1}")
    source = walk.node(node.sources[0])
    terms = []
    for sample in range(walk.batch_size):
        x = 1.0 if row < 0 else float(source.a[sample, row])
        slope = None if node.slope is None else float(node.slope[sample, column])
        d_z = float(node.d_z[sample, column])
        terms.append(ChainTerm(sample, x, float(node.d_a[sample, column]), slope, d_z, x * d_z))
    if row < 0:
        old, grad, new = node.bias[column], node.bias_grad[column], node.bias_new[column]
    else:
        old = node.kernel[row, column]
        grad, new = node.kernel_grad[row, column], node.kernel_new[row, column]
    return ChainRule(name, row, column, source.name, node.activation, terms, float(grad),
                     float(old), float(new), walk.learning_rate,
                     _downstream(walk, node, column))


def _downstream(walk: Walkthrough, node: NodeNumbers, column: int):
    """How dL/da_j of the first sample comes from the next Dense layer (when there is one
    and only one): sum over k of dL/dz_k * w_jk, as (next layer, [(dz_k, w_jk)])."""
    consumers = [n for n in walk.nodes if node.name in n.sources]
    if len(consumers) != 1 or consumers[0].layer_class != "Dense":
        return None
    following = consumers[0]
    if following.kernel.ndim != 2 or following.kernel.shape[0] != node.a.shape[-1]:
        return None
    pairs = [(float(following.d_z[0, k]), float(following.kernel[column, k]))
             for k in range(following.kernel.shape[1])]
    return following.name, pairs


def apply_update(model, walk: Walkthrough) -> None:
    """Writes the walk-through's new weights into the model (the SGD step it showed)."""
    for node in walk.weighted:
        layer = model.get_layer(node.name)
        layer.kernel.assign(node.kernel_new)
        if node.bias_new is not None:
            layer.bias.assign(node.bias_new)


def _fill_output_slopes(model, x, y, by_name, outputs) -> None:
    """dL/da of outputs whose loss Keras computes from the logits (sigmoid or softmax with
    cross-entropy): the tape never sees the probabilities, so the loss is taken again from
    plain copies of them. Only for showing dL/da; the gradients come from the first tape."""
    names = [name for name in model.output_names if by_name[name].d_a is None]
    if not names:
        return
    tf = _tensorflow()
    with tf.GradientTape() as tape:
        plain = [tf.identity(tf.convert_to_tensor(output.numpy())) for output in outputs]
        for tensor in plain:
            tape.watch(tensor)
        loss = model.compute_loss(x=_single(x), y=_single(y),
                                  y_pred=plain[0] if len(plain) == 1 else plain, training=True)
    grads = tape.gradient(loss, plain)
    for name, grad in zip(model.output_names, grads, strict=True):
        if name in names and grad is not None:
            by_name[name].d_a = grad.numpy()


def _fill_dense(node: NodeNumbers, layer, z, d_z, learning_rate, tape, loss) -> None:
    tf = _tensorflow()

    node.z = z.numpy()
    node.d_z = d_z.numpy()
    node.activation = layer.get_config().get("activation")
    if node.activation not in NOT_ELEMENTWISE:
        with tf.GradientTape() as slope_tape:
            slope_tape.watch(z)
            activated = layer.activation(z)
        node.slope = slope_tape.gradient(activated, z).numpy()
    variables = [layer.kernel] + ([layer.bias] if layer.use_bias else [])
    grads = tape.gradient(loss, variables)
    rate = np.float32(learning_rate)
    node.kernel, node.kernel_grad = layer.kernel.numpy(), grads[0].numpy()
    node.kernel_new = node.kernel - rate * node.kernel_grad
    if layer.use_bias:
        node.bias, node.bias_grad = layer.bias.numpy(), grads[1].numpy()
        node.bias_new = node.bias - rate * node.bias_grad


def _model_nodes(model, graph: Graph) -> list[NodeNumbers]:
    """The graph's nodes that are layers of the model, in the order data flows."""
    layers = {layer.name: layer for layer in model.layers}
    nodes = []
    for node_id in graph.topological_order():
        node = graph.node(node_id)
        if node.name not in layers:
            continue
        sources = [graph.node(e.source).name for e in graph.inputs_of(node_id)]
        nodes.append(NodeNumbers(node_id, node.name, type(layers[node.name]).__name__,
                                 sources, np.zeros(0)))
    if not nodes:
        raise ValueError("the model has none of the graph's layers")
    return nodes


def _loss_names(graph: Graph, output_names) -> dict[str, str]:
    found = {}
    for name in output_names:
        node = graph.by_name(name)
        found[name] = str(node.params.get("loss")) if node else "?"
    return found


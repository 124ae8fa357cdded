"""One example traced through the network: every layer's output for one sample.

    tracer = Tracer(model)            # one sub-model with every layer's output, built once
    traced = tracer.trace(x)          # {layer name: values of the sample}

Stepping through samples calls the same sub-model again: nothing is rebuilt or recompiled.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.keras_setup import keras as _keras


@dataclass
class TracedNode:
    name: str
    layer_class: str
    values: np.ndarray  # one sample's output (no batch axis)
    is_output: bool = False
    # an output's values as probabilities (sigmoid or softmax of logits: engine.losses)
    probabilities: np.ndarray | None = None


class Tracer:
    def __init__(self, model):
        keras = _keras()
        self.model = model
        self.layers = list(model.layers)
        self.output_names = set(model.output_names)
        self.submodel = keras.Model(model.inputs, [_first_output(layer) for layer in self.layers],
                                    name=f"{model.name}_trace")

    @property
    def names(self) -> list[str]:
        return [layer.name for layer in self.layers]

    def outputs(self, x) -> list[np.ndarray]:
        """Every layer's output for a batch (x as the model takes it), in layer order."""
        found = self.submodel(x, training=False)
        return [np.asarray(value) for value in found]

    def trace(self, x) -> list[TracedNode]:
        """Every layer's output for the first sample of x."""
        return [TracedNode(layer.name, type(layer).__name__, values[0],
                           layer.name in self.output_names)
                for layer, values in zip(self.layers, self.outputs(x), strict=True)]


def _first_output(layer):
    """The layer's (first) output at its first call: an LSTM's sequence, not its states; a
    shared layer's first call (Keras refuses `layer.output` for a layer called twice)."""
    node = layer._inbound_nodes[0]  # Keras keeps no public list of a layer's calls
    outputs = node.output_tensors
    return outputs[0] if isinstance(outputs, list | tuple) else outputs


def describe_values(values: np.ndarray, shown: int = 12) -> str:
    """A sample's values in one line: all of them when few, else the first ones and a summary."""
    flat = np.asarray(values, dtype=float).ravel()
    text = " ".join(f"{v:.4f}" for v in flat[:shown])
    if flat.size > shown:
        text += (f" … ({flat.size} values; min {flat.min():.4f}, max {flat.max():.4f}, "
                 f"mean {flat.mean():.4f})")
    return text


MAP_SIZE = 32  # grid points along each axis of a neuron map


@dataclass
class NeuronMaps:
    """Each layer's outputs over a grid of the input plane: maps[name] has shape
    (size, size, units), the first feature along the first axis."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    maps: dict[str, np.ndarray]


def plane_grid(x_range, y_range, size: int) -> np.ndarray:
    """size² points of the plane, (x, y) each, x varying along the first grid axis."""
    gx, gy = np.meshgrid(np.linspace(*x_range, size), np.linspace(*y_range, size),
                         indexing="ij")
    return np.c_[gx.ravel(), gy.ravel()].astype("float32")


def neuron_maps(tracer: Tracer, input_name: str, x_range, y_range,
                size: int = MAP_SIZE) -> NeuronMaps:
    """Every layer's output on a size x size grid of a two-feature input, in one call of
    the trace sub-model."""
    outputs = tracer.outputs({input_name: plane_grid(x_range, y_range, size)})
    maps = {layer.name: values.reshape(size, size, -1)
            for layer, values in zip(tracer.layers, outputs, strict=True)
            if layer.name != input_name}
    return NeuronMaps((float(x_range[0]), float(x_range[1])),
                      (float(y_range[0]), float(y_range[1])), maps)


@dataclass
class TracedSample:
    split: str
    index: int
    nodes: list[TracedNode]
    targets: dict[str, np.ndarray]  # output name -> this sample's target
    class_names: list[str] | None = None

    def node(self, name: str) -> TracedNode:
        return next(n for n in self.nodes if n.name == name)


class TraceSession:
    """A project's model and one split to step through, a sample at a time. Runs
    TensorFlow: call it from one worker thread."""

    def __init__(self, title: str, opened):
        self.title = title
        self.opened = opened
        self.tracer = Tracer(opened.model)
        self.split = opened.first_split()
        self.maps: NeuronMaps | None = None  # kept by whoever computes them

    @property
    def size(self) -> int:
        return self.opened.split_size(self.split)

    def plane_input(self) -> tuple[str, np.ndarray] | None:
        """(input name, the training split's values) when the model has one input of two
        numeric features (a plane to draw neuron maps on), else None."""
        x = self.opened.x("train", np.arange(self.opened.split_size("train")))
        if len(x) != 1:
            return None
        name, values = next(iter(x.items()))
        return (name, values) if values.ndim == 2 and values.shape[1] == 2 else None

    def neuron_maps(self, size: int = MAP_SIZE) -> NeuronMaps | None:
        """Every layer's output over the input plane (the training data's range with a
        margin), or None when the input is not two features."""
        plane = self.plane_input()
        if plane is None:
            return None
        name, values = plane
        low, high = values.min(axis=0), values.max(axis=0)
        margin = 0.1 * np.maximum(high - low, 1e-6)
        return neuron_maps(self.tracer, name, (low[0] - margin[0], high[0] + margin[0]),
                           (low[1] - margin[1], high[1] + margin[1]), size)

    def typed(self, text: str) -> TracedSample:
        """A sample the user typed (in the model's input units, after the data's scaling);
        it has no target. Only for a model with one input."""
        if len(self.tracer.model.inputs) != 1:
            raise ValueError("typing a sample works for a model with one input")
        model_input = self.tracer.model.inputs[0]
        values = parse_sample(text, tuple(model_input.shape[1:]))
        nodes = self._with_probabilities(self.tracer.trace({model_input.name: values[None]}))
        return TracedSample("typed", -1, nodes, {}, None)

    def _with_probabilities(self, nodes: list[TracedNode]) -> list[TracedNode]:
        from engine.losses import probabilities

        for node in nodes:
            found = self.opened.graph.by_name(node.name) if node.is_output else None
            if found is not None and found.kind is not None and found.kind.is_output:
                node.probabilities = probabilities(node.values,
                                                   found.kind.resolved(found.params))
        return nodes

    def sample(self, index: int) -> TracedSample:
        if not 0 <= index < self.size:
            raise ValueError(f"there is no sample {index}: the {self.split} split has "
                             f"samples 0 to {self.size - 1}")
        nodes = self._with_probabilities(self.tracer.trace(self.opened.x(self.split, [index])))
        targets = {k: v[0] for k, v in self.opened.y(self.split, [index]).items()}
        names = self.opened.prepared.class_names if self.opened.prepared else None
        return TracedSample(self.split, index, nodes, targets, names)


def parse_sample(text: str, shape: tuple[int, ...]) -> np.ndarray:
    """A typed sample, numbers separated by commas or spaces, as one input of `shape`;
    ValueError naming what is wrong."""
    parts = [p for p in text.replace(",", " ").split() if p]
    values = []
    for index, part in enumerate(parts):
        try:
            values.append(float(part))
        except ValueError:
            raise ValueError(f"value {index + 1} ({part!r}) is not a number") from None
        if not np.isfinite(values[-1]):
            raise ValueError(f"value {index + 1} ({part}) is not a finite number")
    if None in tuple(shape):
        raise ValueError(f"the input {tuple(shape)} has an axis of any length: pick a sample "
                         "of the data instead of typing one")
    wanted = int(np.prod(shape))
    if len(values) != wanted:
        raise ValueError(f"the input takes {wanted} numbers, got {len(values)}")
    return np.asarray(values, dtype="float32").reshape(shape)


def open_trace(project) -> TraceSession:
    """The project's model (its saved weights when they fit) ready to trace samples."""
    from engine.learn.glass_model import open_project_model

    opened = open_project_model(project)
    words = "trained" if opened.trained else "untrained: the project's seed"
    return TraceSession(f"{project.name} ({words})", opened)

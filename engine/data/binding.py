"""Binding data to the graph: each Input gets feature columns (or an image reshape), each
Output a target. `bind` checks the binding against the graph before any training, with
messages that name both sides, and gives the x / y dictionaries keyed by the model's input
and output names."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.data.columns import (
    ColumnSpecError,
    describe_columns,
    parse_columns,
    planned_target_key,
    target_key,
)
from engine.data.data_shape import DataShape
from engine.data.dataset import MAIN_TARGET
from engine.data.prepare import PreparedData
from engine.graph import Graph
from engine.losses import CLASSIFICATION_LOSSES

ERROR, WARNING = "error", "warning"
SPARSE, ONE_HOT, VALUE = "sparse", "one_hot", "value"
LOSS_WORDS = {
    "mse": "mean squared error", "mae": "mean absolute error", "huber": "Huber loss",
    "binary_crossentropy": "binary cross-entropy",
    "categorical_crossentropy": "categorical cross-entropy",
    "sparse_categorical_crossentropy": "sparse categorical cross-entropy",
}


@dataclass(frozen=True)
class BindingProblem:
    node_id: str | None
    node_name: str
    message: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def describe(self) -> str:
        return f"{self.severity.upper()}: {self.message}"


@dataclass
class InputBinding:
    name: str  # the Keras input name
    columns: np.ndarray
    shape: tuple[int, ...]  # one sample as the Input receives it

    def describe(self) -> str:
        return f"columns {describe_columns(self.columns)} as {list(self.shape)}"


@dataclass
class OutputBinding:
    name: str  # the Keras output name
    target: str
    encoding: str  # sparse (class numbers), one_hot, or value
    units: int | None = None


@dataclass
class Binding:
    """The checked binding. `problems` lists what is wrong (errors stop training);
    `bound_shapes` feeds `engine.validation.analyse` for Inputs without a shape."""

    inputs: dict[str, InputBinding] = field(default_factory=dict)
    outputs: dict[str, OutputBinding] = field(default_factory=dict)
    problems: list[BindingProblem] = field(default_factory=list)

    @property
    def errors(self) -> list[BindingProblem]:
        return [p for p in self.problems if p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bound_shapes(self) -> dict[str, tuple[int, ...]]:
        return {node_id: b.shape for node_id, b in self.inputs.items()}

    def x(self, data: PreparedData, split: str, rows=None) -> dict[str, np.ndarray]:
        """Features of a split keyed by input name, each shaped as its Input (only `rows`
        of it when given: a streamed split then reads just those images)."""
        part = data.splits[split]
        if rows is None:
            source = part.x
        elif hasattr(part, "images"):
            source = part.images(rows)
        else:
            source = part.x[np.asarray(rows, np.int64)]
        flat = source.reshape(len(source), -1)
        out = {}
        for b in self.inputs.values():
            if len(b.columns) == flat.shape[1] and np.array_equal(b.columns,
                                                                  np.arange(flat.shape[1])):
                picked = source if source.shape[1:] == b.shape else flat
            else:
                picked = flat[:, b.columns]
            out[b.name] = picked.reshape(len(source), *b.shape)
        return out

    def stream(self, data: PreparedData, split: str, batch_size: int, shuffle: bool = False,
               seed=None):
        """A streamed split (an image folder) as a tf.data dataset of (x, y) batches, each
        shaped and encoded as `x` and `y` give them (a lone input or output bare)."""
        import tensorflow as tf

        inputs, outputs = list(self.inputs.values()), list(self.outputs.values())
        sample = tuple(data.sample_shape)
        width = int(np.prod(sample))

        def to_xy(image, label):
            xs = {}
            for b in inputs:
                if len(b.columns) == width and np.array_equal(b.columns, np.arange(width)):
                    value = image
                else:
                    value = tf.gather(tf.reshape(image, [-1]), b.columns)
                xs[b.name] = value if tuple(b.shape) == sample else tf.reshape(value, b.shape)
            ys = {}
            for b in outputs:
                if b.encoding == SPARSE:
                    ys[b.name] = label
                elif b.encoding == ONE_HOT:
                    ys[b.name] = tf.one_hot(label, b.units)
                else:
                    ys[b.name] = tf.cast(label, tf.float32)
            x = next(iter(xs.values())) if len(xs) == 1 else xs
            y = next(iter(ys.values())) if len(ys) == 1 else ys
            return x, y

        return data.splits[split].tf_dataset(to_xy, batch_size, seed, shuffle)

    def y(self, data: PreparedData, split: str) -> dict[str, np.ndarray]:
        """Targets of a split keyed by output name, encoded as each Output's loss needs."""
        targets = data.splits[split].targets
        out = {}
        for b in self.outputs.values():
            values = targets[b.target]
            if b.encoding == SPARSE:
                out[b.name] = values.astype(np.int64)
            elif b.encoding == ONE_HOT:
                out[b.name] = np.eye(b.units, dtype=np.float32)[values.astype(np.int64)]
            else:
                out[b.name] = values.astype(np.float32)
        return out


def bind(graph: Graph, data_spec: dict | None, data: PreparedData) -> Binding:
    """Checks `data.inputs` / `data.targets` of the project against the graph and the data."""
    binding = bind_inputs(graph, data_spec, DataShape.of_dataset(data.dataset))
    if binding.ok:
        from engine.validation import analyse

        analysis = analyse(graph, binding.bound_shapes)
    else:
        analysis = None
    given_targets = _section_object(data_spec, "targets")
    for node in _outputs(graph):
        _bind_output(node, given_targets.get(node.id, MAIN_TARGET), data, analysis, binding)
    return binding


def bind_inputs(graph: Graph, data_spec: dict | None, shape: DataShape) -> Binding:
    """The Inputs' columns and shapes, from the data's shape alone (nothing is loaded)."""
    spec = data_spec or {}
    binding = Binding()
    inputs = [n for n in graph.nodes if n.kind is not None and n.kind.is_input]
    given_inputs = _section_object(spec, "inputs")
    given_targets = _section_object(spec, "targets")
    for node_id in list(given_inputs) + list(given_targets):
        if not graph.has_node(node_id):
            binding.problems.append(BindingProblem(
                node_id, "", f"the data binding names node {node_id}, which is not in the "
                "graph; it is ignored", WARNING))
    for node in inputs:
        _bind_input(node, given_inputs.get(node.id), len(inputs), shape, binding)
    _check_vocabularies(graph, spec, shape, binding)
    return binding


def _check_vocabularies(graph: Graph, spec: dict, shape: DataShape, binding: Binding) -> None:
    """An Embedding fed straight by an Input bound to a text column's word numbers must hold
    the whole vocabulary (input_dim >= max_tokens), else a word number can be out of range."""
    from engine.data.errors import DataError
    from engine.data.text_columns import plan

    dataset = spec.get("dataset")
    if not isinstance(dataset, dict) or dataset.get("source") != "csv":
        return
    try:
        text = plan(dataset)
    except DataError:
        return  # loading reports the bad value
    if text is None or not binding.inputs:
        return
    names = shape.names()
    tokens = {i for i, name in enumerate(names)
              if any(name.startswith(f"{column}[") for column in text.columns)}
    for node_id, bound in binding.inputs.items():
        if not tokens.intersection(int(c) for c in bound.columns):
            continue
        for edge in graph.outputs_of(node_id):
            target = graph.node(edge.target)
            if target.type != "Embedding":
                continue
            size = target.kind.resolved(target.params).get("input_dim")
            if isinstance(size, int) and size < text.max_tokens:
                binding.problems.append(BindingProblem(
                    target.id, target.name, f"Embedding {target.name} has input_dim {size}, "
                    f"but Input {bound.name} receives word numbers of a vocabulary of up to "
                    f"{text.max_tokens} words (data.dataset.max_tokens): a word numbered "
                    f"{size} or more would fail; set input_dim to {text.max_tokens}",
                    WARNING))


def planned_outputs(graph: Graph, data_spec: dict | None, analysis) -> dict[str, OutputBinding]:
    """Each Output's target, encoding and units as the analysis derives them (no data)."""
    given_targets = _section_object(data_spec, "targets")
    found = {}
    for node in _outputs(graph):
        target = given_targets.get(node.id, MAIN_TARGET)
        encoding, units = output_encoding(node, analysis)
        key = planned_target_key(target, (data_spec or {}).get("dataset"))
        found[node.id] = OutputBinding(node.name, key, encoding, units)
    return found


def output_encoding(node, analysis) -> tuple[str, int | None]:
    """(encoding of the targets, units) of an Output: the units are the last dimension of
    its inferred shape (its own units, or those of the layer before it), else its `units`."""
    params = node.kind.resolved(node.params)
    loss = params.get("loss")
    shape = analysis.shape(node.id) if analysis is not None else None
    units = int(shape[-1]) if shape else params.get("units")
    if loss == "sparse_categorical_crossentropy":
        return SPARSE, units
    if loss == "categorical_crossentropy":
        return ONE_HOT, units
    return VALUE, units


def _section_object(spec, key: str) -> dict:
    """`data.inputs` or `data.targets`; anything but an object reads as empty (the section's
    check reports it)."""
    value = spec.get(key) if isinstance(spec, dict) else None
    return value if isinstance(value, dict) else {}


def _outputs(graph: Graph) -> list:
    return [n for n in graph.nodes if n.kind is not None and n.kind.is_output]


def _columns(given, shape: DataShape):
    value = given.get("columns", "all")
    items = value if isinstance(value, list | tuple) else [value]
    names_needed = any(isinstance(i, str) and i != "all" for i in items)
    return parse_columns(value, shape.n_columns, shape.names() if names_needed else None)


def _bind_input(node, given, n_inputs, data: DataShape, binding: Binding) -> None:
    def fail(message: str) -> None:
        binding.problems.append(BindingProblem(node.id, node.name, message))

    params = node.kind.resolved(node.params)
    declared = tuple(params["shape"]) if params.get("shape") else None
    if given is None and n_inputs > 1:
        fail(f"Input {node.name} is not bound to any columns: pick its columns")
        return
    given = given or {}
    if not isinstance(given, dict):
        fail(f"Input {node.name}: expected {{\"columns\": ...}} or {{\"reshape\": [...]}}, got "
             f"{given!r}")
        return
    try:
        columns = _columns(given, data)
    except ColumnSpecError as exc:
        fail(f"Input {node.name}: {exc}")
        return
    count = len(columns)
    reshape = given.get("reshape")
    if reshape is not None:
        if (not isinstance(reshape, list) or not reshape
                or not all(isinstance(d, int) and d > 0 for d in reshape)):
            fail(f"Input {node.name}: reshape must be a list of positive sizes, got {reshape!r}")
            return
        if int(np.prod(reshape)) != count:
            fail(f"Input {node.name}: reshape {list(reshape)} holds {int(np.prod(reshape))} "
                 f"values, but it is bound to {count} columns")
            return
        shape = tuple(reshape)
    elif count == data.n_columns and data.is_image:
        shape = data.sample_shape
    else:
        shape = (count,)
    if declared is not None and None in declared:  # an axis of any length takes the data's
        if len(declared) != len(shape) or any(d not in (None, s)
                                                for d, s in zip(declared, shape, strict=True)):
            fail(f"Input {node.name} has shape {list(declared)} but is bound to data of shape "
                 f"{list(shape)}")
            return
    elif declared is not None and declared != shape:
        if reshape is None and int(np.prod(declared)) == count:
            shape = declared  # the same values, laid out as the Input declares
        else:
            what = (f"images of shape {list(shape)}" if data.is_image and count ==
                    data.n_columns else f"{count} column{'s' * (count != 1)}")
            fail(f"Input {node.name} has shape {list(declared)} but is bound to {what}")
            return
    binding.inputs[node.id] = InputBinding(node.name, columns, shape)


def _bind_output(node, target_name, data: PreparedData, analysis, binding: Binding) -> None:
    def report(message: str, severity: str = ERROR) -> None:
        binding.problems.append(BindingProblem(node.id, node.name, message, severity))

    params = node.kind.resolved(node.params)
    loss = params.get("loss")
    try:
        target_name, warning = target_key(target_name, data.dataset.targets,
                                          data.dataset.main_key)
    except ColumnSpecError as exc:
        report(f"Output {node.name} {exc}")
        return
    if warning:
        report(f"Output {node.name}: {warning}", WARNING)
    target = data.dataset.targets[target_name]
    encoding, units = output_encoding(node, analysis)
    if loss is None:
        return  # validation reports the missing loss
    words = LOSS_WORDS.get(loss, loss)
    values = target.values
    unit_words = f"{units} unit{'s' * (units != 1)}" if units else "its units"
    if loss == "binary_crossentropy":
        low, high = float(np.min(values)), float(np.max(values))
        if low < 0 or high > 1:
            head = ("sigmoid with binary cross-entropy" if params.get("activation") == "sigmoid"
                    else "binary cross-entropy")
            report(f"Output {node.name} has {head}, but the target has values outside 0-1 "
                   f"(from {low:g} to {high:g}): use softmax with sparse categorical "
                   "cross-entropy for several classes, or a regression loss")
            return
    if loss in CLASSIFICATION_LOSSES and not target.is_classification:
        sample = float(values[0]) if len(values) else 0.0
        report(f"Output {node.name} uses {words}, a classification loss, but its target "
               f"{target_name!r} is continuous (a regression target, e.g. {sample:g}): "
               "choose mse, mae or huber")
        return
    if loss in ("sparse_categorical_crossentropy", "categorical_crossentropy"):
        classes = target.n_classes
        if units is not None and units < classes:
            report(f"Output {node.name} has {unit_words} with {words}, but the target has "
                   f"{classes} classes")
            return
        if units is not None and units > classes:
            report(f"Output {node.name} has {unit_words} but the target has {classes} classes; "
                   "the extra units are never the answer", WARNING)
        binding.outputs[node.id] = OutputBinding(node.name, target_name, encoding, units)
        return
    if units is not None and units != 1:
        report(f"Output {node.name} has {unit_words} with {words}, but its target "
               f"{target_name!r} is one value per sample")
        return
    binding.outputs[node.id] = OutputBinding(node.name, target_name, encoding, units)

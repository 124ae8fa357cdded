"""What the backprop view's two tables show at each step: per-sample numbers (values) and
per-weight numbers (weights) of the step's layer. Plain data; the view puts it in widgets."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.learn.backprop_text import number

MAX_SAMPLES = 8  # rows of the per-sample table
MAX_UNITS = 8  # neurons shown per layer (the caption says when there are more)


@dataclass
class Table:
    rows: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    cells: list[list[str]] = field(default_factory=list)
    caption: str = ""
    selected: tuple[int, int] | None = None


def _flat(values: np.ndarray) -> np.ndarray:
    """Samples first, every other axis flattened."""
    values = np.asarray(values)
    return values.reshape(len(values), -1)


def _units_note(count: int) -> str:
    return f" (first {MAX_UNITS} of {count} neurons)" if count > MAX_UNITS else ""


def _sample_rows(walk) -> list[str]:
    return [f"sample {i + 1}" for i in range(min(walk.batch_size, MAX_SAMPLES))]


def _per_sample(walk, blocks: list[tuple[str, np.ndarray]], caption: str) -> Table:
    """Columns `label1, label2...` of each block, one row per sample."""
    rows = _sample_rows(walk)
    columns, parts = [], []
    for label, values in blocks:
        flat = _flat(values)[: len(rows), :MAX_UNITS]
        columns += [f"{label}{j + 1}" for j in range(flat.shape[1])]
        parts.append(flat)
    data = np.concatenate(parts, axis=1) if parts else np.zeros((len(rows), 0))
    cells = [[number(v) for v in row] for row in data]
    return Table(rows, columns, cells, caption)


def _weights(node, which: str, chosen=None) -> Table:
    """kernel (or its gradient, or old -> new) with a bias row, inputs down, neurons across."""
    kernel = {"value": node.kernel, "grad": node.kernel_grad, "new": node.kernel_new}[which]
    bias = {"value": node.bias, "grad": node.bias_grad, "new": node.bias_new}[which]
    if kernel.ndim != 2:
        return Table(caption=f"{node.name}: kernel of shape {list(kernel.shape)}")
    inputs, units = kernel.shape
    shown_in, shown_units = min(inputs, MAX_UNITS), min(units, MAX_UNITS)
    rows = [f"from input {i + 1}" for i in range(shown_in)]
    cells = []
    for i in range(shown_in):
        cells.append([_weight_cell(node, which, kernel, i, j) for j in range(shown_units)])
    if bias is not None:
        rows.append("bias")
        cells.append([_weight_cell(node, which, bias, None, j) for j in range(shown_units)])
    word = {"value": "weights W and bias b", "grad": "gradients ∂L/∂W and ∂L/∂b",
            "new": "update: old → new"}[which]
    caption = f"{node.name}: {word}, {inputs}×{units}{_units_note(max(inputs, units))}"
    selected = None
    if chosen is not None and chosen.layer == node.name:
        row = len(rows) - 1 if chosen.row < 0 else chosen.row
        if row < len(rows) and chosen.column < shown_units:
            selected = (row, chosen.column)
    return Table(rows, [f"neuron {j + 1}" for j in range(shown_units)], cells, caption,
                 selected)


def _weight_cell(node, which, values, i, j) -> str:
    value = values[j] if i is None else values[i, j]
    if which != "new":
        return number(value)
    old = node.bias[j] if i is None else node.kernel[i, j]
    return f"{number(old)} → {number(value)}"


def step_tables(walk, step) -> tuple[Table, Table]:
    """(per-sample table, per-weight table) for one step of a walk-through."""
    node = walk.node(step.node) if step.node else None
    chosen_layer = walk.node(walk.chain.layer) if walk.chain else None
    if step.kind == "batch":
        blocks = [(f"{name} x", v) for name, v in walk.inputs.items()]
        blocks += [(f"{name} target ", v) for name, v in walk.targets.items()]
        return (_per_sample(walk, blocks, f"the mini-batch: {walk.batch_size} samples"),
                Table())
    if step.kind == "forward":
        blocks = ([("z", node.z)] if node.z is not None else []) + [("a", node.a)]
        caption = (f"{node.name}: weighted sums z and activations a = {node.activation}(z)"
                   if node.z is not None else f"{node.name}: outputs a")
        values = _per_sample(walk, blocks, caption + _units_note(_flat(node.a).shape[1]))
        return values, (_weights(node, "value") if node.has_weights else Table())
    if step.kind == "loss":
        blocks = []
        for name, target in walk.targets.items():
            blocks += [(f"{name} a", walk.node(name).a), (f"{name} target ", target)]
        return (_per_sample(walk, blocks, f"loss = {number(walk.loss)}: outputs beside the "
                                          "targets"), Table())
    if step.kind == "backward":
        blocks = [("∂L/∂a", node.d_a)] if node.d_a is not None else []
        if node.d_z is not None:
            blocks.append(("∂L/∂z", node.d_z))
        values = _per_sample(walk, blocks, f"{node.name}: how the loss changes with each "
                             f"output{_units_note(_flat(node.a).shape[1])}")
        return values, (_weights(node, "grad", walk.chain) if node.has_weights else Table())
    if step.kind == "chain":
        chain = walk.chain
        columns = ["x", "∂L/∂a", "f′(z)", "∂L/∂z", "x · ∂L/∂z"]
        cells = [[number(t.x), number(t.d_a), "" if t.slope is None else number(t.slope),
                  number(t.d_z), number(t.product)] for t in chain.terms[:MAX_SAMPLES]]
        values = Table(_sample_rows(walk), columns, cells,
                       f"the terms of ∂L/∂w for {chain.weight_name}")
        return values, _weights(chosen_layer, "grad", chain)
    # update
    rows, cells = [], []
    for layer in walk.weighted:
        change = np.abs(layer.kernel_new - layer.kernel)
        rows.append(layer.name)
        cells.append([str(layer.kernel.size), number(float(np.linalg.norm(layer.kernel_grad))),
                      number(float(change.mean())), number(float(change.max()))])
    values = Table(rows, ["weights", "|∂L/∂W|", "mean |Δw|", "largest |Δw|"], cells,
                   f"every layer moves: w ← w − {walk.learning_rate:g} · ∂L/∂w")
    return values, _weights(chosen_layer, "new", walk.chain)

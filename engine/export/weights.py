"""Weights moved between two models of one graph, layer by layer by name (bit for bit)."""

from __future__ import annotations

from engine.errors import DendriteError


class ExportError(DendriteError):
    """The model cannot be exported; the message says why."""


def transfer_weights(source, target) -> int:
    """Copies every weighted layer's weights from `source` to the layer of the same name in
    `target`; returns how many layers were copied. Refuses a layer whose weights differ in
    shape, naming it."""
    by_name = {layer.name: layer for layer in source.layers}
    copied = 0
    for layer in target.layers:
        if not layer.weights:
            continue
        found = by_name.get(layer.name)
        if found is None:
            continue
        values = found.get_weights()
        mine = layer.get_weights()
        shapes = [v.shape for v in values]
        if shapes != [v.shape for v in mine]:
            raise ExportError(f"layer {layer.name!r}: the trained weights have shapes "
                              f"{[list(s) for s in shapes]}, the model's "
                              f"{[list(v.shape) for v in mine]}")
        layer.set_weights(values)
        copied += 1
    finalize_states(target)
    return copied


def finalize_states(model) -> None:
    """Lets layers whose numbers are derived from their weights recompute them (an adapted
    Normalization's mean and variance): Keras does it only in `finalize_state`, which neither
    `set_weights` nor assigning the variables calls, so without it such a model silently
    predicts with the statistics it was built with."""
    for layer in model.layers:
        if layer.weights and hasattr(layer, "finalize_state"):
            layer.finalize_state()


def apply_sidecar(model, project) -> str:
    """Puts the weights of the project's trained-state sidecar into `model` when there is
    one that fits the graph; returns a line saying what was used."""
    if not project.extra.get("trained"):
        return "untrained weights (the project has no trained state)"
    from engine.training.state import OK, load_state

    loaded = load_state(project)
    if loaded.status != OK:
        return f"untrained weights: {loaded.message}"
    variables = model.weights
    saved = loaded.state.weights
    if len(variables) != len(saved) or any(
            tuple(v.shape) != a.shape for v, (_, a) in zip(variables, saved, strict=False)):
        return "untrained weights: the trained state does not fit this model"
    for variable, (_, value) in zip(variables, saved, strict=True):
        variable.assign(value)
    finalize_states(model)
    return f"the project's saved weights ({loaded.state.epochs} epochs trained in Dendrite)"

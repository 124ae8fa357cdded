"""The project's model written as `.keras`, `.h5` or a SavedModel folder, compiled with its
losses and metrics (under names that survive each format), with trained weights when there
are any. Every file loads back with a plain `keras.models.load_model(path)`."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from engine.export.shapes import bound_shapes_for, check_graph, model_name
from engine.export.weights import ExportError, apply_sidecar, transfer_weights

KERAS, H5, SAVED_MODEL = "keras", "h5", "savedmodel"


@dataclass
class ExportReport:
    path: Path
    format: str
    weights: str  # which weights went in, in words
    compiled: bool


def model_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix == ".keras":
        return KERAS
    if suffix in (".h5", ".hdf5"):
        return H5
    if suffix == "":
        return SAVED_MODEL
    raise ExportError(f"{path}: cannot tell the format: end the name in .keras or .h5, or "
                      "give a folder name (no extension) for a SavedModel")


def build_export_model(project, model=None, bound_shapes=None):
    """(Keras model of the project, compiled when every output has a loss, weights note).
    Weights come from `model` (a trained or imported model) when given, else from the
    project's trained-state sidecar, else they are fresh."""
    from engine.compiler import build_model, compile_model

    if bound_shapes is None:
        bound_shapes = bound_shapes_for(project)
    check_graph(project, bound_shapes)
    built = _as_imported(build_model(project.graph, bound_shapes, name=model_name(project)),
                         project)
    if model is not None:
        copied = transfer_weights(model, built)
        note = f"the given model's weights ({copied} layers)"
    else:
        note = apply_sidecar(built, project)
    compiled = all(_has_loss(n) for n in project.graph.nodes
                   if n.kind is not None and n.kind.is_output)
    if compiled:
        compile_model(built, project.graph, project.training)
    return built, note, compiled


def _as_imported(built, project):
    """An imported model with a lone input or output written bare keeps that form."""
    flags = project.extra.get("imported_from") or {}
    bare_in = flags.get("bare_inputs") and len(built.inputs) == 1
    bare_out = flags.get("bare_outputs") and len(built.outputs) == 1
    if not (bare_in or bare_out):
        return built
    from engine.keras_setup import keras as _keras

    return _keras().Model(inputs=built.inputs[0] if bare_in else built.inputs,
                          outputs=built.outputs[0] if bare_out else built.outputs,
                          name=built.name)


def _has_loss(node) -> bool:
    return node.kind.resolved(node.params).get("loss") is not None


def export_model(project, path: str | Path, model=None, bound_shapes=None) -> ExportReport:
    """Writes the model file (or SavedModel folder) at `path`; the format follows the name."""
    path = Path(path)
    fmt = model_format(path)
    built, note, compiled = build_export_model(project, model, bound_shapes)
    save_model(built, path)
    return ExportReport(path, fmt, note, compiled)


def save_model(model, path: str | Path) -> Path:
    """Saves a Keras model: `.keras` / `.h5` files (written beside, then moved into place),
    or a SavedModel folder for serving (`model.export`). A folder that holds anything but a
    SavedModel is never overwritten."""
    path = Path(path)
    fmt = model_format(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == SAVED_MODEL:
        if path.exists() and (not path.is_dir() or (
                any(path.iterdir()) and not (path / "saved_model.pb").exists())):
            raise ExportError(f"{path}: exists and is not a SavedModel folder; choose a new "
                              "name (nothing was overwritten)")
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".export-") as temp:
            staged = Path(temp) / "model"
            model.export(str(staged), verbose=False)
            if path.exists():
                shutil.rmtree(path)
            staged.rename(path)
        return path
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; choose a file name")
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".export-") as temp:
        staged = Path(temp) / f"model{path.suffix}"
        model.save(str(staged))
        staged.replace(path)
    return path

"""The project's model written as `.keras`, `.h5`, a SavedModel folder, `.onnx` or `.tflite`
(LiteRT), compiled with its losses and metrics (under names that survive each format), with
trained weights when there are any, and by default with the data's scaling inside
(engine.export.preprocessing). Each file is loaded back as the README tells users
(engine.export.load_hints) and checked against the app's model (engine.export.verify)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from engine.atomic_file import (
    ensure_free_space,
    replacing,
    replacing_folder,
    write_error,
)
from engine.export.load_hints import H5, KERAS, LITERT, ONNX, SAVED_MODEL, load_hint
from engine.export.nested_models import nest_model
from engine.export.preprocessing import RAW, plan_preprocessing
from engine.export.shapes import bound_shapes_for, check_graph, model_name
from engine.export.weights import ExportError, apply_sidecar, transfer_weights

SUFFIXES = {".keras": KERAS, ".h5": H5, ".hdf5": H5, ".onnx": ONNX, ".tflite": LITERT}


@dataclass
class ExportReport:
    path: Path
    format: str
    weights: str  # which weights went in, in words
    compiled: bool
    form: str = ""  # which form was written (raw data in, or model only), in words
    verification: object = None  # engine.export.verify.Verification
    hint: str = ""  # how to load and run it, as code to paste
    notes: list[str] = field(default_factory=list)  # e.g. a nested model written flat

    def lines(self) -> list[str]:
        state = "compiled" if self.compiled else "not compiled (an output has no loss)"
        found = [f"model written to {self.path} ({self.format}, {state}, {self.weights})"]
        if self.form:
            found.append(f"form: {self.form}")
        found += self.notes
        if self.verification is not None:
            found += self.verification.lines()
        return found


def model_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if suffix == "":
        return SAVED_MODEL
    raise ExportError(f"{path}: cannot tell the format: end the name in .keras, .h5, .onnx or "
                      ".tflite, or give a folder name (no extension) for a SavedModel")


def build_export_model(project, model=None, bound_shapes=None, preprocessing=None):
    """(Keras model of the project, compiled when every output has a loss, weights note).
    Weights come from `model` (a trained or imported model) when given, else from the
    project's trained-state sidecar, else they are fresh. `preprocessing` (a Preprocessing)
    puts its layers after the Inputs."""
    from engine.compiler import build_model, compile_model

    if bound_shapes is None:
        bound_shapes = bound_shapes_for(project)
    check_graph(project, bound_shapes)
    hook = preprocessing.input_hook(project.graph) if preprocessing is not None else None
    built = _as_imported(build_model(project.graph, bound_shapes, name=model_name(project),
                                     prepare_input=hook,
                                     model_inputs=getattr(hook, "model_inputs", None)),
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
    from engine.model_io import rewrap  # a dict side stays a dict

    return rewrap(built, bare_in, bare_out, built.name)


def _has_loss(node) -> bool:
    return node.kind.resolved(node.params).get("loss") is not None


def export_model(project, path: str | Path, model=None, bound_shapes=None,
                 form: str = RAW, verify: bool = True) -> ExportReport:
    """Writes the model file (or SavedModel folder) at `path`, the format following the
    name, in `form` (RAW: the data's scaling inside; SCALED: the model only), then checks
    it against the app's model on the test samples (engine.export.verify)."""
    from engine.export.verify import app_predictions, output_labels, verify_file

    path = Path(path)
    fmt = model_format(path)
    plan = plan_preprocessing(project, form, fmt)
    built, note, compiled = build_export_model(project, model, bound_shapes, plan)
    expected = None
    if verify and plan.inputs is not None:
        app_model = (build_export_model(project, built, bound_shapes)[0]
                     if plan.changes_model else built)
        expected = app_predictions(app_model, plan.app_inputs)
    names = output_labels(built)
    checked, notes = None, []
    if fmt in (ONNX, LITERT):
        encoded = None  # raw CSV columns: the numeric core, the encoding in front of it
        if plan.columns is not None:
            encoded = (build_export_model(project, built, bound_shapes,  # built's weights
                                          replace(plan, core=True))[0], plan.columns)
        checked = _save_serving(built, fmt, path, plan.inputs, expected, names, verify,
                                encoded)
    else:
        if fmt == KERAS:  # an imported model's nested models and ops given back as they
            # were (Keras's own .h5 loader reads neither; a SavedModel keeps no config)
            built, notes = nest_model(built, project)
        save_model(built, path)
        if verify:
            checked = verify_file(fmt, path, plan.inputs, expected, output_labels(built))
    hint = load_hint(fmt, path, [t.name for t in built.inputs])
    if plan.columns is not None:
        hint += plan.columns.hint_note(fmt)
    return ExportReport(path, fmt, note, compiled, plan.note, checked, hint, notes)


def _save_serving(built, fmt, path: Path, inputs, expected, names, verify: bool,
                  encoded=None):
    """ONNX / LiteRT: converted and verified in a temporary folder, then moved into place,
    so that a file that fails its check never replaces anything. `encoded` (core model,
    CsvColumns): the raw CSV columns encoded in the format's own operators in front of the
    core (engine.export.raw_columns_serving) instead of converting `built`."""
    import shutil
    import tempfile

    from engine.export.serving import write_serving_file
    from engine.export.verify import verify_file

    with tempfile.TemporaryDirectory(prefix=".dendrite-export-") as temp:
        staged = Path(temp) / f"model{path.suffix}"
        if encoded is None:
            write_serving_file(built, fmt, staged)
        else:
            from engine.export.raw_columns_serving import write_raw_columns_file

            write_raw_columns_file(*encoded, fmt, staged)
        checked = verify_file(fmt, staged, inputs, expected, names) if verify else None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise write_error(path, exc) from None
        with replacing(path) as target:
            shutil.copyfile(staged, target)
    return checked


def save_model(model, path: str | Path) -> Path:
    """Saves a Keras model: `.keras` / `.h5` files, or a SavedModel folder for serving
    (`model.export`), each written beside and moved into place (engine.atomic_file): a
    failure leaves the old file or folder as it was, no temporary, and a WriteError naming
    the file and the cause. A folder that holds anything but a SavedModel is never
    overwritten."""
    path = Path(path)
    fmt = model_format(path)
    if fmt in (ONNX, LITERT):
        _save_serving(model, fmt, path, None, None, [], verify=False)
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(path, exc) from None
    ensure_free_space(path, _weights_bytes(model) + FREE_SPACE_MARGIN)
    if fmt == SAVED_MODEL:
        if path.exists() and (not path.is_dir() or (
                any(path.iterdir()) and not (path / "saved_model.pb").exists())):
            raise ExportError(f"{path}: exists and is not a SavedModel folder; choose a new "
                              "name (nothing was overwritten)")
        with replacing_folder(path) as staged:
            model.export(str(staged), verbose=False)
        return path
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; choose a file name")
    with replacing(path) as staged:
        staged.unlink()  # Keras writes the file itself
        model.save(str(staged))
    return path


FREE_SPACE_MARGIN = 1_000_000  # the config, the graph and the files' own structure


def _weights_bytes(model) -> int:
    """About what the weights take on disk (float32), to refuse a full disk at once."""
    total = 0
    for weight in getattr(model, "weights", []):
        count = 1
        for size in getattr(weight, "shape", ()):
            count *= int(size or 1)
        total += 4 * count
    return total

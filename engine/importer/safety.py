"""Reads a model file's config WITHOUT loading the model, and refuses what Keras's safe mode
is for: Lambda layers (stored as Python bytecode) and custom classes or functions (code from
outside Keras). Nothing in the file runs before this check has passed."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from engine.errors import DendriteError


class ImportRefused(DendriteError):
    """The model cannot be imported; the message says why and what to do."""


def read_raw_config(path: Path) -> tuple[dict, dict | None]:
    """(model config, compile/training config or None) as stored in a .keras or .h5 file."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise ImportRefused(f"{path}: the file does not exist")
    if path.is_dir():
        raise ImportRefused(f"{path}: a SavedModel folder holds a serving graph, not layers; "
                            "import the .keras or .h5 file it was exported from")
    if suffix == ".keras":
        return _read_keras(path)
    if suffix in (".h5", ".hdf5"):
        return _read_h5(path)
    raise ImportRefused(f"{path}: not a Keras model file (expected .keras or .h5)")


def _read_keras(path: Path) -> tuple[dict, dict | None]:
    try:
        with zipfile.ZipFile(path) as archive:
            doc = json.loads(archive.read("config.json").decode("utf-8"))
    except (zipfile.BadZipFile, KeyError, OSError, UnicodeDecodeError, ValueError) as exc:
        raise ImportRefused(f"{path}: not a readable .keras file ({exc})") from None
    if not isinstance(doc, dict):
        raise ImportRefused(f"{path}: its config.json is not a model config")
    return doc, doc.get("compile_config")


def _read_h5(path: Path) -> tuple[dict, dict | None]:
    import h5py

    try:
        with h5py.File(path, "r") as handle:
            raw = handle.attrs.get("model_config")
            training = handle.attrs.get("training_config")
    except OSError as exc:
        raise ImportRefused(f"{path}: not a readable HDF5 model file ({exc})") from None
    if raw is None:
        raise ImportRefused(f"{path}: the file holds weights only (no model config); "
                            "Dendrite needs a whole saved model")
    doc = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    compile_config = None
    if training is not None:
        compile_config = json.loads(training.decode("utf-8") if isinstance(training, bytes)
                                    else training)
    return doc, compile_config


def refuse_code(config, path: Path) -> None:
    """Raises ImportRefused when the config holds a Lambda layer or anything defined outside
    Keras (custom layers, activations, initializers...)."""
    for where, item in _walk(config, "model"):
        class_name = item.get("class_name")
        if class_name in ("Lambda", "TFOpLambda", "SlicingOpLambda"):
            name = (item.get("config") or {}).get("name") or item.get("name") or "?"
            raise ImportRefused(
                f"{path.name}: layer {name!r} is a Lambda layer, which holds Python code. "
                "Dendrite opens models in Keras's safe mode and never runs code from a "
                "model file: replace the Lambda with a built-in layer and save it again")
        module = item.get("module")
        registered = item.get("registered_name")
        custom = (isinstance(module, str) and module.split(".")[0] not in ("keras", "")) or (
            isinstance(registered, str) and ">" in registered)
        if custom or (class_name == "function" and module != "keras.activations"):
            what = registered or class_name
            raise ImportRefused(
                f"{path.name}: {where} uses {what!r}, custom code from module "
                f"{module!r}. Dendrite opens models in Keras's safe mode and never runs code "
                "from a model file: only Keras's own layers and functions can be imported")


def _walk(value, where):
    if isinstance(value, dict):
        if "class_name" in value:
            yield where, value
        for key, item in value.items():
            yield from _walk(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{where}[{i}]")

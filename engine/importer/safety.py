"""Reads a model file's config WITHOUT loading the model, and refuses what could run code:
Lambda layers (stored as Python bytecode), lambdas given as activations, layers that load
outside code, and custom classes or functions. The file's size and structure are checked
first (`file_checks`); what may be named is `engine.safe_config`'s list. Nothing in the file
runs before these checks have passed."""

from __future__ import annotations

from pathlib import Path

from engine.importer.file_checks import (
    ImportRefused,
    check_archive,
    check_file,
    parse_config,
    read_member,
)
from engine.safe_config import find_code

__all__ = ["ImportRefused", "read_raw_config", "refuse_code"]

SAFE_MODE = ("Dendrite opens models in Keras's safe mode and never runs code from a model "
             "file: only Keras's own layers and functions can be imported")


def read_raw_config(path: Path) -> tuple[dict, dict | None]:
    """(model config, compile/training config or None) as stored in a .keras or .h5 file."""
    suffix = path.suffix.lower()
    if suffix not in (".keras", ".h5", ".hdf5"):
        raise ImportRefused(f"{path}: not a Keras model file (expected .keras or .h5)")
    check_file(path)
    doc, compile_config = _read_keras(path) if suffix == ".keras" else _read_h5(path)
    if not isinstance(doc, dict):
        raise ImportRefused(f"{path.name}: its config is not a model config (a JSON object "
                            "with class_name and config)")
    if compile_config is not None and not isinstance(compile_config, dict):
        compile_config = None  # only read for the loss and optimizer; odd ones are left out
    return doc, compile_config


def _read_keras(path: Path) -> tuple[dict, dict | None]:
    import struct
    import zipfile
    import zlib

    try:
        with zipfile.ZipFile(path) as archive:
            check_archive(archive, path)
            text = read_member(archive, "config.json", path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError, zlib.error, struct.error) as exc:
        # a broken archive, or one using what zipfile cannot read (a compression method,
        # encryption, a zip version)
        raise ImportRefused(f"{path}: not a readable .keras file ({exc})") from None
    doc = parse_config(text, path, "config.json")
    return doc, doc.get("compile_config") if isinstance(doc, dict) else None


def _read_h5(path: Path) -> tuple[dict, dict | None]:
    import h5py

    try:
        with h5py.File(path, "r") as handle:
            raw = handle.attrs.get("model_config")
            training = handle.attrs.get("training_config")
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise ImportRefused(f"{path}: not a readable HDF5 model file ({exc})") from None
    if raw is None:
        raise ImportRefused(f"{path}: the file holds weights only (no model config); "
                            "Dendrite needs a whole saved model")
    if not isinstance(raw, str | bytes):
        raise ImportRefused(f"{path.name}: its model_config is not text (a "
                            f"{type(raw).__name__}); the file is refused")
    doc = parse_config(raw, path, "model_config")
    compile_config = None
    if isinstance(training, str | bytes):
        compile_config = parse_config(training, path, "training_config")
    return doc, compile_config


def refuse_code(config, path: Path) -> None:
    """Raises ImportRefused when the config names anything but Keras's own layers and
    functions (a Lambda layer, a lambda, a custom class or function...)."""
    problem = find_code(_ops_as_layers(config, path), "model")
    if problem:
        raise ImportRefused(f"{path.name}: {problem}. {SAFE_MODE}")


def _ops_as_layers(config, path: Path):
    """The config with each Keras op Dendrite can read (`a + b`, `x * 0.5`) and each
    keras.applications layer it reads (private_layers) standing as a plain layer (they are
    Keras's own code, which its safe mode loads), so that the code check still reads their
    arguments and configs; an op Dendrite cannot read is refused here, by name."""
    import copy

    from engine.importer.ops import KNOWN_OPS, is_op_item, unknown_op
    from engine.importer.private_layers import is_private_layer

    found = copy.deepcopy(config)
    stack = [found]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            if is_op_item(value) and "inbound_nodes" in value:
                op = value.get("class_name")
                if not isinstance(op, str) or op not in KNOWN_OPS or not isinstance(
                        value.get("registered_name"), str | None):
                    raise ImportRefused(f"{path.name}: " + unknown_op(
                        value.get("name"), value.get("class_name"), value.get("module")))
                value["class_name"], value["module"] = "Identity", "keras.layers"
            elif is_private_layer(value) and "inbound_nodes" in value:
                value["class_name"], value["module"] = "Identity", "keras.layers"
            stack.extend(value.values())
    return found

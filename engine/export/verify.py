"""Every export checked right after it is written: the file is loaded back the way the README
tells users to (engine.export.load_hints), fed a batch of real samples, and its predictions
compared with the app's own model, output by output."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from engine.export.load_hints import run_loader
from engine.export.weights import ExportError

RELATIVE_TOLERANCE = 1e-4  # of the output's scale (its largest absolute value, at least 1)


@dataclass
class Verification:
    samples: int = 0
    differences: dict[str, float] = field(default_factory=dict)  # output name -> max |diff|
    warnings: list[str] = field(default_factory=list)
    skipped: str = ""  # why nothing was compared
    fed: str = ""  # what the samples were, when not plain numbers (raw texts)

    def lines(self) -> list[str]:
        if self.skipped:
            return [f"not verified: {self.skipped}"]
        fed = f" ({self.fed})" if self.fed else ""
        found = [f"verified on {self.samples} samples{fed}: largest difference from the app's "
                 "model " + ", ".join(f"{name} {diff:.2e}"
                                      for name, diff in self.differences.items())]
        return found + [f"WARNING {w}" for w in self.warnings]


def app_predictions(app_model, app_inputs: dict) -> list[np.ndarray]:
    """The app's own model on the app's (scaled) inputs, one array per output."""
    found = app_model.predict(_ordered(app_model, app_inputs), verbose=0)
    if isinstance(found, dict):  # a model giving a dict: in the order run_loader gives
        found = [found[k] for k in loader_order(found)]
    return [np.asarray(o) for o in (found if isinstance(found, list | tuple) else [found])]


def loader_order(keys) -> list[str]:
    """A dict of outputs' keys in the order Keras flattens the outputs (and `run_loader`
    lists them): output_0, output_1... by number (a SavedModel's, LiteRT's), any other keys
    (a model giving a dict) sorted, as ONNX lists them."""
    keys = list(keys)
    if all(re.fullmatch(r"output_\d+", str(k)) for k in keys):
        return sorted(keys, key=lambda k: int(str(k)[7:]))
    return sorted(keys)


def output_labels(model) -> list[str]:
    """The names the check reports each output by, in the order it compares them."""
    struct = getattr(model, "_outputs_struct", None)
    return loader_order(struct) if isinstance(struct, dict) else list(model.output_names)


def _ordered(model, inputs: dict):
    struct = getattr(model, "_inputs_struct", None)  # a model taking a dict: by its keys
    if isinstance(struct, dict) and all(t.name in inputs for t in struct.values()):
        return {key: inputs[t.name] for key, t in struct.items()}
    names = [t.name for t in model.inputs]
    if all(n in inputs for n in names):
        return [inputs[n] for n in names] if len(names) > 1 else inputs[names[0]]
    return list(inputs.values()) if len(inputs) > 1 else next(iter(inputs.values()))


def verify_file(fmt: str, path, inputs: dict | None, expected: list[np.ndarray] | None,
                output_names: list[str]) -> Verification:
    """Loads the exported file as users would, runs `inputs` through it and compares with
    `expected` (the app's predictions). A file that will not load or run raises
    VerificationError with the reason."""
    if inputs is None or expected is None:
        return Verification(skipped="the project has no data to run through the file")
    try:
        got = run_loader(fmt, path, {k: _feedable(v, fmt) for k, v in inputs.items()})
    except Exception as exc:  # the exported file does not load or run: say why
        raise VerificationError(f"{path}: written, but it does not load and run as users "
                                f"would load it: {_first_line(exc)}") from None
    if len(got) != len(expected):
        raise VerificationError(f"{path}: gives {len(got)} outputs, the model has "
                                f"{len(expected)}")
    texts = [name for name, values in inputs.items() if np.asarray(values).dtype.kind in "OUS"]
    result = Verification(samples=len(next(iter(inputs.values()))),
                          fed=f"raw rows, {', '.join(texts)} as text" if texts else "")
    for name, mine, theirs in zip(output_names, expected, got, strict=True):
        theirs = theirs.reshape(mine.shape) if theirs.size == mine.size else theirs
        if theirs.shape != mine.shape:
            raise VerificationError(f"{path}: output {name} has shape {list(theirs.shape)}, "
                                    f"the app's {list(mine.shape)}")
        diff = float(np.max(np.abs(theirs.astype(np.float64) - mine.astype(np.float64))))
        result.differences[name] = diff
        scale = max(1.0, float(np.max(np.abs(mine))))
        if not np.isfinite(diff) or diff > RELATIVE_TOLERANCE * scale:
            result.warnings.append(f"output {name}: the file's predictions differ from the "
                                   f"app's by up to {diff:.3g} (scale {scale:.3g})")
    return result


def _feedable(values, fmt: str):
    """float32 arrays; a raw CSV text column as numpy str objects for onnxruntime and the
    LiteRT interpreter, as a string tensor for Keras and TensorFlow (Keras refuses numpy
    strings)."""
    from engine.export.load_hints import LITERT, ONNX

    values = np.asarray(values)
    if values.dtype.kind not in "OUS":
        return np.asarray(values, np.float32)
    if fmt in (ONNX, LITERT):
        return values.astype(str).astype(object)
    import tensorflow as tf

    return tf.constant(values.astype(str))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:400]


class VerificationError(ExportError):
    """An exported file that cannot be loaded back or run; the message says why."""

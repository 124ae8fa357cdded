"""ONNX and LiteRT files through Keras's own `model.export(format=...)` (tf2onnx and the
TensorFlow Lite converter underneath). A model that cannot be converted is refused with the
layer and the reason."""

from __future__ import annotations

import re
from pathlib import Path

from engine.export.load_hints import LITERT, ONNX
from engine.export.weights import ExportError

KERAS_FORMAT = {ONNX: "onnx", LITERT: "litert"}
FORMAT_NAMES = {ONNX: "ONNX", LITERT: "LiteRT"}


def write_serving_file(model, fmt: str, staged: Path) -> None:
    """Writes `model` as ONNX or LiteRT at `staged`; ExportError naming the layer that
    cannot be converted and why."""
    if fmt == ONNX:
        _constants_in_graph(model)
        if not getattr(model, "_called", True):  # Keras exports only a model called once
            model(model.inputs if len(model.inputs) > 1 else model.inputs[0])
    try:
        model.export(str(staged), format=KERAS_FORMAT[fmt], verbose=False)
    except Exception as exc:  # the converter refused: name the layer and the reason
        raise ExportError(refusal(model, fmt, exc)) from None
    if not staged.exists() or staged.stat().st_size == 0:
        raise ExportError(f"{FORMAT_NAMES[fmt]}: the converter wrote no file")


def refusal(model, fmt: str, exc: BaseException) -> str:
    """`cannot convert to ONNX: layer 'x' (Kind): reason`, the layer found in the message
    (TensorFlow names its ops `layer_1/...`)."""
    text = " ".join(str(exc).split())
    layer = next((layer for layer in model.layers
                  if re.search(rf"(?<!\w){re.escape(layer.name)}(?:_\d+)?(?!\w)", text)), None)
    where = (f"layer {layer.name!r} ({type(layer).__name__})" if layer is not None
             else f"the model {model.name!r}")
    reason = text[:300] or type(exc).__name__
    return f"cannot convert to {FORMAT_NAMES[fmt]}: {where}: {reason}"


def _constants_in_graph(model) -> None:
    """tf2onnx turns tensors captured from outside the traced function into graph inputs
    the user would have to feed; Normalization keeps its mean and variance as such tensors.
    As numpy arrays they are traced as constants instead (same values)."""
    import numpy as np

    for layer in model.layers:
        if type(layer).__name__ == "Normalization" and getattr(layer, "mean", None) is not None:
            layer.mean = np.asarray(layer.mean, dtype=np.float32)
            layer.variance = np.asarray(layer.variance, dtype=np.float32)

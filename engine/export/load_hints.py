"""How a user loads each export format and runs it, as code to paste. Verification after an
export runs exactly this code, so a hint that stopped working fails the export's check.

Each snippet reads `path` (the file or folder) and `inputs` (a dict of the model's input
names to arrays of samples) and leaves the predictions in `outputs`."""

from __future__ import annotations

from engine.export.identifiers import literal

KERAS, H5, SAVED_MODEL, ONNX, LITERT = "keras", "h5", "savedmodel", "onnx", "litert"

_KERAS_FILE = (
    "import keras\n"
    "model = keras.models.load_model(path)\n"
    "outputs = model.predict(inputs, verbose=0)\n"
)

LOADERS = {
    KERAS: _KERAS_FILE,
    H5: _KERAS_FILE,
    # Keras 3's load_model refuses SavedModel folders: TensorFlow loads them
    SAVED_MODEL: (
        "import tensorflow as tf\n"
        "serve = tf.saved_model.load(path).signatures['serving_default']\n"
        "outputs = serve(**{name: tf.constant(value) for name, value in inputs.items()})\n"
    ),
    ONNX: (
        "import onnxruntime\n"
        "session = onnxruntime.InferenceSession(path)\n"
        "outputs = session.run(None, inputs)\n"
    ),
    LITERT: (
        "from ai_edge_litert.interpreter import Interpreter\n"
        "runner = Interpreter(model_path=path).get_signature_runner()\n"
        "outputs = runner(**inputs)\n"
    ),
}


def load_hint(fmt: str, path, input_names: list[str]) -> str:
    """The snippet for one exported file, ready to paste: path filled in, inputs named."""
    feed = ", ".join(f"{literal(name)}: ..." for name in input_names)
    return (f"path = {literal(str(path))}\n"
            f"inputs = {{{feed}}}  # float32 arrays, one row per sample\n"
            + LOADERS[fmt])


def run_loader(fmt: str, path, inputs: dict) -> list:
    """Runs the format's snippet on `inputs`; the outputs as a list of numpy arrays in the
    model's output order."""
    import numpy as np

    scope = {"path": str(path), "inputs": inputs}
    exec(LOADERS[fmt], scope)  # our own constant code above; no user text reaches it
    outputs = scope["outputs"]
    if isinstance(outputs, dict):  # output_0, output_1... or a dict model's keys
        from engine.export.verify import loader_order

        outputs = [outputs[k] for k in loader_order(outputs)]
    elif not isinstance(outputs, list | tuple):
        outputs = [outputs]
    return [np.asarray(o) for o in outputs]

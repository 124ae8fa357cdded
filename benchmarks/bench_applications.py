"""Imports each keras.applications model the issue names (built with weights=None, so nothing
is downloaded), then exports it back to .keras, and reports per model: layers, how many became
KerasLayer boxes (and of which classes), whether the engine's parameter totals equal
count_params(), whether the exported config equals the original's, whether predictions are
bit-identical, and the import time (Keras's load_model, then what Dendrite adds).
MobileNetV3 (Keras ops such as `x + 3.0`) and ConvNeXtTiny (nested Sequentials, LayerScale,
ops) are edited flat, and their .keras export gives the nesting and the ops back
(engine/export/nested_models.py): config and predictions must both be the same. When the
config differs, the export's notes say why (printed under the table).

    uv run python benchmarks/bench_applications.py            # all ten, at 224x224 (299 Xception)
    uv run python benchmarks/bench_applications.py MobileNetV2 VGG16
"""

from __future__ import annotations

import json
import platform
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from engine.export import export_model  # noqa: E402
from engine.importer import import_model  # noqa: E402
from engine.keras_setup import keras as _keras  # noqa: E402
from engine.validation import analyse  # noqa: E402

MODELS = ("MobileNetV2", "ResNet50", "EfficientNetB0", "DenseNet121", "VGG16", "Xception",
          "NASNetMobile", "ConvNeXtTiny", "MobileNetV3Small", "MobileNetV3Large")
GENERIC = ("KerasLayer", "KerasOutput")


def _config(model) -> dict:
    return json.loads(json.dumps(model.get_config(), default=list))


def measure(name: str, folder: Path) -> dict:
    keras = _keras()
    keras.backend.clear_session()
    # MobileNetV3 leaves its image size free by default; Dendrite needs it fixed
    sized = {"input_shape": (224, 224, 3)} if name.startswith("MobileNetV3") else {}
    original = getattr(keras.applications, name)(weights=None, **sized)
    images = np.random.default_rng(0).uniform(0, 255, (2, *original.input_shape[1:]))
    return measure_model(name, original, images, folder)


def measure_model(name: str, original, inputs, folder: Path) -> dict:
    """The row of one model: imported, exported back to .keras, compared on `inputs`."""
    keras = _keras()
    source = folder / f"{name}.keras"
    original.save(source)
    row = {"model": name, "layers": len(original.layers), "params": original.count_params()}
    try:
        result = import_model(source)
    except Exception as exc:  # a refusal is a result too
        row["refused"] = f"{type(exc).__name__}: {str(exc)[:160]}"
        return row
    graph = result.project.graph
    generic = Counter(n.params.get("class_name") for n in graph.nodes if n.type in GENERIC)
    analysis = analyse(graph)
    trainable, frozen = analysis.totals()
    back = folder / f"{name}_back.keras"
    report = export_model(result.project, back, model=result.model)
    loaded = keras.models.load_model(back)
    row.update({
        "keras_layers": sum(generic.values()), "generic_classes": dict(generic),
        "totals_equal": trainable + frozen == original.count_params(),
        "same_config": _config(loaded) == _config(keras.models.load_model(source)),
        "same_predictions": _same(original.predict(inputs, verbose=0),
                                  loaded.predict(inputs, verbose=0)),
        "load_s": round(result.load_seconds, 2), "import_s": round(result.import_seconds, 2),
        "notes": [n for n in report.notes if "flat" in n]})
    return row


def _same(first, second) -> bool:
    """Bit-identical predictions, for one output, a list or a dict of them."""
    if isinstance(first, dict):
        return set(first) == set(second) and all(_same(first[k], second[k]) for k in first)
    if isinstance(first, list | tuple):
        return len(first) == len(second) and all(map(_same, first, second))
    return bool(np.array_equal(first, second))


def print_rows(rows) -> None:
    """The table (and the export's notes under it), a row as soon as it is measured."""
    print("| model | layers | KerasLayer | totals = count_params | same config | same "
          "predictions | load s | import s |")
    print("| --- | ---: | ---: | --- | --- | --- | ---: | ---: |")
    notes = []
    for row in rows:
        name = row["model"]
        if "refused" in row:
            print(f"| {name} | {row['layers']} | refused: {row['refused']} |", flush=True)
            continue
        kept = str(row["keras_layers"])
        if row["generic_classes"]:
            kept += " (" + ", ".join(f"{c} {n}" for c, n in
                                     row["generic_classes"].items()) + ")"
        print(f"| {name} | {row['layers']} | {kept} | {row['totals_equal']} | "
              f"{row['same_config']} | {row['same_predictions']} | {row['load_s']} | "
              f"{row['import_s']} |", flush=True)
        notes += [f"{name}: {note}" for note in row["notes"]]
    for note in notes:
        print(note)


def main(names: list[str]) -> None:
    print(f"# {platform.node()} {platform.processor() or platform.machine()}, "
          f"{time.strftime('%Y-%m-%d %H:%M')}, Keras {_keras().__version__}")
    with tempfile.TemporaryDirectory() as tmp:
        print_rows(measure(name, Path(tmp)) for name in names)


if __name__ == "__main__":
    main(sys.argv[1:] or list(MODELS))

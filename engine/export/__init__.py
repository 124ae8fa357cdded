"""Export without Qt: model files and standalone Python code (TensorFlow only when a model
file is written; code generation needs none).

- `export_model(project, path, model=None, form=RAW)` -> ExportReport: `.keras`, `.h5`, a
  SavedModel folder (a path without extension), `.onnx` or `.tflite` (LiteRT); `model` is a
  trained or imported Keras model whose weights go in (else the project's trained-state
  sidecar, else fresh). RAW puts the data's scaling inside the model (engine.export.
  preprocessing), SCALED writes the model only. Each file is verified after writing
  (engine.export.verify) by running the loading code users are told to use
  (engine.export.load_hints).
- `save_model(model, path)`: the same formats for a Keras model in hand.
- `generate_code(project, style, distribution=False)` -> str, `styles_for(project)`, `STYLES`.
"""

from engine.export.codegen import STYLES, CodegenError, generate_code, styles_for
from engine.export.model_files import ExportReport, export_model, model_format, save_model
from engine.export.preprocessing import FORMS, RAW, SCALED
from engine.export.weights import ExportError, transfer_weights

__all__ = ["FORMS", "RAW", "SCALED", "STYLES", "CodegenError", "ExportError", "ExportReport",
           "export_model", "generate_code", "model_format", "save_model", "styles_for",
           "transfer_weights"]

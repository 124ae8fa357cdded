"""Keras model files opened as Dendrite projects (no Qt; TensorFlow only when importing).

- `import_model(path)` -> `ImportResult(project, model, notes, load_seconds,
  import_seconds)`; raises `ImportRefused` (Lambda or custom code, shared layers, dict
  inputs, ops without an exact node, unreadable files...) before anything in the file runs.
  Keras ops become nodes and nested models are flattened (docs/importing-models.md).
- `save_imported(result, project_path)`: writes the project and its weights sidecar (the
  training helper's `NAME.dendrite-state.npz`), so the model trains on or exports unchanged.
- `remeasure_keras_layers(graph)`: output shapes and parameter counts of KerasLayer nodes
  measured again through Keras after an edit ({node id: new params, or why not}).
"""

from engine.importer.model_import import ImportResult, import_model, model_to_project
from engine.importer.remeasure import remeasure_keras_layers
from engine.importer.safety import ImportRefused
from engine.importer.sidecar import save_imported

__all__ = ["ImportRefused", "ImportResult", "import_model", "model_to_project",
           "remeasure_keras_layers", "save_imported"]

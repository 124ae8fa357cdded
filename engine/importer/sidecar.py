"""An imported project saved with its weights: the project file plus the trained-state
sidecar the training helper reads (`engine.training.state`), so training continues from
the imported weights and export writes them unchanged."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from engine.project_io import save_project


def save_imported(result, project_path: str | Path) -> Path:
    """Writes `result.project` to `project_path` and its weights beside it."""
    from engine.compiler import build_model
    from engine.errors import InvalidGraphError
    from engine.export.weights import transfer_weights
    from engine.importer.safety import ImportRefused
    from engine.training.history import History
    from engine.training.state import save_state
    from engine.training.trainer import graph_signature

    path = Path(project_path)
    project = result.project
    try:
        model = build_model(project.graph)
    except InvalidGraphError as exc:  # never a traceback: the graph's problems, in words
        raise ImportRefused(f"the imported model cannot be saved as a project: {exc}") from None
    transfer_weights(result.model, model)
    holder = SimpleNamespace(
        model=SimpleNamespace(weights=model.weights,
                              optimizer=SimpleNamespace(variables=[])),
        binding=None, signature=graph_signature(project.graph), history=History(),
        stale_state=None, _pending_state=None)
    entry = save_state(path, holder)
    if entry is not None:
        project.extra["trained"] = entry
    project.path = path
    return save_project(project, path)

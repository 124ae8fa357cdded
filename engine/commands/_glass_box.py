"""What `trace` and `gradients` share: open a project's model and data, or say why not."""

from __future__ import annotations

EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE = 0, 1, 2


def open_model(path: str, err):
    """The project's OpenedModel, or None after printing why it cannot be opened."""
    from engine.data.errors import DataError
    from engine.errors import DendriteError, ProjectLoadError
    from engine.learn.glass_model import open_project_model
    from engine.project_io import load_project

    try:
        return open_project_model(load_project(path))
    except (ProjectLoadError, DataError) as exc:
        print(f"ERROR {exc}", file=err)
    except DendriteError as exc:  # a graph with errors
        print(f"ERROR {path}: the model cannot be built: {exc}", file=err)
    return None


def weights_word(opened) -> str:
    return ("trained weights (the project's saved state)" if opened.trained
            else "untrained weights (the project's seed)")

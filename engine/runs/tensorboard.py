"""TensorBoard logs of a run (`training.tensorboard: true`): written by Keras's TensorBoard
callback into `NAME.dendrite-logs/<run time>/` beside the project; `tensorboard_command`
is what a user types to look at them."""

from __future__ import annotations

import shlex
from datetime import UTC, datetime
from pathlib import Path

SUFFIX = ".dendrite-logs"
SETTING = "tensorboard"  # declared in engine.sections.training_section


def logs_folder(project_path: str | Path) -> Path:
    path = Path(project_path)
    return path.with_name(path.stem + SUFFIX)


def tensorboard_command(project_path: str | Path | None) -> str:
    folder = logs_folder(project_path) if project_path else Path("NAME" + SUFFIX)
    return f"uv run tensorboard --logdir {shlex.quote(str(folder))}"


def project_path_of(checkpoint_path: Path | None) -> Path | None:
    """The project a trainer's checkpoint path was made for (NAME.best.keras: NAME.dendrite)."""
    from engine.project import SUFFIX as PROJECT_SUFFIX
    from engine.training.trainer import CHECKPOINT_SUFFIX

    if checkpoint_path is None or not checkpoint_path.name.endswith(CHECKPOINT_SUFFIX):
        return None
    return checkpoint_path.with_name(checkpoint_path.name[:-len(CHECKPOINT_SUFFIX)]
                                     + PROJECT_SUFFIX)


def tensorboard_callback(project_path: Path | None, notices: list[str]):
    """Keras's TensorBoard callback writing into a new folder for this run; None (with a
    notice) when the project has no file yet."""
    if project_path is None:
        notices.append("TensorBoard logs are not written: save the project first (they go "
                       "in a folder beside it)")
        return None
    from engine.keras_setup import keras

    run = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    folder = logs_folder(project_path) / run
    notices.append(f"TensorBoard logs go to {folder}; look at them with: "
                   f"{tensorboard_command(project_path)}")
    return keras().callbacks.TensorBoard(log_dir=str(folder))

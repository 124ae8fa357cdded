"""The trained state beside a project: weights, optimizer state and history in ONE sidecar
file, `NAME.dendrite-state.npz` (numbers and a JSON header; never pickle).

The project names its sidecar in its `"trained"` entry:
`{"file": "NAME.dendrite-state.npz", "graph_signature": "...", "epochs": 20}`.

    entry = save_state(project_path, trainer)   # after training; then
    project.extra["trained"] = entry            # (or pop it when entry is None) and save
    loaded = load_state(project)                # on open: .status, .message, .state
    trainer.adopt_state(loaded.state)           # curves now, weights when next needed

A graph changed after training makes the state "stale": its history is still shown, its
weights are not used, and the old file is kept until the next run replaces it. Pass
`save_state` the trainer that holds the trained model or the adopted state (even when the
graph has changed since); a trainer with nothing trained returns None and writes nothing.
"""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine.atomic_file import atomic_write, replacing
from engine.data.errors import DataError
from engine.training.history import History
from engine.training.signature import graph_signature
from engine.training.state_archive import read_archive

SUFFIX = ".dendrite-state.npz"
FORMAT = "dendrite-trained-state"
VERSION = 1
NOT_RESTORED = ("learning_rate",)  # the project's current learning rate wins

OK, NONE, STALE, MISSING, UNREADABLE = "ok", "none", "stale", "missing", "unreadable"


@dataclass
class TrainedState:
    file: Path
    signature: str
    history: History
    weights: list[tuple[str, np.ndarray]] = field(default_factory=list)
    optimizer: list[tuple[str, np.ndarray]] = field(default_factory=list)
    bound_shapes: dict[str, tuple[int, ...]] = field(default_factory=dict)
    fits: bool = True

    @property
    def epochs(self) -> int:
        return len(self.history)


@dataclass
class LoadedState:
    """status: ok, none (the project names no sidecar), stale (the graph changed since:
    history only), missing or unreadable (reported; the project still opens)."""

    status: str
    message: str = ""
    state: TrainedState | None = None


def state_path(project_path: str | Path) -> Path:
    path = Path(project_path)
    return path.with_name(path.stem + SUFFIX)


def save_state(project_path: str | Path, trainer) -> dict | None:
    """Writes the trainer's state beside the project (atomically) and returns the project's
    "trained" entry, or None when there is nothing trained. A stale state (weights of an
    older graph) is kept as it was, copied when the project is saved under a new name."""
    target = state_path(project_path)
    stale = getattr(trainer, "stale_state", None)
    pending = getattr(trainer, "_pending_state", None)
    if trainer.model is None and pending is None:
        if stale is None:
            return None
        _copy(stale.file, target)
        return _entry(target, stale.signature, stale.epochs)
    if trainer.model is not None:
        weights = [(v.path, np.asarray(v.numpy())) for v in trainer.model.weights]
        optimizer = [(v.path, np.asarray(v.numpy()))
                     for v in trainer.model.optimizer.variables]
        bound = trainer.binding.bound_shapes if trainer.binding else {}
    else:
        weights, optimizer, bound = pending.weights, pending.optimizer, pending.bound_shapes
    meta = {"format": FORMAT, "version": VERSION, "graph_signature": trainer.signature,
            "history": trainer.history.to_dict(),
            "weights": [name for name, _ in weights],
            "optimizer": [name for name, _ in optimizer],
            "bound_shapes": {k: list(v) for k, v in bound.items()}}
    arrays = {"meta": np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)}
    arrays.update({f"weight_{i:04d}": a for i, (_, a) in enumerate(weights)})
    arrays.update({f"optimizer_{i:04d}": a for i, (_, a) in enumerate(optimizer)})
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    atomic_write(target, buffer.getvalue())
    trainer.stale_state = None
    return _entry(target, trainer.signature, len(trainer.history))


def _entry(path: Path, signature: str, epochs: int) -> dict:
    return {"file": path.name, "graph_signature": signature, "epochs": epochs}


def _copy(source: Path, target: Path) -> None:
    if source.resolve() != target.resolve() and source.exists():
        with replacing(target) as staged:
            shutil.copyfile(source, staged)


def load_state(project) -> LoadedState:
    """Reads the sidecar the project names; never raises: a missing or broken file is
    reported in `.message` and the project opens without trained state.

    Which graph the weights belong to is decided by the signature inside the sidecar, not
    by the project's entry alone: a save interrupted between writing the sidecar and the
    project leaves an older entry beside weights of the graph on disk, which are used. A
    sidecar of neither the graph on disk nor the entry's graph is refused. A project that
    names no sidecar uses the one beside it when that holds weights of its very graph (the
    same interruption, on the first save after training)."""
    entry = project.extra.get("trained")
    if not entry:
        return _unnamed_sidecar(project)
    if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
        return LoadedState(UNREADABLE, "the project's \"trained\" entry is not understood; "
                           "its trained state is not loaded")
    base = project.path.parent if project.path else Path(".")
    path = base / Path(entry["file"]).name  # beside the project, never elsewhere
    if not path.exists():
        return LoadedState(MISSING, f"the trained state {path.name} is missing: the curves "
                           "and weights of the last training are not restored")
    state, failure = _read_reported(path)
    if state is None:
        return failure
    if state.signature == graph_signature(project.graph):
        return LoadedState(OK, f"restored {state.epochs} epochs of training", state)
    if state.signature != entry.get("graph_signature"):
        return LoadedState(UNREADABLE, f"the trained state {path.name} does not belong to "
                           "this project (it was saved with another graph); it is not used")
    state.fits = False
    return LoadedState(STALE, "the graph changed after training: the saved weights no "
                       "longer fit. The curves are shown; the next run trains anew", state)


def _unnamed_sidecar(project) -> LoadedState:
    if project.path is None or not state_path(project.path).is_file():
        return LoadedState(NONE)
    state, _ = _read_reported(state_path(project.path))
    if state is None or state.signature != graph_signature(project.graph):
        return LoadedState(NONE)
    return LoadedState(OK, f"restored {state.epochs} epochs of training (from "
                       f"{state.file.name}, which the project file did not name yet)", state)


def _read_reported(path: Path) -> tuple[TrainedState | None, LoadedState | None]:
    try:
        return read_state_file(path), None
    except (DataError, OSError, MemoryError) as exc:
        return None, LoadedState(UNREADABLE, f"the trained state {path.name} cannot be read "
                                 f"({exc}); the project opens without it")


def read_state_file(path: Path) -> TrainedState:
    """The sidecar at `path`, read as hostile input (engine.training.state_archive);
    raises DataError or OSError saying what is wrong."""
    meta, weights, optimizer = read_archive(path, FORMAT, VERSION)
    return TrainedState(path, meta["graph_signature"], History.from_dict(meta["history"]),
                        weights, optimizer,
                        {str(k): tuple(v) for k, v in meta.get("bound_shapes", {}).items()})


def apply_state(model, state: TrainedState) -> None:
    """Puts the saved weights and optimizer state into a freshly compiled model."""
    variables = model.weights
    if len(variables) != len(state.weights):
        raise DataError(f"the saved weights do not fit the model ({len(state.weights)} "
                        f"saved, {len(variables)} in the model)")
    for variable, (name, value) in zip(variables, state.weights, strict=True):
        if tuple(variable.shape) != value.shape:
            raise DataError(f"the saved weight {name} has shape {list(value.shape)}, the "
                            f"model's {variable.path} {list(variable.shape)}")
    for variable, (_, value) in zip(variables, state.weights, strict=True):
        variable.assign(value)
    from engine.export.weights import finalize_states

    finalize_states(model)  # an adapted Normalization's statistics follow its weights
    optimizer = model.optimizer
    optimizer.build(model.trainable_variables)
    saved = {_within(name): value for name, value in state.optimizer}
    for variable in optimizer.variables:
        key = _within(variable.path)
        value = saved.get(key)
        if value is None or key in NOT_RESTORED:
            continue
        if tuple(variable.shape) == value.shape:
            variable.assign(value)


def _within(path: str) -> str:
    """"adam_1/hidden_kernel_momentum" -> "hidden_kernel_momentum": the optimizer's own
    name gets a number per process, its variables are named after the (named) layers."""
    return path.split("/", 1)[-1]

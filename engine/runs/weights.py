"""The weights a run keeps, beside its record: `NAME.dendrite-runs/ID.dendrite-state.npz`, in
the trained-state sidecar's format (engine.training.state: numbers and a JSON header, never
pickle), written atomically and read back as hostile input (engine.training.state_archive).

Which runs keep their weights (`prune_weights`, after each recorded run):
- the runs the user pinned (`pin_run`),
- the best run by KEEP_BEST_BY (its lowest validation loss, else its lowest loss), kept
  automatically,
- the latest run, so that it can still be pinned after a look at its figures.
Every other run's weights file is removed; its record stays.

    keep_weights(project_path, record.id, trainer)   # the trainer that has just trained
    prune_weights(project_path)
    loaded = run_state(project_path, record, graph)  # a LoadedState, for the session
"""

from __future__ import annotations

import math
from pathlib import Path
from types import SimpleNamespace

from engine.runs.record import RunFileError, RunRecord, run_order
from engine.runs.store import WEIGHTS_SUFFIX, list_runs, run_file, runs_folder, save_run

KEEP_BEST_BY = ("val_loss", "loss")  # the first curve a run has decides the best run


def weights_file(project_path: str | Path, run_id: str) -> Path:
    """Where a run's weights are kept (the id is checked as a file name)."""
    return run_file(project_path, run_id).with_name(run_id + WEIGHTS_SUFFIX)


def has_weights(project_path: str | Path, run_id: str) -> bool:
    return weights_file(project_path, run_id).is_file()


def keep_weights(project_path: str | Path, run_id: str, trainer) -> Path | None:
    """Writes the weights (and optimizer state and curves) the trainer holds as the run's;
    None when it holds no model. Raises OSError naming the file when it cannot be written."""
    from engine.training.state import save_state

    if getattr(trainer, "model", None) is None:
        return None
    target = weights_file(project_path, run_id)
    target.parent.mkdir(exist_ok=True)
    # save_state writes STEM.dendrite-state.npz beside the path it is given; a stand-in
    # trainer keeps it from touching the real trainer's remembered state
    view = SimpleNamespace(model=trainer.model, binding=trainer.binding,
                           signature=trainer.signature, history=trainer.history,
                           stale_state=None, _pending_state=None)
    save_state(target.with_name(run_id + ".dendrite"), view)
    return target


def best_run(records: list[RunRecord]) -> RunRecord | None:
    """The run with the lowest KEEP_BEST_BY figure (the first of them any run has)."""
    for key in KEEP_BEST_BY:
        scored = [(min(v for v in r.curve(key) if math.isfinite(v)), r) for r in records
                  if any(math.isfinite(v) for v in r.curve(key))]
        if scored:
            return min(scored, key=lambda pair: pair[0])[1]
    return None


def kept_ids(records: list[RunRecord]) -> set[str]:
    """The runs whose weights stay: pinned, the best, the latest."""
    keep = {r.id for r in records if r.pinned}
    best = best_run(records)
    if best is not None:
        keep.add(best.id)
    if records:
        keep.add(max(records, key=run_order).id)
    return keep


def prune_weights(project_path: str | Path) -> list[str]:
    """Removes the weights of runs no longer kept (and of runs whose record is gone);
    returns the ids whose weights were removed. An unreadable run file keeps its weights."""
    runs = list_runs(project_path)
    keep = kept_ids(runs.records)
    known = {r.id for r in runs.records}
    removed = []
    folder = runs_folder(project_path)
    if not folder.is_dir():
        return removed
    for path in folder.glob(f"*{WEIGHTS_SUFFIX}"):
        run_id = path.name[: -len(WEIGHTS_SUFFIX)]
        if run_id in keep or (run_id not in known and runs.problems):
            continue
        path.unlink(missing_ok=True)
        removed.append(run_id)
    return removed


def pin_run(project_path: str | Path, record: RunRecord, pinned: bool = True) -> RunRecord:
    """Marks a run pinned (or not) in its file, atomically; its weights, when still kept,
    stay from then on. Raises OSError naming the file when it cannot be written."""
    from dataclasses import replace

    changed = replace(record, pinned=pinned)
    save_run(project_path, changed)
    if not pinned:
        prune_weights(project_path)
    return changed


def run_state(project_path: str | Path, record: RunRecord, graph):
    """The run's kept weights as a LoadedState for `TrainingSession.load` (status ok), or
    one saying why not (none: not kept; unreadable: a bad file, or weights of another
    graph). Never raises."""
    from engine.data.errors import DataError
    from engine.training.signature import graph_signature
    from engine.training.state import NONE, OK, UNREADABLE, LoadedState, read_state_file

    try:
        path = weights_file(project_path, record.id)
    except RunFileError as exc:
        return LoadedState(UNREADABLE, str(exc))
    if not path.is_file():
        return LoadedState(NONE, f"run {record.id} kept no weights (only pinned runs, the "
                           "best and the latest keep theirs)")
    try:
        state = read_state_file(path)
    except (DataError, OSError, MemoryError) as exc:
        return LoadedState(UNREADABLE, f"the weights of run {record.id} cannot be read "
                           f"({exc})")
    if state.signature != graph_signature(graph):
        return LoadedState(UNREADABLE, f"the weights kept with run {record.id} belong to "
                           "another graph than the run's; they are not used")
    return LoadedState(OK, f"restored the weights of run {record.id} "
                       f"({state.epochs} epochs)", state)

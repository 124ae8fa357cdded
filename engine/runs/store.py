"""The runs folder beside a project, `NAME.dendrite-runs/`: one JSON file per run, written
atomically, never inside the project file.

    path = save_run(project_path, record)
    runs = list_runs(project_path)   # .records (oldest first), .problems (one line each)
    delete_run(project_path, run_id)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from engine.atomic_file import atomic_write, is_temporary
from engine.limits import MAX_NESTING, file_too_large, nested_too_deep
from engine.runs.record import RunFileError, RunRecord, run_order

SUFFIX = ".dendrite-runs"
RUN_SUFFIX = ".json"
WEIGHTS_SUFFIX = ".dendrite-state.npz"  # a run's kept weights (engine.runs.weights)
_SAFE_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


@dataclass
class RunList:
    records: list[RunRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # files that could not be read

    def by_id(self, run_id: str) -> RunRecord | None:
        return next((r for r in self.records if r.id == run_id), None)


def runs_folder(project_path: str | Path) -> Path:
    path = Path(project_path)
    return path.with_name(path.stem + SUFFIX)


def run_file(project_path: str | Path, run_id: str) -> Path:
    if not _SAFE_ID.match(run_id):
        raise RunFileError(f"{run_id!r} is not a run's id")
    return runs_folder(project_path) / f"{run_id}{RUN_SUFFIX}"


def save_run(project_path: str | Path, record: RunRecord) -> Path:
    """Writes one run (atomically); raises OSError (a WriteError) naming the file."""
    target = run_file(project_path, record.id)
    target.parent.mkdir(exist_ok=True)
    text = json.dumps(record.to_dict(), indent=1, allow_nan=False)
    return atomic_write(target, text.encode("utf-8"))


def read_run(path: str | Path) -> RunRecord:
    """One run file, checked; RunFileError names the file and what is wrong."""
    path = Path(path)
    try:
        refusal = file_too_large(path.stat().st_size)
        if refusal:
            raise RunFileError(f"{path.name}: {refusal}")
        raw = path.read_bytes()
    except OSError as exc:
        raise RunFileError(f"{path.name}: cannot read the file "
                           f"({exc.strerror or exc})") from None
    try:
        doc = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except UnicodeDecodeError as exc:
        raise RunFileError(f"{path.name}: not UTF-8 text (bad byte at offset "
                           f"{exc.start})") from None
    except json.JSONDecodeError as exc:
        raise RunFileError(f"{path.name}: not valid JSON: {exc.msg} at line {exc.lineno}, "
                           f"column {exc.colno}") from None
    except (ValueError, RecursionError) as exc:
        raise RunFileError(f"{path.name}: not valid JSON: {exc}") from None
    too_deep = nested_too_deep(doc)
    if too_deep is not None:
        raise RunFileError(f"{path.name}: {too_deep}: nested more than {MAX_NESTING} levels")
    record = RunRecord.from_dict(doc, path.name)
    if record.id != path.stem:
        raise RunFileError(f"{path.name}: id: the run calls itself {record.id!r}, not "
                           f"{path.stem!r} as its file name says")
    return record


def list_runs(project_path: str | Path) -> RunList:
    """Every run beside the project, oldest first; an unreadable file is one problem line
    and the others still list."""
    folder = runs_folder(project_path)
    found = RunList()
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob(f"*{RUN_SUFFIX}")):
        if is_temporary(path.name):
            continue
        try:
            found.records.append(read_run(path))
        except RunFileError as exc:
            found.problems.append(f"Run file {exc} (skipped)")
    found.records.sort(key=run_order)
    return found


def delete_run(project_path: str | Path, run_id: str) -> None:
    """Removes one run's file and its kept weights; raises OSError when it cannot."""
    path = run_file(project_path, run_id)
    path.with_name(run_id + WEIGHTS_SUFFIX).unlink(missing_ok=True)
    path.unlink(missing_ok=True)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")

"""Run history: every training run recorded beside its project, read back, compared."""

from engine.runs.record import RunFileError, RunRecord
from engine.runs.store import RunList, delete_run, list_runs, runs_folder, save_run

__all__ = ["RunFileError", "RunList", "RunRecord", "delete_run", "list_runs", "runs_folder",
           "save_run"]

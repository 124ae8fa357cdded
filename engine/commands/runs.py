"""`main.py runs FILE`: the training runs recorded beside a project, one line each with
their settings and test figures (exit 0; 2 when the project's file does not exist)."""

from __future__ import annotations

import sys
from pathlib import Path

from engine.params import show_value

HELP = ("list the training runs recorded beside a project: when, how long, settings, test "
        "figures (exit 0, or 2 when FILE does not exist)")


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--diff", nargs=2, metavar=("RUN_A", "RUN_B"),
                        help="what changed from run A to run B (graph and settings)")


def run(args, out=None, err=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from engine.runs import list_runs, runs_folder

    if not Path(args.file).is_file():
        print(f"ERROR {args.file}: no such project file", file=err)
        return 2
    runs = list_runs(args.file)
    for problem in runs.problems:
        print(f"warning: {problem}", file=err)
    if getattr(args, "diff", None):
        return _print_diff(runs, args.diff, out, err)
    if not runs.records:
        print(f"No runs recorded yet (they go in {runs_folder(args.file).name}/).", file=out)
        return 0
    for record in runs.records:
        settings = "  ".join(f"{k}={show_value(v)}" for k, v in record.settings().items())
        test = "  ".join(f"{k}={v:.4f}" for k, v in record.test.items()) or "no test split"
        print(f"{record.id}  {record.started}  {record.epochs} epochs ({record.reason}, "
              f"{record.seconds:.1f}s)  {settings}  test: {test}", file=out)
    return 0


def _print_diff(runs, ids, out, err) -> int:
    from engine.runs.diff import graph_diff

    records = [runs.by_id(run_id) for run_id in ids]
    for run_id, record in zip(ids, records, strict=True):
        if record is None:
            print(f"ERROR no run {run_id!r} beside this project", file=err)
            return 2
    old, new = records
    diff = graph_diff(old.graph, new.graph, {"training": old.training, "data": old.data},
                      {"training": new.training, "data": new.data})
    for line in diff.lines():
        print(line, file=out)
    return 0

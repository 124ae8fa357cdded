"""`main.py search FILE --trials N [--epochs E] [--tuner random|hyperband|bayesian]`: runs
the project's hyperparameter search with KerasTuner, prints a line per trial and the best
values, and records every trial as a run beside the project (exit 0; 1 when no trial
trained; 2 when the project or its search is unusable)."""

from __future__ import annotations

import sys

from engine.params import show_value

HELP = ("search the project's ranges and lists with KerasTuner: a line per trial, then the best "
        "values; every trial is recorded as a run (see `runs`)")


def add_arguments(parser) -> None:
    from engine.search.tuner import TUNERS

    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--trials", type=int, default=10, metavar="N",
                        help="trials to run (default 10)")
    parser.add_argument("--epochs", type=int, metavar="E",
                        help="epochs per trial (default: the project's)")
    parser.add_argument("--tuner", choices=TUNERS, default="random",
                        help="KerasTuner's RandomSearch (default), Hyperband or "
                        "BayesianOptimization")


def run(args, out=None, err=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from engine.data.errors import DataError
    from engine.errors import DendriteError, ProjectLoadError
    from engine.project_io import load_project
    from engine.search.tuner import run_search

    if args.trials < 1 or (args.epochs is not None and args.epochs < 1):
        print("ERROR --trials and --epochs must be at least 1", file=err)
        return 2
    try:
        project = load_project(args.file)
    except ProjectLoadError as exc:
        print(f"ERROR {exc}", file=err)
        return 2

    def show(trial) -> None:
        values = "  ".join(f"{k}={show_value(v)}" for k, v in trial.values.items())
        score = "failed" if trial.score is None else f"{trial.score:.4f}"
        test = "  ".join(f"test {k}={v:.4f}" for k, v in trial.test.items())
        print(f"trial {trial.number}  {values}  score={score}  {test}".rstrip(), file=out,
              flush=True)

    try:
        from engine.search.space import search_space

        for dim in search_space(project):
            print(f"searching {dim.describe()}", file=out)
        print("score: a trial's best val_loss (its loss without a validation split)", file=out)
        result = run_search(project, args.trials, args.epochs, args.tuner, on_trial=show)
    except (DendriteError, DataError) as exc:
        print(f"ERROR {exc}", file=err)
        return 2
    best = result.best
    if best is None:
        print("No trial trained to the end; nothing to apply.", file=out)
        return 1
    print(f"best (trial {best.number}, {result.objective} {best.score:.4f}): "
          + "  ".join(f"{k}={show_value(v)}" for k, v in best.values.items()), file=out)
    if project.path is not None:
        print(f"{len(result.trials)} trials recorded as runs (uv run main.py runs "
              f"{args.file})", file=out)
    return 0

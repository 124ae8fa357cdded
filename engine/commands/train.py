"""`main.py train FILE`: trains a project headless with the app's trainer, printing a line
per epoch with every loss and metric, then the test evaluation. `--strategy mirrored`
trains on every local GPU (the project's batch size is the global batch); multi_host is
refused with the commands for an exported script."""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from engine.distribution import CHOICES

HELP = ("train a project without the editor: a line per epoch, then the test evaluation "
        "(exit 0: trained, 1: training failed, 2: project or data unusable)")


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--epochs", type=int, metavar="N",
                        help="epochs to train (default: the project's)")
    parser.add_argument("--export", metavar="OUT", help="save the trained model (.keras, .h5, "
                        ".onnx or .tflite), verified against the app's")
    from engine.commands.export import add_form_argument

    add_form_argument(parser, "--export-form")
    parser.add_argument("--history", metavar="OUT.csv", help="write the history as CSV")
    parser.add_argument("--record", action="store_true", help="add the run to the run "
                        "history beside the project, as the app does (see `runs`)")
    parser.add_argument("--strategy", choices=CHOICES,
                        help="none: one device; mirrored: every local GPU (TensorFlow's "
                        "MirroredStrategy); multi_host runs only from an exported script "
                        "(default: the project's training.distribution)")


def run(args, out=None, err=None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    from engine.data.errors import DataError
    from engine.errors import DendriteError, ProjectLoadError
    from engine.project_io import load_project
    from engine.training.trainer import Trainer

    if args.epochs is not None and args.epochs < 1:
        print("ERROR --epochs must be at least 1", file=err)
        return 2
    from engine.export.model_files import SUFFIXES

    if args.export and Path(args.export).suffix.lower() not in SUFFIXES:
        print(f"ERROR --export: the file must end in {', '.join(SUFFIXES)}", file=err)
        return 2
    try:
        project = load_project(args.file)
        if getattr(args, "strategy", None):
            project.training = _with_strategy(project.training, args.strategy)
        if _refused_distribution(project.training, args.file, err):
            return 2
        trainer = Trainer.from_project(project)
        binding = trainer.prepare()
    except (ProjectLoadError, DataError) as exc:
        print(f"ERROR {exc}", file=err)
        return 2
    for problem in binding.problems:
        print(problem.describe(), file=err)
    if not binding.ok:
        return 2
    for message in trainer.prepared.report.messages:
        print(f"data: {message}", file=out)
    started, clock = datetime.now(UTC), time.monotonic()
    done = trainer.train(_Printer(out, err), epochs=args.epochs)
    seconds = time.monotonic() - clock
    figures = {}
    if done.reason not in ("error", "diverged") and "test" in trainer.prepared.splits:
        figures = trainer.evaluate("test")
        print("test: " + _figures(figures), file=out)
    if getattr(args, "record", False):
        _record_run(project, trainer, done.reason, figures, started, seconds, out, err)
    if done.reason in ("error", "diverged"):
        return 1
    if args.history:
        try:
            trainer.history.write_csv(args.history)
        except OSError as exc:
            print(f"ERROR {args.history}: the history was not written: {exc}", file=err)
            return 1
        print(f"history written to {args.history}", file=out)
    if args.export:
        try:
            _export(project, trainer.model, args, out)
        except (DendriteError, OSError) as exc:
            print(f"ERROR {args.export}: the model was not written: {exc}", file=err)
            return 1
    return 0


def _record_run(project, trainer, reason, figures, started, seconds, out, err) -> None:
    """The run added to the history beside the project (engine.runs), as the app does."""
    from engine.runs.record import REASONS
    from engine.runs.recorder import record_trainer_run

    if reason not in REASONS:
        return
    try:
        record = record_trainer_run(project.path, project.name, trainer, reason, figures,
                                    started, seconds)
    except OSError as exc:
        print(f"warning: this run was not added to the run history: {exc}", file=err)
        return
    print(f"run {record.id} recorded (uv run main.py runs FILE lists them)", file=out)


def _with_strategy(training: dict | None, strategy: str) -> dict:
    """The training section with `strategy`, keeping chosen devices of the same strategy."""
    training = dict(training or {})
    current = training.get("distribution")
    if not (isinstance(current, dict) and current.get("strategy") == strategy):
        training["distribution"] = strategy
    return training


def _refused_distribution(training: dict | None, file: str, err) -> bool:
    """Says why the distribution cannot run here (bad value, or multi_host)."""
    from engine.distribution import INSTALL_JAX, multi_host_commands, plan
    from engine.training.settings import SettingsError, read_settings

    try:
        settings = read_settings(training)
    except SettingsError as exc:
        print(f"ERROR {exc}", file=err)
        return True
    if settings.distribution != "multi_host":
        return False
    print(f"ERROR {plan('multi_host').explanation}", file=err)
    print("For example, on two machines (the first one is the coordinator):", file=err)
    for command in multi_host_commands():
        print(f"  {command}", file=err)
    print(f"Install JAX on each machine: {INSTALL_JAX}", file=err)
    print(f"Export the script first: uv run main.py export {file} --to model.py", file=err)
    return True


def _export(project, model, args, out) -> None:
    """The trained model written and verified as `main.py export` does."""
    from engine.commands.export import print_report
    from engine.export import export_model

    print_report(export_model(project, args.export, model=model,
                              form=getattr(args, "export_form", "raw")), out)


def _figures(logs: dict) -> str:
    return "  ".join(f"{k}={v:.4f}" for k, v in logs.items())


class _Printer:
    def __init__(self, out, err):
        self.out, self.err = out, err

    def on_start(self, event) -> None:
        for notice in event.notices:
            print(f"note: {notice}", file=self.out)

    def on_epoch(self, event) -> None:
        print(f"epoch {event.epoch}/{event.epochs}  {_figures(event.logs)}  "
              f"({event.seconds:.1f}s)", file=self.out, flush=True)

    def on_error(self, event) -> None:
        print(f"ERROR {event.message}", file=self.err)

    def on_done(self, event) -> None:
        if event.reason in ("early_stopping", "stopped"):
            print(event.message, file=self.out)

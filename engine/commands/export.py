"""`main.py export FILE --to OUT`: the project's model as .keras, .h5, a SavedModel folder (a
name without extension), .onnx, .tflite (LiteRT), or a standalone Python script (.py, in a
chosen style). Model files take the raw data by default (`--form raw`: the scaling inside the
model) and are verified against the app's model right after writing."""

from __future__ import annotations

import sys
from pathlib import Path

HELP = ("export a project's model: OUT.keras, OUT.h5, OUT_DIR (SavedModel for serving), "
        "OUT.onnx, OUT.tflite (LiteRT) or OUT.py (standalone Python; --style "
        "functional|sequential|subclassing)")


def add_form_argument(parser, flag: str = "--form") -> None:
    from engine.export.preprocessing import FORM_LABELS, FORMS, RAW

    parser.add_argument(flag, choices=FORMS, default=RAW,
                        help="what the model file takes: " + "; ".join(
                            f"{key}: {label}" for key, label in FORM_LABELS.items())
                        + " (default: %(default)s)")


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--to", required=True, metavar="OUT",
                        help="OUT.py, OUT.keras, OUT.h5, OUT.onnx, OUT.tflite, or a folder "
                             "for a SavedModel")
    parser.add_argument("--style", default="functional",
                        choices=("functional", "sequential", "subclassing", "search-random",
                                 "search-hyperband", "search-bayesian"),
                        help="style of the Python code (default: functional); search-TUNER "
                             "writes a project's search as KerasTuner code")
    parser.add_argument("--distribution", action="store_true",
                        help="Python code: add --strategy mirrored|multi_host even when the "
                             "project trains on one device")
    add_form_argument(parser)


def run(args, out=None, err=None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    from engine.data.errors import DataError
    from engine.errors import DendriteError
    from engine.export import ExportError, export_model, generate_code, model_format
    from engine.project_io import atomic_write, load_project

    target = Path(args.to)
    try:
        project = load_project(args.file)
        if target.suffix.lower() == ".py":
            text = generate_code(project, args.style,
                                 distribution=getattr(args, "distribution", False))
            atomic_write(target, text.encode("utf-8"))
            print(f"{args.style} Python code written to {target}", file=out)
            return 0
        model_format(target)
        report = export_model(project, target, form=getattr(args, "form", "raw"))
    except (DendriteError, DataError) as exc:
        print(f"ERROR {exc}", file=err)
        return 2 if not isinstance(exc, ExportError) else 1
    except OSError as exc:
        print(f"ERROR {target}: cannot write it ({exc})", file=err)
        return 1
    print_report(report, out)
    return 0


def print_report(report, out) -> None:
    """What was written, in which form, how it verified, and how to load it."""
    for line in report.lines():
        print(line, file=out)
    print("load it with:", file=out)
    for line in report.hint.splitlines():
        print(f"  {line}", file=out)

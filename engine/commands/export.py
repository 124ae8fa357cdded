"""`main.py export FILE --to OUT`: the project's model as .keras, .h5, a SavedModel folder
(a name without extension) or a standalone Python script (.py, in a chosen style)."""

from __future__ import annotations

import sys
from pathlib import Path

HELP = ("export a project's model: OUT.keras, OUT.h5, OUT_DIR (SavedModel for serving) or "
        "OUT.py (standalone Python; --style functional|sequential|subclassing)")


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--to", required=True, metavar="OUT",
                        help="OUT.py, OUT.keras, OUT.h5, or a folder for a SavedModel")
    parser.add_argument("--style", default="functional",
                        choices=("functional", "sequential", "subclassing"),
                        help="style of the Python code (default: functional)")


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
            text = generate_code(project, args.style)
            atomic_write(target, text.encode("utf-8"))
            print(f"{args.style} Python code written to {target}", file=out)
            return 0
        model_format(target)
        report = export_model(project, target)
    except (DendriteError, DataError) as exc:
        print(f"ERROR {exc}", file=err)
        return 2 if not isinstance(exc, ExportError) else 1
    except OSError as exc:
        print(f"ERROR {target}: cannot write it ({exc})", file=err)
        return 1
    state = "compiled" if report.compiled else "not compiled (an output has no loss)"
    print(f"model written to {report.path} ({report.format}, {state}, {report.weights})",
          file=out)
    return 0

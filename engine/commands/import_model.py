"""`main.py import MODEL --to FILE.dendrite`: a Keras model file (.keras, .h5) opened as a
project, with its weights in the project's trained-state sidecar. Models holding Lambda
layers or custom code are refused: nothing in the file runs."""

from __future__ import annotations

import sys
from pathlib import Path

HELP = "open a Keras model (.keras or .h5) as a Dendrite project, weights included"


def add_arguments(parser) -> None:
    parser.add_argument("model", metavar="MODEL")
    parser.add_argument("--to", required=True, metavar="FILE.dendrite",
                        help="the project file to write (it must not exist yet)")


def run(args, out=None, err=None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    from engine.importer import ImportRefused, import_model, save_imported
    from engine.project import SUFFIX

    target = Path(args.to)
    if target.suffix != SUFFIX:
        print(f"ERROR --to: the project file must end in {SUFFIX}", file=err)
        return 2
    if target.exists():
        print(f"ERROR {target}: exists already; choose a new name (nothing was overwritten)",
              file=err)
        return 2
    try:
        result = import_model(args.model)
        save_imported(result, target)
    except ImportRefused as exc:
        print(f"ERROR {exc}", file=err)
        return 2
    except OSError as exc:
        print(f"ERROR {target}: cannot write it ({exc})", file=err)
        return 1
    for note in result.notes:
        print(f"note: {note}", file=out)
    nodes = len(result.project.graph.nodes)
    print(f"imported {nodes} nodes into {target} (Keras load {result.load_seconds:.2f} s, "
          f"import {result.import_seconds:.2f} s)", file=out)
    return 0

"""Dendrite: draw a neural network, get a real Keras model.

    uv run main.py [PROJECT]           open the editor (on PROJECT, or the last project)
    uv run main.py check PROJECT       list the project's problems
    uv run main.py summary PROJECT     print the model summary (no TensorFlow needed)
"""

from __future__ import annotations

import argparse
import sys

COMMANDS = ("check", "summary")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py", description="Dendrite: draw a neural network, get a real Keras model.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = sub.add_parser("check", help="list every problem of a project, one per line "
                           "(exit 0: no errors, 1: errors, 2: not readable)")
    check.add_argument("file", metavar="FILE")
    summary = sub.add_parser("summary", help="print the model summary and its totals")
    summary.add_argument("file", metavar="FILE")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or argv[0] not in COMMANDS and argv[0] not in ("-h", "--help"):
        return _open_editor(argv, parser)
    args = parser.parse_args(argv)
    from engine import cli

    return getattr(cli, args.command)(args.file)


def _open_editor(argv: list[str], parser: argparse.ArgumentParser) -> int:
    try:
        from gui.app import run
    except ImportError:
        parser.print_help()
        return 0
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())

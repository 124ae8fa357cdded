"""Dendrite: draw a neural network, get a real Keras model.

    uv run main.py [PROJECT]           open the editor (on PROJECT, or the last project)
    uv run main.py COMMAND ...         a headless command; `uv run main.py --help` lists them
"""

from __future__ import annotations

import argparse
import sys

from engine.commands import COMMANDS, load


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="main.py", description="Dendrite: draw a neural network, get a real Keras model. "
        "With no command (or a project file) it opens the editor.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = load(name)
        module.add_arguments(sub.add_parser(name, help=module.HELP, description=module.HELP))
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help")):
        args = build_parser().parse_args(argv)
        return load(args.command).run(args)
    return _open_editor(argv)


def _open_editor(argv: list[str]) -> int:
    try:
        from gui.app import run
    except ImportError:
        build_parser().print_help()
        return 0
    return run(argv)


if __name__ == "__main__":
    sys.exit(main())

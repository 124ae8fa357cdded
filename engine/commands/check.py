"""`main.py check FILE`: every problem of a project, one a line."""

from engine.commands._project_commands import check

HELP = ("list every problem of a project, one per line "
        "(exit 0: no errors, 1: errors, 2: not readable)")


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE")


def run(args) -> int:
    return check(args.file)

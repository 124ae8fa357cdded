"""`main.py summary FILE`: the model summary as Keras words it, without TensorFlow."""

from engine.commands._project_commands import summary

HELP = "print the model summary table and its totals (no TensorFlow needed)"


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE")


def run(args) -> int:
    return summary(args.file)

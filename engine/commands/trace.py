"""`main.py trace FILE --sample N`: one test sample through the network, every node's
activations, and each output beside its true target."""

from __future__ import annotations

import sys

from engine.commands._glass_box import EXIT_OK, EXIT_UNUSABLE, open_model, weights_word

HELP = ("print every node's activations for one sample of the test split "
        "(exit 0: traced, 2: project, data or sample unusable)")


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--sample", type=int, default=0, metavar="N",
                        help="the sample's number in the test split (default 0)")


def run(args, out=None, err=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    opened = open_model(args.file, err)
    if opened is None:
        return EXIT_UNUSABLE
    from engine.learn.trace import TraceSession, describe_values

    session = TraceSession(args.file, opened)
    try:
        traced = session.sample(args.sample)
    except ValueError as exc:
        print(f"ERROR --sample: {exc}", file=err)
        return EXIT_UNUSABLE
    print(f"sample {args.sample} of the {session.split} split, {weights_word(opened)}",
          file=out)
    for node in traced.nodes:
        shape = "x".join(str(d) for d in node.values.shape) or "1"
        print(f"{node.name} ({node.layer_class}, {shape}): {describe_values(node.values)}",
              file=out)
        if node.is_output and node.name in traced.targets:
            shown = node.values if node.probabilities is None else node.probabilities
            print(f"  target: {describe_values(traced.targets[node.name])}"
                  f"{_class_words(traced.class_names, shown)}", file=out)
    return EXIT_OK


def _class_words(names, values) -> str:
    if not names or values.size != len(names):
        return ""
    best = int(values.argmax())
    return f"   predicted class {best} ({names[best]}, p = {values[best]:.4f})"

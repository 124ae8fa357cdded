"""`main.py gradients FILE --batch N`: the loss gradients of every layer's weights for the
first N training samples (the numbers one SGD step would use)."""

from __future__ import annotations

import sys

import numpy as np

from engine.commands._glass_box import EXIT_OK, EXIT_UNUSABLE, open_model, weights_word

HELP = ("print each layer's loss gradients for the first N training samples "
        "(exit 0: printed, 2: project or data unusable)")
SHOWN_VALUES = 12


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--batch", type=int, default=32, metavar="N",
                        help="samples in the mini-batch, from the start of the training "
                        "split (default 32)")


def run(args, out=None, err=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if args.batch < 1:
        print("ERROR --batch must be at least 1", file=err)
        return EXIT_UNUSABLE
    opened = open_model(args.file, err)
    if opened is None:
        return EXIT_UNUSABLE
    from engine.learn.backprop import walk_through
    from engine.learn.backprop_text import number
    from engine.learn.trace import describe_values

    size = opened.split_size("train")
    count = min(args.batch, size)
    indices = np.arange(count)
    walk = walk_through(opened.model, opened.graph, opened.x("train", indices),
                        opened.y("train", indices), opened.learning_rate)
    note = f" (the training split has only {size})" if count < args.batch else ""
    print(f"first {count} training samples{note}, {weights_word(opened)}", file=out)
    print(f"loss {number(walk.loss)}", file=out)
    for node in walk.weighted:
        for label, symbol, grad in (("kernel", "W", node.kernel_grad),
                                    ("bias", "b", node.bias_grad)):
            if grad is None:
                continue
            shape = "x".join(str(d) for d in grad.shape)
            print(f"{node.name} {label} ({shape}) dL/d{symbol}: {describe_values(grad, SHOWN_VALUES)}"
                  f"   |grad| = {float(np.linalg.norm(grad)):.6g}", file=out)
    return EXIT_OK

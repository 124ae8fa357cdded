"""What the live training views (engine/learn/live_watch.py) cost a real training run.

Trains example projects with and without the live callback (alternating, same seed) and
prints the median training time of each, their ratio, the time the callback itself took
(frames and compiling, measured inside it: robust to other load on the machine) and how many
epochs got a frame.

    uv run python benchmarks/bench_live_watch.py --reps 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PROJECTS = {"xor.dendrite": 60, "digits.dendrite": 20}  # both work offline


def run(name: str, epochs: int, live: bool):
    from engine.learn.live_watch import LiveFrame, LiveWatch
    from engine.project_io import load_project
    from engine.training import Trainer

    project = load_project(ROOT / "projects" / name)
    project.training["epochs"] = epochs
    trainer = Trainer.from_project(project)
    trainer.prepare()
    sent, made = [], []
    if live:
        watch = LiveWatch(sent.append)
        trainer.callback_factories = [lambda *a: made.append(watch.factory(*a)) or made[-1]]
    start = time.perf_counter()
    trainer.train()
    seconds = time.perf_counter() - start
    for event in sent:
        if event.kind == "live_problem":
            print(f"{name}: {event.message}", file=sys.stderr)
    own = sum(c.spent + c.compile_seconds for c in made if c is not None)
    return seconds, sum(isinstance(e, LiveFrame) for e in sent), own


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    run("xor.dendrite", 2, True)  # imports and warms TensorFlow
    print("| project | epochs | without (s) | with live views (s) | ratio | the views' own time "
          "(s, share of the run) | epochs with a frame |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, epochs in PROJECTS.items():
        plain, live, owns, frames = [], [], [], 0
        for _ in range(args.reps):
            plain.append(run(name, epochs, False)[0])
            seconds, frames, own = run(name, epochs, True)
            live.append(seconds)
            owns.append(own / seconds)
        a, b = statistics.median(plain), statistics.median(live)
        share = statistics.median(owns)
        print(f"| {name} | {epochs} | {a:.2f} | {b:.2f} | {b / a:.3f} | {share * b:.2f}, "
              f"{share:.1%} | {frames} |", flush=True)


if __name__ == "__main__":
    main()

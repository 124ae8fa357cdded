"""The seed's California housing models, trained through the app's Trainer from the example
projects, against the figures of the book's notebook (shared/reference/seed-results.md):

    SCIKIT_LEARN_DATA=../shared/datasets/scikit_learn_data \\
        uv run python benchmarks/bench_seed_figures.py [--seeds 42 7 123]

Each project trains as it is saved (SGD lr 1e-3, 20 epochs, batch 32, StandardScaler on the
training split, 25% test then 25% validation); the early-stopping run is the regression
project with EarlyStopping(patience=10, restore_best_weights=True) and up to 100 epochs.
Several seeds show how far the figures move with the initial weights alone.
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.project_io import load_project  # noqa: E402
from engine.training.trainer import Trainer  # noqa: E402

RUNS = (
    # (label, project file, training overrides, what the book's notebook reports)
    ("Dense 30 -> Dense 1 (regression)", "california_housing.dendrite", {},
     "test MSE about 0.42"),
    ("Wide & Deep, one input", "wide_and_deep.dendrite", {}, "test MSE about 0.40"),
    ("Wide & Deep, two inputs (0-4 wide, 2-7 deep)", "wide_and_deep_two_inputs.dendrite", {},
     "test MSE about 0.42"),
    ("Wide & Deep with auxiliary output (0.9/0.1)", "wide_and_deep_aux_output.dendrite", {},
     "total loss about 0.46-0.47; aux loss higher than main"),
    ("Regression with EarlyStopping(10, restore best), up to 100 epochs",
     "california_housing.dendrite",
     {"epochs": 100, "early_stopping": {"monitor": "val_loss", "patience": 10,
                                        "restore_best_weights": True}},
     "test MSE about 0.33"),
)


def run(file: str, overrides: dict, seed: int) -> dict[str, float]:
    project = load_project(ROOT / "projects" / file)
    project.training = {**copy.deepcopy(project.training or {}), **overrides, "seed": seed}
    trainer = Trainer.from_project(project)
    trainer.checkpoint_path = None
    trainer.prepare()
    done = trainer.train()
    assert done.reason in ("finished", "early_stopping"), done
    figures = trainer.evaluate("test")
    figures["epochs"] = float(done.epochs_run)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[42])
    args = parser.parse_args()
    if not os.environ.get("SCIKIT_LEARN_DATA"):
        print("set SCIKIT_LEARN_DATA to the folder holding cal_housing_py3.pkz "
              "(../shared/datasets/scikit_learn_data)", file=sys.stderr)
        return 2
    for label, file, overrides, book in RUNS:
        results = [run(file, overrides, seed) for seed in args.seeds]
        keys = [k for k in results[0] if k != "epochs"]
        print(f"{label}  [{file}]  book: {book}")
        for key in keys:
            values = [r[key] for r in results]
            spread = (f" (seeds {', '.join(f'{v:.4f}' for v in values)})"
                      if len(values) > 1 else "")
            print(f"    test {key}: median {statistics.median(values):.4f}{spread}")
        print(f"    epochs run: {', '.join(str(int(r['epochs'])) for r in results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

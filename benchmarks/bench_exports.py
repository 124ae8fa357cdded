"""Exports a user can ship, measured on every example project: the default script's length,
and for each model format the largest difference between the exported file (raw data in,
loaded as the README says) and the app's own model on the test split.

    SCIKIT_LEARN_DATA=../shared/datasets/scikit_learn_data \\
        uv run python benchmarks/bench_exports.py [--epochs 1] [--out results.md]

Each project is trained for `--epochs` epochs first (0: the fresh weights), so that the
differences are those of a trained model. A project whose data cannot be loaded here (the
Fashion-MNIST files offline) is measured on a stand-in of the same form: 600 random 28x28
images with pixel values 0-255 as a CSV, marked in the table. A last row measures a CSV with
a text column and gaps in a number and a text column (the California graph bound to 2,000
generated rows): every format takes its raw rows (strings, NaN). `--csv-only` measures that
row alone. Prints a Markdown table (and writes it to --out)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

FILES = {"keras": "m.keras", "h5": "m.h5", "savedmodel": "saved", "onnx": "m.onnx",
         "litert": "m.tflite"}


def trained_model(project, epochs: int):
    if epochs < 1:
        return None
    from engine.training.trainer import Trainer

    trainer = Trainer.from_project(project)
    if not trainer.prepare().ok:
        return None
    trainer.train(epochs=epochs)
    return trainer.model


def image_stand_in(project, folder: Path) -> None:
    """Random 28x28 images (0-255) with ten classes, as a CSV, in place of the dataset."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.integers(0, 256, (600, 784)),
                         columns=[f"p{i}" for i in range(784)])
    frame["label"] = rng.integers(0, 10, 600)
    frame.to_csv(folder / "images.csv", index=False)
    project.data["dataset"] = {"source": "csv", "path": str(folder / "images.csv"),
                               "target": "label"}


def csv_with_text_and_gaps(folder: Path):
    """The California graph bound to a generated CSV: two number columns (one with gaps)
    and a text column with gaps, 2,000 rows."""
    import numpy as np
    import pandas as pd

    from engine.project_io import load_project

    rng = np.random.default_rng(3)
    rows = 2000
    frame = pd.DataFrame({"rooms": rng.integers(1, 8, rows).astype(float),
                          "Area": rng.normal(120, 40, rows),
                          "city": rng.choice(["Lyon", "Oslo", "Porto", "Riga"], rows)})
    frame.loc[::9, "Area"] = np.nan
    frame.loc[::11, "city"] = None
    frame["price"] = frame["rooms"] * 30 + frame["Area"].fillna(120) + rng.normal(0, 5, rows)
    frame.to_csv(folder / "homes.csv", index=False)
    project = load_project(ROOT / "projects" / "california_housing.dendrite")
    project.graph.node("n1").params["shape"] = None  # taken from the bound columns
    project.data["dataset"] = {"source": "csv", "path": str(folder / "homes.csv"),
                               "target": "price"}
    return project


def measure(path: Path, epochs: int, folder: Path, project=None,
            label: str = "") -> list[str]:
    from engine.data.errors import DataError
    from engine.export import export_model, generate_code
    from engine.project_io import load_project

    project = project or load_project(path)
    lines = len(generate_code(project).splitlines())
    cells = [label or path.stem, str(lines)]
    try:
        model = trained_model(project, epochs)
    except DataError:  # the data cannot be loaded here: a stand-in of the same form
        image_stand_in(project, folder)
        cells[0] += " (stand-in data)"
        model = trained_model(project, epochs)
    for fmt, name in FILES.items():
        started = time.perf_counter()
        try:
            report = export_model(project, folder / f"{path.stem}-{name}", model=model)
        except Exception as exc:
            cells.append(f"refused: {str(exc)[:80]}")
            continue
        check = report.verification
        if check is None or check.skipped:
            cells.append("not verified")
            continue
        worst = max(check.differences.values())
        flag = " WARNING" if check.warnings else ""
        cells.append(f"{worst:.1e}{flag} ({time.perf_counter() - started:.0f} s)")
        print(f"{path.stem} {fmt}: {report.form}; {check.lines()[0]}", file=sys.stderr)
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--csv-only", action="store_true",
                        help="measure only the CSV with a text column and gaps")
    args = parser.parse_args()
    header = ["project", "script lines", *FILES]
    rows = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    with tempfile.TemporaryDirectory() as temp:
        paths = [] if args.csv_only else sorted((ROOT / "projects").glob("*.dendrite"))
        for path in paths:
            rows.append("| " + " | ".join(measure(path, args.epochs, Path(temp))) + " |")
            print(rows[-1], flush=True)
        csv = csv_with_text_and_gaps(Path(temp))
        rows.append("| " + " | ".join(measure(
            Path("homes.csv"), args.epochs, Path(temp), csv,
            "CSV: text column, gaps (raw rows in)")) + " |")
        print(rows[-1], flush=True)
    table = "\n".join(rows)
    print(table)
    if args.out:
        args.out.write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

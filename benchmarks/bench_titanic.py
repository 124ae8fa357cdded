"""Kaggle's Titanic passenger list through `main.py train` as a newcomer would train it (issue
13): the CSV bound with `Survived` as the target, standard scaling, one Dense 16 ReLU hidden
layer, a 1-unit sigmoid output, Adam at 0.01, 30 epochs, the default splits (test 20%, then
validation 20% of the rest, seed 42). The headless command prints a `data:` line for each
column the engine left out or grouped and why; this script reports them with the test
accuracy (target >= 0.77), over several split/initialisation seeds.

The CSV is Kaggle's competition file `train.csv` (891 rows; PassengerId, Survived, Pclass,
Name, Sex, Age, SibSp, Parch, Ticket, Fare, Cabin, Embarked). It is not in this repository
(Kaggle's competition rules govern it). Get it from https://www.kaggle.com/c/titanic/data,
or from the `dataprep` package on PyPI, which ships the same 891 rows:

    pip download --no-deps dataprep==0.4.1 -d /tmp/dp && cd /tmp/dp && \\
        unzip -o dataprep-0.4.1-py3-none-any.whl dataprep/datasets/data/titanic.csv

    uv run python benchmarks/bench_titanic.py PATH/TO/train.csv [--seeds 42 0 1 2 3]
    (or DENDRITE_TITANIC_CSV=PATH uv run python benchmarks/bench_titanic.py)
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLUMNS = ["PassengerId", "Survived", "Pclass", "Name", "Sex", "Age", "SibSp", "Parch",
           "Ticket", "Fare", "Cabin", "Embarked"]
TARGET = 0.77
ENV = "DENDRITE_TITANIC_CSV"


def write_project(csv_path: Path, folder: Path, seed: int) -> Path:
    from engine.graph import Graph
    from engine.project import Project
    from engine.project_io import save_project

    shutil.copy(csv_path, folder / "train.csv")
    graph = Graph()
    passenger = graph.add_node("Input", {}, "passenger").id
    hidden = graph.add_node("Dense", {"units": 16, "activation": "relu"}, "hidden").id
    survived = graph.add_node("Output", {"units": 1, "activation": "sigmoid",
                                         "loss": "binary_crossentropy",
                                         "metrics": ["accuracy"]}, "survived").id
    graph.connect(passenger, hidden)
    graph.connect(hidden, survived)
    data = {"dataset": {"source": "csv", "path": "train.csv", "target": "Survived"},
            "scaling": "standard", "split": {"test": 0.2, "validation": 0.2, "seed": seed}}
    training = {"optimizer": {"name": "adam", "learning_rate": 0.01}, "epochs": 30,
                "batch_size": 32, "seed": seed}
    file = folder / "titanic.dendrite"
    save_project(Project("titanic", graph, data, training), file)
    return file


def train(file: Path) -> tuple[dict, list[str], str]:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1")
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "train", str(file)],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=900)
    if done.returncode != 0:
        raise SystemExit(f"main.py train failed ({done.returncode}):\n{done.stdout}\n"
                         f"{done.stderr}")
    data = [line for line in done.stdout.splitlines() if line.startswith("data: ")]
    test = next(line for line in done.stdout.splitlines() if line.startswith("test: "))
    figures = {k: float(v) for k, v in re.findall(r"(\w+)=(\S+)", test)}
    epochs = [line for line in done.stdout.splitlines() if line.lower().startswith("epoch")]
    return figures, data, epochs[-1] if epochs else ""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("csv", nargs="?", default=os.environ.get(ENV))
    parser.add_argument("--seeds", type=int, nargs="+", default=[42, 0, 1, 2, 3])
    args = parser.parse_args()
    if not args.csv:
        print(__doc__)
        print(f"ERROR give the path of Kaggle's Titanic train.csv (or set {ENV})")
        return 2
    path = Path(args.csv)
    if not path.is_file():
        print(f"ERROR {path}: no such file; how to get it:\n{__doc__}")
        return 2
    header = path.read_text(encoding="utf-8-sig").splitlines()[0].strip().split(",")
    if header != COLUMNS:
        print(f"ERROR {path}: the columns are {header}, not Kaggle's {COLUMNS}")
        return 2
    accuracies = []
    for number, seed in enumerate(args.seeds):
        with tempfile.TemporaryDirectory(prefix="dendrite-titanic-") as folder:
            figures, data, last_epoch = train(write_project(path, Path(folder), seed))
        accuracy = next((v for k, v in figures.items() if k.endswith("accuracy")),
                        float("nan"))
        accuracies.append(accuracy)
        if number == 0:
            print("what the engine told about the columns (`data:` lines):")
            for line in data:
                print("  " + line)
        print(f"seed {seed}: test accuracy {accuracy:.4f} (loss {figures.get('loss', 0):.4f});"
              f" last epoch: {last_epoch.strip()}", flush=True)
    worst = min(accuracies)
    print(f"machine: {platform.machine()} {platform.system()}, {os.cpu_count()} CPUs; test "
          f"accuracy {min(accuracies):.4f}-{max(accuracies):.4f} over seeds {args.seeds} "
          f"(target >= {TARGET}: {'met' if worst >= TARGET else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

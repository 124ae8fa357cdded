"""Saves docs/runs.png: the Runs tab with three real runs of the XOR project (two learning
rates, then more hidden units), all ticked to overlay their curves, and the last two compared.

    uv run python tools/screenshot_runs.py [--out docs/runs.png] [--epochs 30]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QItemSelectionModel, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from engine.project_io import load_project  # noqa: E402
from engine.runs.recorder import RunRecorder  # noqa: E402
from engine.training import TrainingSession  # noqa: E402
from gui.document import Document  # noqa: E402
from gui.training.runs_panel import RunsPanel  # noqa: E402


def train_runs(path: Path, epochs: int) -> None:
    project = load_project(path)
    session = TrainingSession()
    RunRecorder(session)
    hidden = project.graph.by_name("hidden").id
    for rate, units in ((0.01, 4), (0.05, 4), (0.05, 8)):
        project.set_setting("training", "optimizer.learning_rate", rate)
        project.set_setting("training", "epochs", epochs)
        project.graph.set_param(hidden, "units", units)
        session.graph_changed(project.graph)
        session.run(session.request_start(project))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "runs.png"))
    parser.add_argument("--epochs", type=int, default=30)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "xor.dendrite"
        shutil.copy(ROOT / "projects" / "xor.dendrite", path)
        train_runs(path, args.epochs)
        panel = RunsPanel(Document(load_project(path)))
        panel.resize(1280, 760)
        panel.show()
        table = panel.table
        for row in range(table.rowCount()):
            table.item(row, 0).setCheckState(Qt.CheckState.Checked)
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in (1, 2):
            table.selectionModel().select(table.model().index(row, 0), flags)
        panel.compare()
        app.processEvents()
        panel.grab().save(args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

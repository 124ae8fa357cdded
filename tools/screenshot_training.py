"""Saves docs/training.png: the training panel after a short run on the XOR project.

    uv run python tools/screenshot_training.py [--out docs/training.png] [--epochs 40]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from engine.project_io import load_project  # noqa: E402
from gui.document import Document  # noqa: E402
from gui.training.training_panel import TrainingPanel  # noqa: E402


def wait(app, condition, timeout_ms: int = 120_000) -> None:
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(lambda: condition() and loop.quit())
    timer.start()
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    timer.stop()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "training.png"))
    parser.add_argument("--epochs", type=int, default=40)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    project = load_project(ROOT / "projects" / "xor.dendrite")
    project.path = None
    project.training = dict(project.training, epochs=args.epochs)
    panel = TrainingPanel(Document(project))
    panel.setWindowTitle("Dendrite — training")
    panel.resize(1280, 640)
    panel.show()
    finished = []
    panel.run_finished.connect(finished.append)
    panel.start()
    wait(app, lambda: bool(finished) and not panel.busy)
    panel.plots.refresh_now()
    panel.plots.history_plot.show_readout(args.epochs // 2)
    wait(app, lambda: False, 300)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    panel.grab().save(args.out, "PNG")
    panel.shutdown()
    print(f"wrote {args.out} ({finished[0].reason if finished else 'no run'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

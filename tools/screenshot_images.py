"""Save screenshots of image data to docs/: cnn-canvas.png, the CNN example on the canvas
(shapes of rank 4), and misclassified.png, the Results tab's misclassified test images after
the same CNN trained a few epochs on the digits read as 8x8x1 images.

Run: uv run python tools/screenshot_images.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DENDRITE_DATA_DIR", tempfile.mkdtemp(prefix="dendrite-shot-"))

from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.app import create_window  # noqa: E402
from gui.style import apply_style  # noqa: E402

EXAMPLE = ROOT / "projects" / "cnn_digits.dendrite"


def settle(app) -> None:
    for _ in range(5):
        app.processEvents()


def canvas_shot(app) -> None:
    window = create_window(str(EXAMPLE), autosave=False)
    window.on_tensorflow_ready("TensorFlow ready")
    window.resize(1280, 800)
    window.show()
    settle(app)
    window.canvas.fit_all()
    conv = window.document.graph.by_name("conv2")
    window.canvas.select_nodes([conv.id])
    settle(app)
    out = ROOT / "docs" / "cnn-canvas.png"
    window.grab().save(str(out))
    print(f"saved {out}")
    window.document.undo_stack.setClean()
    window.close()


def misclassified_shot(app) -> None:
    from engine.project_io import load_project
    from engine.training.trainer import Trainer
    from gui.training.results import ResultsView

    project = load_project(EXAMPLE)
    data = dict(project.data)
    data["dataset"] = {"source": "sklearn", "name": "digits", "as_images": True}
    data["scaling"] = "none"  # the images as they are (0-16), readable in the grid
    project.set_section("data", data)
    project.set_section("training", {**project.training, "epochs": 3})
    project.graph.set_param(project.graph.nodes[0].id, "shape", [8, 8, 1])
    trainer = Trainer.from_project(project)
    trainer.prepare()
    trainer.train()
    metrics = trainer.evaluate()
    count = len(trainer.prepared.splits["test"])
    predictions = trainer.predict(range(count))
    view = ResultsView()
    view.resize(1280, 720)
    view.show_evaluation(metrics)
    view.show_test_predictions(predictions)
    view.show_sample_predictions(trainer.predict(range(10)))
    view.show()
    settle(app)
    out = ROOT / "docs" / "misclassified.png"
    view.grab().save(str(out))
    print(f"saved {out}")
    view.close()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_style(app)
    canvas_shot(app)
    misclassified_shot(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())

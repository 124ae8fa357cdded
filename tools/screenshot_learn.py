"""Save a screenshot of each Learn view to docs/learn-*.png.

Run: QT_QPA_PLATFORM=offscreen uv run python tools/screenshot_learn.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.learn.learn_area import LearnArea  # noqa: E402

SIZE = (1280, 760)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    area = LearnArea()
    area.resize(*SIZE)
    area.show()
    area.neurons.button_a.setChecked(True)
    area.neurons.threshold.setValue(1.0)
    area.neurons.weight_b.setValue(-1.0)
    area.perceptron.dataset.setCurrentText("OR")
    for _ in range(3):
        area.perceptron.step_epoch()
    area.perceptron.step_sample()
    area.xor.train(600)
    shots = {
        "neurons": area.neurons,
        "perceptron": area.perceptron,
        "iris": area.iris,
        "xor": area.xor,
        "activations": area.activations,
    }
    docs = ROOT / "docs"
    for name, view in shots.items():
        area.show_view(view)
        for _ in range(5):
            app.processEvents()
        path = docs / f"learn-{name}.png"
        if not area.grab().save(str(path)):
            print(f"could not write {path}", file=sys.stderr)
            break
        print(f"wrote {path.relative_to(ROOT)}")
    else:
        path = None
    area.close()
    # Delete the widgets while the QApplication still lives; Python's exit order is arbitrary.
    area.deleteLater()
    app.processEvents()
    return 0 if path is None else 1


if __name__ == "__main__":
    raise SystemExit(main())

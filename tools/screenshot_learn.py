"""Save a screenshot of each Learn view to docs/learn-*.png.

Run: QT_QPA_PLATFORM=offscreen uv run python tools/screenshot_learn.py [NAME ...]
(NAME: neurons, perceptron, iris, xor, activations, backprop, trace, trace-canvas;
default: all)
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.learn.learn_area import LearnArea  # noqa: E402

SIZE = (1280, 760)
BACKPROP_WAIT_S = 300  # TensorFlow's import and the first step, on a busy machine


def _wait_for(app, view, ready) -> None:
    """Waits for a view's background computation to end and its result to be shown."""
    deadline = time.monotonic() + BACKPROP_WAIT_S
    while (not ready() or view.busy) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.05)
    view.wait()
    app.processEvents()


def _backprop_on_chain_step(app, view) -> None:
    _wait_for(app, view, lambda: view.walk is not None)
    kinds = [step.kind for step in view.walk.steps]
    while view.step_index < kinds.index("chain"):
        view.step_forward()


def _trace_digits(app, area) -> None:
    """The digits example's test sample 5 traced through its (untrained) network."""
    from engine.project_io import load_project

    view = area.trace
    _wait_for(app, view, lambda: view.traced is not None)
    area.project_source = lambda: load_project(ROOT / "projects" / "digits.dendrite")
    view.project_button.click()
    _wait_for(app, view, lambda: "digits" in view.source_label.text().lower())
    view.sample_spin.setValue(5)
    _wait_for(app, view, lambda: view.traced.index == 5)


def save_canvas_trace(app, path: Path) -> bool:
    """The main window on the XOR example with sample 0 traced on the canvas cards and each
    neuron's map over the input plane."""
    from gui.app import create_window

    window = create_window(str(ROOT / "projects" / "xor.dendrite"), autosave=False)
    window.resize(1280, 760)
    window.show()
    view = window.learn.trace
    _wait_for(app, view, lambda: view.traced is not None)
    view.project_button.click()
    _wait_for(app, view, lambda: view.on_canvas.isEnabled())
    view.on_canvas.setChecked(True)
    window.show_tab(window.canvas)
    window.canvas.fit_all()
    for _ in range(5):
        app.processEvents()
    saved = window.grab().save(str(path))
    window.document.undo_stack.setClean()
    window.close()
    window.deleteLater()
    app.processEvents()
    return saved


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
    _backprop_on_chain_step(app, area.backprop)
    _trace_digits(app, area)
    shots = {
        "neurons": area.neurons,
        "perceptron": area.perceptron,
        "iris": area.iris,
        "xor": area.xor,
        "activations": area.activations,
        "backprop": area.backprop,
        "trace": area.trace,
    }
    chosen = sys.argv[1:] or [*shots, "trace-canvas"]
    shots = {name: view for name, view in shots.items() if name in chosen}
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
    if path is None and "trace-canvas" in chosen:
        path = docs / "learn-trace-canvas.png"
        if save_canvas_trace(app, path):
            print(f"wrote {path.relative_to(ROOT)}")
            path = None
    area.close()
    # Delete the widgets while the QApplication still lives; Python's exit order is arbitrary.
    area.deleteLater()
    app.processEvents()
    return 0 if path is None else 1


if __name__ == "__main__":
    raise SystemExit(main())

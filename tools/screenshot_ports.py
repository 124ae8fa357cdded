"""Save docs/ports-and-shared-layers.png: a text model drawn with a shared Embedding (two
inputs, one set of weights), self-attention on named query/value slots, and an LSTM whose
h and c states leave from ports of their own.

Run: uv run python tools/screenshot_ports.py
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

from engine.project import Project  # noqa: E402
from gui.app import create_window  # noqa: E402
from gui.style import apply_style  # noqa: E402


def build(document) -> str:
    """The graph, by the document's undoable edits; returns the node to select."""
    add, wire = document.add_node, document.connect
    question = add("Input", (0, 0), {"shape": [12], "dtype": "int32"})
    answer = add("Input", (0, 200), {"shape": [12], "dtype": "int32"})
    embed = add("Embedding", (230, 0), {"input_dim": 2000, "output_dim": 32})
    again = document.add_shared_call(embed, offset=(0, 200))
    wire(question, embed)
    wire(answer, again)
    attend = add("MultiHeadAttention", (470, 60), {"num_heads": 2, "key_dim": 16})
    wire(embed, attend, 0)
    wire(again, attend, 1)
    lstm = add("LSTM", (710, 60), {"units": 16, "return_state": True})
    wire(attend, lstm)
    joined = add("Concatenate", (950, 60), {})
    wire(lstm, joined, 0, source_port=1)
    wire(lstm, joined, 1, source_port=2)
    out = add("Output", (1190, 60), {"units": 1, "activation": "sigmoid",
                                      "loss": "binary_crossentropy"})
    wire(joined, out)
    return lstm


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_style(app)
    window = create_window(str(ROOT / "projects" / "xor.dendrite"), autosave=False)
    window.on_tensorflow_ready("TensorFlow ready")
    document = window.document
    document.replace_project(Project(name="ports and shared layers"))
    selected = build(document)
    window.resize(1920, 1080)
    window.show()
    for _ in range(5):
        app.processEvents()
    window.canvas.fit_all()
    window.canvas.select_nodes([selected])
    for _ in range(5):
        app.processEvents()
    out = ROOT / "docs" / "ports-and-shared-layers.png"
    window.grab().save(str(out))
    print(f"saved {out}")
    document.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

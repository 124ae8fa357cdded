"""Save screenshots of the editor window to docs/: editor.png (1280x800, the README's) and
editor-2560x1440.png, with an example project open and a node selected; and editor-dark.png,
the same window under the system's dark colour scheme.

Run: uv run python tools/screenshot_editor.py [PROJECT]
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

from PySide6.QtGui import QColor, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.app import create_window  # noqa: E402
from gui.style import apply_style, repolish  # noqa: E402

SIZES = {"editor.png": (1280, 800), "editor-2560x1440.png": (2560, 1440)}


def dark_palette() -> QPalette:
    roles = QPalette.ColorRole
    colours = {roles.Window: "#2b2d30", roles.WindowText: "#dfe1e5", roles.Base: "#1e1f22",
               roles.AlternateBase: "#26282b", roles.Text: "#dfe1e5", roles.Button: "#393b40",
               roles.ButtonText: "#dfe1e5", roles.Highlight: "#3574f0",
               roles.HighlightedText: "#ffffff", roles.ToolTipBase: "#393b40",
               roles.ToolTipText: "#dfe1e5", roles.PlaceholderText: "#8c8f94",
               roles.Mid: "#4e5157", roles.Midlight: "#43454a", roles.Dark: "#1a1b1e",
               roles.Light: "#5a5d63", roles.Shadow: "#000000", roles.Link: "#589df6"}
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6f737a"))
    return palette


def main(argv: list[str]) -> int:
    project = argv[0] if argv else str(ROOT / "projects" / "wide_and_deep_aux_output.dendrite")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_style(app)
    window = create_window(project, autosave=False)
    window.on_tensorflow_ready("TensorFlow ready")
    for file, (width, height) in SIZES.items():
        window.resize(width, height)
        window.show()
        for _ in range(5):
            app.processEvents()
        window.canvas.fit_all()
        deep = window.document.graph.by_name("hidden2") or window.document.graph.nodes[-1]
        window.canvas.select_nodes([deep.id])
        for _ in range(5):
            app.processEvents()
        out = ROOT / "docs" / file
        window.grab().save(str(out))
        print(f"saved {out}")
    # the offscreen platform has no dark theme of its own: set a dark palette as a desktop
    # in dark mode hands to Qt, to see that every part follows it
    app.setPalette(dark_palette())
    repolish(app)
    window.resize(1280, 800)
    for _ in range(5):
        app.processEvents()
    window.canvas.fit_all()
    for _ in range(5):
        app.processEvents()
    out = ROOT / "docs" / "editor-dark.png"
    window.grab().save(str(out))
    print(f"saved {out}")
    window.document.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Screenshots of every tab of the window at 1280x800 and 1920x1080, light and dark, to look
for anything cut off, cramped or jumping; also docs/data-tab.png (the README's Data tab, with
the digits data loaded by itself).

Run: uv run python tools/screenshot_tabs.py [OUT_DIR]   (default: a temporary folder)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
os.environ.setdefault("DENDRITE_DATA_DIR", tempfile.mkdtemp(prefix="dendrite-shot-"))

from PySide6.QtWidgets import QApplication  # noqa: E402
from screenshot_editor import dark_palette  # noqa: E402

from gui.app import create_window  # noqa: E402
from gui.style import apply_style, repolish  # noqa: E402

SIZES = ((1280, 800), (1920, 1080))
PROJECT = ROOT / "projects" / "digits.dendrite"


def settle(app, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="dendrite-tabs-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_style(app)
    window = create_window(str(PROJECT), autosave=False)
    window.on_tensorflow_ready("TensorFlow ready")
    panel = window.training_ui.data_panel
    for theme in ("light", "dark"):
        if theme == "dark":
            app.setPalette(dark_palette())
            repolish(app)
        for width, height in SIZES:
            window.resize(width, height)
            window.show()
            settle(app)
            for index in range(window.tabs.count()):
                window.tabs.setCurrentIndex(index)
                settle(app)
                while panel.is_loading():
                    settle(app, 0.1)
                settle(app)
                title = window.tabs.tabText(index).lower()
                shot = out_dir / f"{title}-{width}x{height}-{theme}.png"
                window.grab().save(str(shot))
                if (theme, width, title) == ("light", 1280, "data"):
                    window.grab().save(str(ROOT / "docs" / "data-tab.png"))
                print(f"saved {shot}")
    window.document.undo_stack.setClean()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

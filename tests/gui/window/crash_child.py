"""Run as a child process by test_crash_recovery.py: opens the app on a project, edits it
with keyboard events, waits for the autosave, reports, and waits to be killed."""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.app import create_window  # noqa: E402


def main() -> None:
    project_path, report_path = sys.argv[1], Path(sys.argv[2])
    app = QApplication(sys.argv[:1])
    window = create_window(project_path)
    window.show()
    QTest.qWaitForWindowExposed(window)
    canvas = window.canvas
    canvas.setFocus()
    first = window.document.graph.nodes[-1].id
    canvas.select_nodes([first])
    QTest.keyClick(canvas.viewport(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(canvas.viewport(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.document.is_modified()

    def report() -> None:
        if window.autosaver.file.exists():
            report_path.write_text(json.dumps(window.document.project.to_dict()))
            print("edited-and-autosaved", flush=True)
        else:
            QTimer.singleShot(100, report)

    QTimer.singleShot(100, report)
    app.exec()


if __name__ == "__main__":
    main()

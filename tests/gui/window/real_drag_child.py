"""Child of test_real_drag_xvfb: on a real X server (Xvfb), the pointer drags Dense from the
palette onto the canvas with xdotool, through Qt's own drag and drop; prints what was added."""

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from PySide6.QtCore import QPoint, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gui.app import create_window  # noqa: E402
from gui.style import apply_style  # noqa: E402


def main() -> None:
    app = QApplication(sys.argv[:1])
    apply_style(app)
    window = create_window(None, autosave=False)
    window.move(0, 0)
    window.resize(1280, 800)
    window.show()
    before = {n.id for n in window.document.graph.nodes}
    target = QPoint(200, 120)

    def drag() -> None:
        tree = window.palette_view.tree
        item = window.palette_view.kind_items["Dense"]
        start = tree.viewport().mapToGlobal(tree.visualItemRect(item).center())
        end = window.canvas.viewport().mapToGlobal(target)
        steps = [f"mousemove {start.x()} {start.y()} sleep 0.05 mousedown 1 sleep 0.05"]
        for i in range(1, 11):
            x = start.x() + (end.x() - start.x()) * i // 10
            y = start.y() + (end.y() - start.y()) * i // 10
            steps.append(f"mousemove {x} {y} sleep 0.05")
        steps.append("mouseup 1")
        subprocess.Popen(["bash", "-c", "sleep 0.3; xdotool " + " ".join(steps)])
        QTimer.singleShot(4000, report)

    def report() -> None:
        added = [n for n in window.document.graph.nodes if n.id not in before]
        dropped = window.canvas.mapToScene(target)
        for node in added:
            print(f"added {node.type} at {node.position[0]:.0f} {node.position[1]:.0f}; "
                  f"dropped at {dropped.x():.0f} {dropped.y():.0f}", flush=True)
        window.document.undo_stack.setClean()
        app.quit()

    QTimer.singleShot(1500, drag)
    app.exec()


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    main()

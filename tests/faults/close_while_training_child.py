"""Child of the close-while-training test: a window trains a long run, is closed (the user
agrees to stop), and another project opens in a new window, which trains too; prints
"survived" when the process got through it all without aborting."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from engine.project_io import load_project, save_project  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def wait_until(condition, seconds: float) -> bool:
    for _ in range(int(seconds * 20)):
        if condition():
            return True
        QTest.qWait(50)
    return condition()


def agree_to_stop() -> None:
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        box.button(QMessageBox.StandardButton.Yes).click()
    else:
        QTimer.singleShot(20, agree_to_stop)


def project_file(folder: Path, name: str, epochs: int) -> Path:
    project = load_project(ROOT / "projects" / "xor.dendrite")
    project.training = {"optimizer": {"name": "adam", "learning_rate": 0.01},
                        "epochs": epochs, "batch_size": 4, "seed": 1}
    return save_project(project, folder / name)


def train(window) -> None:
    panel = window.training_ui.training_panel
    panel.start_button.click()
    if not wait_until(lambda: panel.running, 120):
        sys.exit(f"training did not start: {panel.status.text()}")


def main(folder: str) -> None:
    from gui.app import create_window

    app = QApplication.instance() or QApplication([])
    first = create_window(str(project_file(Path(folder), "long.dendrite", 500)),
                          autosave=False)
    first.show()
    train(first)
    QTest.qWait(300)
    QTimer.singleShot(20, agree_to_stop)
    if not first.close():
        sys.exit("the window refused to close")
    first.deleteLater()
    second = create_window(str(project_file(Path(folder), "other.dendrite", 2)),
                           autosave=False)
    second.show()
    train(second)
    panel = second.training_ui.training_panel
    wait_until(lambda: not panel.running, 120)
    second.close()
    second.deleteLater()
    QTest.qWait(100)
    app.processEvents()
    print("survived", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])

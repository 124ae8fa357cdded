"""Starting the editor: the window first, on a real project, then TensorFlow in the background.

`run(argv)` is what `uv run main.py [PROJECT]` calls.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

_STARTED = time.perf_counter()


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description="Open the Dendrite editor.")
    parser.add_argument("project", nargs="?", help="a .dendrite project to open")
    return parser.parse_args(argv)


def create_window(project_path: str | None = None, autosave: bool = True):
    """The main window on `project_path`, else on the last project, else on the digits
    example; never on an empty screen. A project that cannot be opened is reported and the
    example opens instead. A crash's autosaved work is offered back."""
    from gui import recent_files
    from gui.autosave import scan_recoveries
    from gui.main_window import MainWindow
    from gui.paths import DEFAULT_EXAMPLE

    window = MainWindow(autosave=autosave)
    if window.autosaver is not None:
        window.autosaver.failed.connect(window.show_status)
    opened = False
    if project_path:
        opened = window.files.open_path(project_path, ask=False)
    else:
        last = recent_files.last_project()
        if last is not None and last.exists():
            opened = window.files.open_path(last, ask=False)
    if not opened:
        failure = window.files.last_error
        window.files.open_path(DEFAULT_EXAMPLE, ask=False)
        if failure:
            window.show_status(f"{failure} (the digits example is open instead)")
    recoveries = scan_recoveries()
    if recoveries.offers:
        window.offer_recovery(recoveries.offers[0])
    if recoveries.set_aside:
        more = len(recoveries.set_aside) - 1
        window.show_status(recoveries.set_aside[0] + (f" (and {more} more like it)"
                                                      if more else ""))
    return window


def run(argv: list[str]) -> int:
    args = _parse(argv)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from gui import gc_policy
    from gui.paths import APPLICATION, ORGANIZATION
    from gui.style import apply_style
    from gui.tf_loader import TensorFlowLoader

    app = QApplication.instance() or QApplication(sys.argv[:1])
    gc_policy.install()
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    apply_style(app)
    window = create_window(args.project)
    window.show()
    loader = TensorFlowLoader()
    loader.ready.connect(window.on_tensorflow_ready)
    loader.ready.connect(gc_policy.freeze_long_lived)
    loader.failed.connect(window.on_tensorflow_failed)
    QTimer.singleShot(0, lambda: _report_ready(window))
    QTimer.singleShot(50, loader.start)
    code = app.exec()
    loader.wait()
    from gui.background import background_jobs

    background_jobs().wait_all()
    return code


def _report_ready(window) -> None:
    """For benchmarks/bench_gui.py: the event loop runs and the window takes input now."""
    if os.environ.get("DENDRITE_STARTUP_PROBE"):
        tf_loaded = "tensorflow" in sys.modules
        print(f"window-ready {time.perf_counter() - _STARTED:.3f} tensorflow={tf_loaded}",
              flush=True)
        if os.environ.get("DENDRITE_STARTUP_PROBE") == "quit":
            window.close()


"""Python's cyclic garbage collector runs in the GUI thread only, for the app's whole life.

Left automatic, the collector runs in whichever thread happens to allocate: the thread that
imports TensorFlow, a training or export worker. There it can finalise Qt objects (windows,
scenes, plot items left in reference cycles) outside the GUI thread, which crashes the process
(seen: segmentation faults inside `import keras` in a worker, and in the test suite under
load). So automatic collection is switched off once, when the application starts, and a
GUI-thread timer collects instead, each generation when gc's own thresholds say it is due.
After TensorFlow has loaded, its long-lived objects are moved out of the collector's sight
(`gc.freeze`), so a full collection no longer walks them and freezes the window.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Slot

INTERVAL_MS = 250

_collector: GuiThreadCollector | None = None


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    @Slot()
    def collect_due(self) -> None:
        collect_due()


def collect_due() -> None:
    """Collects the oldest generation whose count passed gc's threshold (cheap when none)."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if counts[generation] > thresholds[generation]:
            gc.collect(generation)
            return


def install() -> None:
    """Turns automatic collection off and collects in the GUI thread from now on. Call it in
    the GUI thread once a QApplication exists; calling it again changes nothing."""
    global _collector
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        raise RuntimeError("gc_policy.install() must run in the GUI thread of an application")
    if _collector is None:
        _collector = GuiThreadCollector(app)
        _collector.start()
    else:
        gc.disable()


def freeze_long_lived(*_signal_arguments) -> None:
    """After a big import (TensorFlow): keep every object alive now out of later collections.
    Only in the GUI thread. The young generations are collected first; a full collection
    is not: over TensorFlow's objects it stalled the window 320 ms (benchmarks/
    bench_window_training.py), and the import's few cyclic leftovers cost less memory than
    that stall is worth."""
    gc.collect(1)
    gc.freeze()

"""Garbage collection in the GUI thread only, while a worker thread runs Python.

Python's cyclic collector runs in whichever thread happens to allocate. When that is the
training thread, it can finalise Qt wrappers (widgets, plot items) outside the GUI thread,
which crashed here (a segfault inside `import keras` in the worker). While a worker lives,
automatic collection is off and a GUI-thread timer collects instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer, Slot

INTERVAL_MS = 500
_users = {"count": 0, "turned_off": False}  # collectors started, across panels


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self.active = False

    def start(self) -> None:
        if self.active:
            return
        self.active = True
        gc.collect()
        _users["count"] += 1
        if gc.isenabled():
            gc.disable()
            _users["turned_off"] = True
        self._timer.start()

    def stop(self) -> None:
        if not self.active:
            return
        self.active = False
        self._timer.stop()
        _users["count"] -= 1
        if _users["count"] == 0 and _users["turned_off"]:
            gc.enable()
            _users["turned_off"] = False
        gc.collect()

    @Slot()
    def collect(self) -> None:
        """Collects the generations whose counts passed gc's own thresholds (cheap)."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        if counts[2] > thresholds[2]:
            gc.collect(2)
        elif counts[1] > thresholds[1]:
            gc.collect(1)
        elif counts[0] > thresholds[0]:
            gc.collect(0)

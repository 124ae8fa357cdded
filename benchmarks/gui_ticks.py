"""How late the GUI thread answers: a 10 ms precise QTimer records when it fires; the gaps
between ticks give the longest stall and each tick's lateness (gap minus 10 ms). Shared by
the benchmarks that time the window while work runs."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import Qt, QTimer

TICK_MS = 10


class TickRecorder:
    def __init__(self):
        self.times: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    def tick(self) -> None:
        self.times.append(time.perf_counter())

    def start(self) -> None:
        self.times = [time.perf_counter()]
        self.timer.start()

    def stop(self) -> dict:
        self.timer.stop()
        gaps = np.diff(np.asarray(self.times)) * 1000.0
        late = np.clip(gaps - TICK_MS, 0, None)
        return {"ticks": len(gaps), "longest_gap_ms": float(gaps.max()),
                "at_s": float(self.times[int(np.argmax(gaps))] - self.times[0]),
                "p99_late_ms": float(np.percentile(late, 99)),
                "p50_late_ms": float(np.percentile(late, 50))}

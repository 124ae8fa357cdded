"""Training progress: a bar over all the batches of the run, with epoch, batch, ETA and speed."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget


def format_duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class TrainingProgress(QWidget):
    """Counts batches of this run only: a continued run starts its clock again."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setObjectName("training_progress")
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setTextVisible(True)
        self.bar.setFormat("idle")
        self.detail = QLabel("")
        self.detail.setObjectName("training_progress_detail")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.detail)
        self._first_epoch = 0
        self._epochs = 1
        self._steps = 1
        self._batch_size = 1
        self._started = 0.0
        self._done_steps = 0

    def start(self, first_epoch: int, last_epoch: int, steps_per_epoch: int,
              batch_size: int) -> None:
        """A run of epochs first_epoch+1 .. last_epoch (counted from 1 on screen)."""
        self._first_epoch = first_epoch
        self._epochs = max(1, last_epoch - first_epoch)
        self._steps = max(1, steps_per_epoch)
        self._batch_size = max(1, batch_size)
        self._started = time.monotonic()
        self._done_steps = 0
        self.bar.setRange(0, self._epochs * self._steps)
        self.bar.setValue(0)
        self.bar.setFormat(f"epoch {first_epoch + 1}/{last_epoch} · starting")
        self.detail.setText("")

    def update_batch(self, epoch: int, batch: int) -> None:
        """epoch counted from 0 over the whole history, batch from 0 within the epoch."""
        done = (epoch - self._first_epoch) * self._steps + batch + 1
        self._done_steps = max(0, min(done, self._epochs * self._steps))
        self.bar.setValue(self._done_steps)
        elapsed = time.monotonic() - self._started
        last = self._first_epoch + self._epochs
        text = f"epoch {epoch + 1}/{last} · batch {batch + 1}/{self._steps}"
        self.bar.setFormat(text)
        if self._done_steps and elapsed > 0:
            per_second = self._done_steps * self._batch_size / elapsed
            left = (self._epochs * self._steps - self._done_steps) * elapsed / self._done_steps
            self.detail.setText(f"ETA {format_duration(left)} · {per_second:,.0f} samples/s")

    def finish(self, text: str) -> None:
        self.bar.setFormat(text)
        elapsed = time.monotonic() - self._started if self._started else 0.0
        if elapsed and self._done_steps:
            per_second = self._done_steps * self._batch_size / elapsed
            self.detail.setText(f"{format_duration(elapsed)} · {per_second:,.0f} samples/s")

    def eta_text(self) -> str:
        return self.detail.text()

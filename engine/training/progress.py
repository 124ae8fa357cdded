"""The Keras callback that feeds the listener, watches the loss and honours Stop.

It costs almost nothing per batch: Keras already hands over the batch's logs as Python
floats, and the callback only checks the loss is finite and the stop flag, and reads the
clock; a batch event goes out at most every `interval` seconds.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

from engine.keras_setup import keras as _keras
from engine.training.events import BatchEvent, EpochEvent, notify
from engine.training.history import History

REPORT_INTERVAL = 0.1  # seconds between batch events: at most 10 a second


@dataclass
class Divergence:
    epoch: int  # 1-based
    batch: int  # 1-based
    value: float

    def message(self) -> str:
        what = "NaN" if math.isnan(self.value) else "infinite"
        return (f"the loss became {what} in epoch {self.epoch}, batch {self.batch}: training "
                "stopped. The learning rate is probably too high; try a lower one (e.g. a "
                "tenth of it), or scale the data.")


def make_progress_callback(listener, history: History, stop_flag: threading.Event,
                           samples: int, batch_size: int, total_epochs: int, step0: int,
                           interval: float = REPORT_INTERVAL):
    """A `keras.callbacks.Callback` instance; read `.divergence` and `.epochs_run` after."""
    keras = _keras()

    class Progress(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.divergence: Divergence | None = None
            self.epochs_run = 0
            self.step = step0
            self.batches = max(1, math.ceil(samples / batch_size))
            self._epoch = 0
            self._next = 0.0
            self._last_loss = (0, 0.0)  # (batches, running mean) at the previous event

        def on_train_begin(self, logs=None):
            self._start = time.perf_counter()
            self._first_epoch = None

        def on_epoch_begin(self, epoch, logs=None):
            self._epoch = epoch
            if self._first_epoch is None:
                self._first_epoch = epoch
            self._epoch_start = time.perf_counter()
            self._last_loss = (0, 0.0)
            self._done = 0
            if stop_flag.is_set():
                self.model.stop_training = True

        def on_train_batch_end(self, batch, logs=None):
            self.step += 1
            self._done = batch + 1
            loss = logs.get("loss") if logs else None
            if loss is not None and not math.isfinite(loss):
                self.divergence = Divergence(self._epoch + 1, batch + 1, loss)
                self.model.stop_training = True
                return
            if stop_flag.is_set():
                self.model.stop_training = True
            now = time.perf_counter()
            if now < self._next:
                return
            self._next = now + interval
            self._report(batch + 1, loss, logs, now)

        def _report(self, done, loss, logs, now):
            elapsed = now - self._start
            epochs_done = self._epoch - self._first_epoch
            batches_done = epochs_done * self.batches + done
            rate = batches_done * batch_size / elapsed if elapsed > 0 else 0.0
            left = (total_epochs - self._epoch - 1) * self.batches + (self.batches - done)
            eta = left * batch_size / rate if rate > 0 else None
            recent = None
            if loss is not None:
                before, mean = self._last_loss
                recent = (done * loss - before * mean) / (done - before) if done > before \
                    else loss
                self._last_loss = (done, loss)
            notify(listener, BatchEvent(self._epoch + 1, done, self.batches, self.step, loss,
                                        recent, dict(logs or {}), rate, eta))

        def on_epoch_end(self, epoch, logs=None):
            if self.divergence is not None:
                return
            if stop_flag.is_set() and self._done < self.batches:
                return  # a stopped, partial epoch is not part of the history
            logs = {k: float(v) for k, v in (logs or {}).items()
                    if isinstance(v, int | float)}
            loss = logs.get("loss")
            if loss is not None and not math.isfinite(loss):
                self.divergence = Divergence(epoch + 1, self.batches, loss)
                self.model.stop_training = True
                return
            history.append(logs)
            self.epochs_run += 1
            notify(listener, EpochEvent(epoch + 1, total_epochs, logs,
                                        time.perf_counter() - self._epoch_start))

    return Progress()

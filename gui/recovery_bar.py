"""The bar at the top of the window that offers to restore work autosaved before a crash."""

from __future__ import annotations

import time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from gui.autosave import Recovery


class RecoveryBar(QFrame):
    restore_requested = Signal(object)  # Recovery
    discard_requested = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("recoveryBar")
        self.recovery: Recovery | None = None
        self.text = QLabel()
        self.text.setObjectName("recoveryText")
        self.text.setWordWrap(True)
        self.restore_button = QPushButton("Restore")
        self.discard_button = QPushButton("Discard")
        self.restore_button.clicked.connect(self._restore)
        self.discard_button.clicked.connect(self._discard)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.discard_button)
        self.hide()

    def offer(self, recovery: Recovery) -> None:
        self.recovery = recovery
        try:
            when = time.strftime("at %H:%M:%S on %d %b", time.localtime(recovery.saved_at))
        except (OverflowError, ValueError, OSError):
            when = "at an unknown time"
        where = f" ({_elided(str(recovery.original_path))})" if recovery.original_path else ""
        self.text.setText(f"Dendrite did not close normally. Unsaved changes to "
                          f"“{_elided(recovery.name)}”{where}, autosaved {when}, can be "
                          "restored.")
        self.show()

    def _restore(self) -> None:
        if self.recovery is not None:
            self.restore_requested.emit(self.recovery)
        self.hide()

    def _discard(self) -> None:
        if self.recovery is not None:
            self.discard_requested.emit(self.recovery)
        self.hide()


def _elided(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"

"""The "Devices" choice of the training form: none / mirrored / multi_host, the devices the
choice will use ("2 GPUs", "CPU only") and, when it cannot run here, why, in plain words.
multi_host is never started from the app: the widget shows the command for each machine
and a button that opens the export of the Python script.

The widget holds no project state: the form reads `value()` and writes with `set_value()`;
`activated` is emitted on a user's choice only."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSignalBlocker, Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QVBoxLayout, QWidget

from engine import keras_setup
from engine.distribution import (
    INSTALL_JAX,
    local_devices,
    multi_host_commands,
    plan,
)
from engine.training.settings import SettingsError, read_distribution

LABELS = {"none": "One device",
          "mirrored": "All devices of this machine (mirrored)",
          "multi_host": "Several machines (multi_host)"}


class DeviceChoice(QWidget):
    activated = Signal()
    export_requested = Signal()

    def __init__(self, devices: dict[str, list[str]] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._devices = devices
        self._chosen: tuple[str, ...] | None = None  # mirrored over these (None: all)
        self.combo = QComboBox()
        self.combo.setObjectName("distribution")
        for key, label in LABELS.items():
            self.combo.addItem(label, key)
        self.uses = QLabel()
        self.uses.setObjectName("devices_label")
        self.note = QLabel()
        self.note.setObjectName("distribution_note")
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton("Export the script for several machines…")
        self.export_button.setObjectName("export_multi_host")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.combo, self.uses, self.note, self.export_button):
            layout.addWidget(widget)
        self.combo.activated.connect(self._on_activated)
        self.export_button.clicked.connect(self.export_requested)
        self._show()

    def value(self):
        """The spec's `training.distribution` for the current choice."""
        strategy = self.combo.currentData()
        if strategy == "mirrored" and self._chosen:
            return {"strategy": "mirrored", "devices": list(self._chosen)}
        return strategy

    def set_value(self, value) -> None:
        try:
            strategy, self._chosen = read_distribution(value)
            problem = ""
        except SettingsError as exc:
            strategy, self._chosen, problem = "none", None, str(exc)
        blocker = QSignalBlocker(self.combo)
        self.combo.setCurrentIndex(self.combo.findData(strategy))
        del blocker
        self._show(problem)

    def set_devices(self, devices: dict[str, list[str]]) -> None:
        self._devices = devices
        self._show()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._show()  # TensorFlow may have loaded since the form was built

    @Slot(int)
    def _on_activated(self, _index: int) -> None:
        if self.combo.currentData() != "mirrored":
            self._chosen = None  # chosen devices belong to mirrored only
        self._show()
        self.activated.emit()

    def _show(self, problem: str = "") -> None:
        strategy = self.combo.currentData()
        self.export_button.setVisible(strategy == "multi_host")
        if strategy == "multi_host":
            commands = "\n".join(multi_host_commands())
            self.uses.setText("Uses: one process per machine, started outside the app")
            self.note.setText(f"{plan('multi_host').explanation}\n\nOn every machine, install "
                              f"JAX: {INSTALL_JAX}\nthen start, machine A (the coordinator) "
                              f"first:\n{commands}")
            return
        devices = self._known_devices()
        if devices is None:
            self.uses.setText("Uses: the devices are listed once TensorFlow has loaded")
            self.note.setText(problem)
            return
        chosen = list(self._chosen) if self._chosen else None
        device_plan = plan(strategy, chosen, devices)
        self.uses.setText("Uses: " + _uses(device_plan))
        note = device_plan.explanation if strategy == "mirrored" else ""
        if strategy == "mirrored" and device_plan.replicas > 1:
            note += "; the batch size is the global batch, split over the replicas"
        self.note.setText("\n".join(t for t in (problem, note) if t))

    def _known_devices(self) -> dict[str, list[str]] | None:
        """The devices, once TensorFlow is imported: importing it here would freeze the
        window for seconds (gui.tf_loader imports it in the background)."""
        if self._devices is None and _tensorflow_ready():
            try:
                self._devices = local_devices()
            except Exception:  # noqa: BLE001 - a broken install: training says why
                return None
        return self._devices


def _uses(device_plan) -> str:
    gpus = [d for d in device_plan.devices if "GPU" in d.upper()]
    if gpus:
        return f"{len(gpus)} GPU{'s' if len(gpus) > 1 else ''}"
    count = len(device_plan.devices)
    return "CPU only" if count <= 1 else f"CPU only ({count} logical devices)"


def _tensorflow_ready() -> bool:
    """TensorFlow and Keras imported completely (not halfway, in the loader's thread)."""
    if not keras_setup.is_loaded():
        return False
    return not any(getattr(getattr(sys.modules.get(name), "__spec__", None), "_initializing",
                           False) for name in ("keras", "tensorflow"))

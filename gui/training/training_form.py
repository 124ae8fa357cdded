"""The `training` section as a form. Each edit is one undoable
`document.set_section("training", ...)`; an undo refreshes the form from the project.
`devices` (e.g. {"GPU": [...], "CPU": [...]}) stands in for the machine's, in tests."""

from __future__ import annotations

import copy
import math

from PySide6.QtCore import QSignalBlocker, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from engine.losses import OPTIMIZERS, default_learning_rate
from gui.training.device_choice import DeviceChoice

CLASS_WEIGHTS = ["none", "balanced"]


class TrainingForm(QWidget):
    problem = Signal(str)

    def __init__(self, document, parent: QWidget | None = None, devices=None):
        super().__init__(parent)
        self.document = document
        self.export_dialog = None  # the last one opened from the Devices choice
        self.optimizer = QComboBox()
        self.optimizer.setObjectName("optimizer")
        self.optimizer.addItems(list(OPTIMIZERS))
        self.learning_rate = QLineEdit()
        self.learning_rate.setObjectName("learning_rate")
        self.momentum = QDoubleSpinBox()
        self.momentum.setRange(0.0, 0.999)
        self.momentum.setDecimals(3)
        self.momentum.setSingleStep(0.1)
        self.epochs = QSpinBox()
        self.epochs.setObjectName("epochs")
        self.epochs.setRange(1, 100_000)
        self.batch_size = QSpinBox()
        self.batch_size.setObjectName("batch_size")
        self.batch_size.setRange(1, 1 << 20)
        self.early = QCheckBox("Early stopping, patience")
        self.patience = QSpinBox()
        self.patience.setRange(0, 10_000)
        self.restore_best = QCheckBox("restore best weights")
        self.checkpoint = QCheckBox("Checkpoint beside the project")
        self.save_best_only = QCheckBox("best only")
        self.class_weight = QComboBox()
        self.class_weight.addItems(CLASS_WEIGHTS)
        self.use_seed = QCheckBox("Seed")
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.devices = DeviceChoice(devices)

        form = QFormLayout(self)
        form.addRow("Optimizer", self.optimizer)
        form.addRow("Learning rate", self.learning_rate)
        form.addRow("Momentum (SGD)", self.momentum)
        form.addRow("Epochs", self.epochs)
        form.addRow("Batch size", self.batch_size)
        form.addRow(_row(self.early, self.patience, self.restore_best))
        form.addRow(_row(self.checkpoint, self.save_best_only))
        form.addRow("Class weights", self.class_weight)
        form.addRow(_row(self.use_seed, self.seed))
        form.addRow("Devices", self.devices)

        for combo in (self.optimizer, self.class_weight):
            combo.activated.connect(self._on_edit)
        self.learning_rate.editingFinished.connect(self._on_edit)
        for box in (self.momentum, self.epochs, self.batch_size, self.patience, self.seed):
            box.editingFinished.connect(self._on_edit)
        for check in (self.early, self.restore_best, self.checkpoint, self.save_best_only,
                      self.use_seed):
            check.clicked.connect(self._on_edit)
        self.devices.activated.connect(self._on_edit)
        self.devices.export_requested.connect(self.open_export)
        document.section_changed.connect(self._on_section_changed)
        document.project_replaced.connect(self.refresh)
        self.refresh()

    def spec(self) -> dict:
        return copy.deepcopy(self.document.project.training or {})

    @Slot()
    def refresh(self) -> None:
        spec = self.spec()
        widgets = (self.optimizer, self.learning_rate, self.momentum, self.epochs,
                   self.batch_size, self.early, self.patience, self.restore_best,
                   self.checkpoint, self.save_best_only, self.class_weight, self.use_seed,
                   self.seed)
        blockers = [QSignalBlocker(w) for w in widgets]
        optimizer = spec.get("optimizer") or {}
        name = str(optimizer.get("name", "sgd"))
        self.optimizer.setCurrentText(name)
        rate = optimizer.get("learning_rate", default_learning_rate(name))
        self.learning_rate.setText(f"{float(rate):g}")
        self.momentum.setValue(float(optimizer.get("momentum", 0.0) or 0.0))
        self.momentum.setEnabled(name == "sgd")
        self.epochs.setValue(int(spec.get("epochs", 30)))
        self.batch_size.setValue(int(spec.get("batch_size", 32)))
        early = spec.get("early_stopping")
        self.early.setChecked(early is not None)
        self.patience.setValue(int((early or {}).get("patience", 10)))
        self.restore_best.setChecked(bool((early or {}).get("restore_best_weights", True)))
        self.patience.setEnabled(early is not None)
        self.restore_best.setEnabled(early is not None)
        checkpoint = spec.get("checkpoint")
        self.checkpoint.setChecked(checkpoint is not None)
        self.save_best_only.setChecked(bool((checkpoint or {}).get("save_best_only", True)))
        self.save_best_only.setEnabled(checkpoint is not None)
        weight = spec.get("class_weight")
        self.class_weight.setCurrentText(weight if weight in CLASS_WEIGHTS else "none")
        self.use_seed.setChecked(spec.get("seed") is not None)
        self.seed.setValue(int(spec.get("seed") or 42))
        self.seed.setEnabled(spec.get("seed") is not None)
        self.devices.set_value(spec.get("distribution"))
        del blockers

    @Slot()
    def _on_edit(self, *_args) -> None:
        spec = self.spec()
        old_name = (spec.get("optimizer") or {}).get("name", "sgd")
        name = self.optimizer.currentText()
        try:
            rate = float(self.learning_rate.text())
            if not math.isfinite(rate) or rate <= 0:
                raise ValueError
        except ValueError:
            self.problem.emit(f"Learning rate: {self.learning_rate.text()!r} is not a positive "
                              "number (e.g. 0.001 or 1e-3)")
            self.refresh()
            return
        if name != old_name and rate == default_learning_rate(old_name):
            rate = default_learning_rate(name)
        optimizer = {"name": name, "learning_rate": rate}
        if name == "sgd" and self.momentum.value():
            optimizer["momentum"] = self.momentum.value()
        spec["optimizer"] = optimizer
        spec["epochs"] = self.epochs.value()
        spec["batch_size"] = self.batch_size.value()
        spec["early_stopping"] = ({"patience": self.patience.value(),
                                   "restore_best_weights": self.restore_best.isChecked()}
                                  if self.early.isChecked() else None)
        spec["checkpoint"] = ({"save_best_only": self.save_best_only.isChecked()}
                              if self.checkpoint.isChecked() else None)
        weight = self.class_weight.currentText()
        spec["class_weight"] = None if weight == "none" else weight
        spec["seed"] = self.seed.value() if self.use_seed.isChecked() else None
        distribution = self.devices.value()
        if distribution != "none" or "distribution" in spec:
            spec["distribution"] = distribution
        if spec != (self.document.project.training or {}):
            self.document.set_section("training", spec, "Change training settings")
        else:
            self.refresh()

    @Slot()
    def open_export(self) -> None:
        """The export dialog, for the script that multi_host runs on each machine."""
        from gui.export_dialog import ExportDialog

        dialog = ExportDialog(self.document.project, parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.export_dialog = dialog

    @Slot(str)
    def _on_section_changed(self, section: str) -> None:
        if section == "training":
            self.refresh()


def _row(*widgets) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return holder

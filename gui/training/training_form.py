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
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from engine.losses import default_learning_rate
from engine.sections import TRAINING, learning_rate
from gui.training.device_choice import DeviceChoice
from gui.training.setting_widgets import (
    SettingSearches,
    check_box,
    choice_box,
    float_box,
    int_box,
    show,
)

CLASS_WEIGHTS = ["none", "balanced"]


class TrainingForm(QWidget):
    problem = Signal(str)

    def __init__(self, document, parent: QWidget | None = None, devices=None):
        super().__init__(parent)
        self.document = document
        self.export_dialog = None  # the last one opened from the Devices choice
        field = TRAINING.field
        self.optimizer = choice_box(field("optimizer.name"))
        self.learning_rate = QLineEdit()
        self.learning_rate.setObjectName("learning_rate")
        self.learning_rate.setToolTip(field("optimizer.learning_rate").help)
        self.momentum = float_box(field("optimizer.momentum"), step=0.1)
        self.epochs = int_box(field("epochs"))
        self.batch_size = int_box(field("batch_size"))
        self.early = QCheckBox("Early stopping, patience")
        self.patience = int_box(field("early_stopping.patience"))
        self.restore_best = check_box(field("early_stopping.restore_best_weights"))
        self.checkpoint = QCheckBox("Checkpoint beside the project")
        self.save_best_only = check_box(field("checkpoint.save_best_only"))
        self.class_weight = QComboBox()
        self.class_weight.addItems(CLASS_WEIGHTS)
        self.use_seed = QCheckBox(field("seed").title)
        seed = field("seed")
        self.seed = QSpinBox()  # the value the seed takes once "Seed" is ticked
        self.seed.setRange(int(seed.minimum), int(seed.maximum))
        self.seed.setToolTip(seed.help)
        self.devices = DeviceChoice(devices)
        # each declared setting the form shows, by its path in the section
        self.settings = {"optimizer.name": self.optimizer, "optimizer.momentum": self.momentum,
                         "epochs": self.epochs, "batch_size": self.batch_size,
                         "early_stopping.patience": self.patience,
                         "early_stopping.restore_best_weights": self.restore_best,
                         "checkpoint.save_best_only": self.save_best_only}

        # optimizer, learning rate and batch size: a value, or a range or list to search
        self.searches = SettingSearches(document, {
            "optimizer.name": self.optimizer, "optimizer.learning_rate": self.learning_rate,
            "batch_size": self.batch_size}, self)
        form = QFormLayout(self)
        form.addRow(field("optimizer.name").title, self.searches.row("optimizer.name"))
        form.addRow(field("optimizer.learning_rate").title,
                    self.searches.row("optimizer.learning_rate"))
        form.addRow(field("optimizer.momentum").title, self.momentum)
        form.addRow(field("epochs").title, self.epochs)
        form.addRow(field("batch_size").title, self.searches.row("batch_size"))
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
        for path, widget in self.settings.items():
            show(widget, TRAINING.field(path), TRAINING.value(spec, path))
        name = self.optimizer.currentText()
        try:
            self.learning_rate.setText(f"{learning_rate(spec):g}")
        except (TypeError, ValueError):  # a damaged file: validation names the value
            self.learning_rate.setText(str(TRAINING.value(spec, "optimizer.learning_rate")))
        self.momentum.setEnabled(name == "sgd")
        early = spec.get("early_stopping")
        self.early.setChecked(early is not None)
        self.patience.setEnabled(early is not None)
        self.restore_best.setEnabled(early is not None)
        checkpoint = spec.get("checkpoint")
        self.checkpoint.setChecked(checkpoint is not None)
        self.save_best_only.setEnabled(checkpoint is not None)
        weight = spec.get("class_weight")
        self.class_weight.setCurrentText(weight if weight in CLASS_WEIGHTS else "none")
        seed = TRAINING.value(spec, "seed")
        seeded = seed is not None and TRAINING.field("seed").check(seed) is None
        self.use_seed.setChecked(seeded)
        self.seed.setValue(seed if seeded else self.seed.minimum())
        self.seed.setEnabled(seeded)
        self.devices.set_value(spec.get("distribution"))
        self.searches.show_spec(spec)
        del blockers

    @Slot()
    def _on_edit(self, *_args) -> None:
        spec = self.spec()
        old_name = TRAINING.value(spec, "optimizer.name")
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
        spec = self.searches.keep(spec)
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

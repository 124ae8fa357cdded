"""Trace one example: a sample of the test split goes through the real Keras model and every
node shows its activations; the outputs stand beside the true target. The XOR example
project by default, or the project on the canvas. The model is built once in a background
thread; stepping through samples reuses it (no rebuilding, no recompiling)."""

from __future__ import annotations

import copy

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.project import Project
from gui.background import Job, run_in_background
from gui.learn.canvas_trace import clear_trace, show_trace
from gui.learn.trace_strips import TraceStrips
from gui.paths import XOR_EXAMPLE


def _open(project: Project):
    from engine.learn.trace import open_trace

    session = open_trace(project)
    session.maps = session.neuron_maps()  # None unless the input is two features
    return session, session.sample(0)


def _open_example():
    from engine.project_io import load_project

    return _open(load_project(XOR_EXAMPLE))


def _sample(session, index: int):
    return session, session.sample(index)


def _typed(session, text: str):
    return session, session.typed(text)


class TraceView(QWidget):
    """`sample_ready` fires each time a traced sample is shown (tests wait for it)."""

    sample_ready = Signal()
    failed = Signal(str)
    current_project_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.session = None
        self.traced = None
        self.job: Job | None = None
        self._wanted = 0  # the sample last asked for
        self.canvas_source = lambda: None  # the canvas scene, given by the Learn area
        self._from_canvas = False  # whether the traced model is the canvas's project
        self.source_label = QLabel("the XOR example project: loading…")
        self.project_button = QPushButton("Open the current project")
        self.sample_spin = QSpinBox()
        self.sample_spin.setRange(0, 0)
        self.sample_spin.setKeyboardTracking(False)
        self.previous_button = QPushButton("◀ Previous")
        self.next_button = QPushButton("Next ▶")
        self.typed_sample = QLineEdit()
        self.typed_sample.setPlaceholderText("or type one: numbers separated by commas, "
                                             "in the model's input units (after scaling)")
        self.on_canvas = QCheckBox("Show on the canvas")
        self.on_canvas.setToolTip("Draw each node's activations under its card on the "
                                  "Network tab (for the current project); with two input "
                                  "features, each neuron's output over the input plane too")
        self.on_canvas.setEnabled(False)
        self.strips = TraceStrips()
        note = QLabel("Each square is one neuron's output for this sample: red positive, "
                      "blue negative, white 0, scaled to the layer's largest value. Image "
                      "inputs are drawn as images. With two input features, the maps under a "
                      "layer show each neuron's output over the input plane (x₁ across, x₂ up).")
        note.setWordWrap(True)
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Model:"))
        controls.addWidget(self.source_label, 1)
        controls.addWidget(self.project_button)
        samples = QHBoxLayout()
        self.split_label = QLabel("sample of the test split")
        samples.addWidget(self.split_label)
        samples.addWidget(self.sample_spin)
        samples.addWidget(self.previous_button)
        samples.addWidget(self.next_button)
        samples.addWidget(self.typed_sample, 1)
        samples.addWidget(self.on_canvas)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.strips)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addLayout(samples)
        layout.addWidget(scroll, 1)
        layout.addWidget(note)
        self.project_button.clicked.connect(self.current_project_requested)
        self.sample_spin.valueChanged.connect(self._sample_chosen)
        self.previous_button.clicked.connect(self.sample_spin.stepDown)
        self.next_button.clicked.connect(self.sample_spin.stepUp)
        self.on_canvas.toggled.connect(self._show_on_canvas)
        self.typed_sample.returnPressed.connect(self._sample_typed)
        self._run(_open_example)

    @property
    def busy(self) -> bool:
        return self.job is not None and not self.job.is_finished

    def wait(self) -> None:
        if self.job is not None:
            self.job.wait()

    def _run(self, function, *args) -> None:
        if self.busy:
            return
        self.job = Job(function, *args)
        self.job.succeeded.connect(self._on_sample)
        self.job.failed.connect(self._on_failed)
        run_in_background(self.job, "dendrite-trace")

    def open_project(self, project: Project | None) -> None:
        if project is None:
            self._on_failed("there is no project open")
            return
        copied = Project(project.name, project.graph.copy(), copy.deepcopy(project.data),
                         copy.deepcopy(project.training), copy.deepcopy(project.extra),
                         project.path)
        self.source_label.setText(f"{project.name}: loading the data and the model…")
        self._wanted = 0
        self._from_canvas = True
        self._run(_open, copied)

    @Slot(int)
    def _sample_chosen(self, index: int) -> None:
        self._wanted = index
        if self.session is not None and (self.traced is None or self.traced.index != index):
            self._run(_sample, self.session, index)

    @Slot()
    def _sample_typed(self) -> None:
        if self.session is not None and self.typed_sample.text().strip():
            self._wanted = None
            self._run(_typed, self.session, self.typed_sample.text())

    @Slot(object)
    def _on_sample(self, result) -> None:
        self.session, self.traced = result
        self.source_label.setText(self.session.title)
        self.split_label.setText(
            "a typed sample (no target); or a sample of the test split" if self.traced.index < 0
            else f"sample of the {self.session.split} split ({self.session.size} samples)")
        self.sample_spin.blockSignals(True)
        self.sample_spin.setRange(0, self.session.size - 1)
        if self.traced.index >= 0:
            self.sample_spin.setValue(self.traced.index)
        self.sample_spin.blockSignals(False)
        self.strips.show_sample(self.traced, self.session.maps)
        self.on_canvas.setEnabled(self._from_canvas and self.canvas_source() is not None)
        self._show_on_canvas(self.on_canvas.isChecked())
        self.sample_ready.emit()
        if self._wanted is not None and self._wanted != self.traced.index:
            self.sample_spin.setValue(self._wanted)  # another sample was chosen meanwhile

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        if self.session is not None and self._wanted is None:  # a typed sample: keep the model
            self.split_label.setText(f"Not traced: {message}")
        else:
            self.source_label.setText(f"Cannot trace it: {message}")
        self.failed.emit(message)

    @Slot(bool)
    def _show_on_canvas(self, shown: bool) -> None:
        scene = self.canvas_source()
        if scene is None:
            return
        if shown and self.on_canvas.isEnabled() and self.traced is not None:
            show_trace(scene, self.traced, self.session.maps)
        else:
            clear_trace(scene)

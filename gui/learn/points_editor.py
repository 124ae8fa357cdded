"""The 2-D dataset editor (Learn tab): click to add a point of the chosen class, drag a point
to move it, right-click it (or select it and press Delete) to remove it, Clear, or start from a
synthetic set (moons, circles, blobs, xor) with its noise and size. Every edit is one step of
the editor's undo stack; "Use as this project's data" makes the points the project's dataset
(`{"source": "points", ...}`) as one step of the project's undo stack."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QPen, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine.data.points_source import MAX_CLASSES
from engine.learn.point_sets import SETS, generate, points_data
from gui.training.live_view import CLASS_COLOURS

CLASSES = 4  # classes offered in the editor
RADIUS = 6  # a point's radius, and how near a click must be to take it (pixels)
DEFAULT_BOUNDS = (-1.5, 2.5, -1.5, 1.5)  # x from, x to, y from, y to


class PointsModel:
    """The points, [[x, y, class], ...], and a callback called after every change."""

    def __init__(self):
        self.points: list[list] = []
        self.changed: Callable[[], None] = lambda: None

    def set_points(self, points: list[list]) -> None:
        self.points = [list(p) for p in points]
        self.changed()


class _PointsCommand(QUndoCommand):
    def __init__(self, model: PointsModel, after: list[list], text: str):
        super().__init__(text)
        self.model = model
        self.before = [list(p) for p in model.points]
        self.after = [list(p) for p in after]

    def redo(self):
        self.model.set_points(self.after)

    def undo(self):
        self.model.set_points(self.before)


class PointsPlane(QWidget):
    """The plane the points are drawn on, with the mouse edits."""

    edit = Signal(list, str)  # the points after an edit, and its name for the undo stack

    def __init__(self, model: PointsModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.bounds = DEFAULT_BOUNDS
        self.current_class = 0
        self.selected: int | None = None
        self._drag: int | None = None
        self._drag_at: QPointF | None = None
        self.setMinimumSize(360, 300)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)

    def sizeHint(self) -> QSize:
        return QSize(560, 420)

    # ---- coordinates -------------------------------------------------------------------
    def fit(self) -> None:
        """The view around the points (with a margin), or the default view."""
        if not self.model.points:
            self.bounds = DEFAULT_BOUNDS
        else:
            xy = np.asarray([p[:2] for p in self.model.points], dtype=float)
            low, high = xy.min(axis=0), xy.max(axis=0)
            margin = 0.15 * np.maximum(high - low, 0.5)
            self.bounds = (low[0] - margin[0], high[0] + margin[0],
                           low[1] - margin[1], high[1] + margin[1])
        self.update()

    def to_pixel(self, x: float, y: float) -> QPointF:
        x0, x1, y0, y1 = self.bounds
        return QPointF((x - x0) / (x1 - x0) * self.width(),
                       (y1 - y) / (y1 - y0) * self.height())

    def to_data(self, pos: QPointF) -> tuple[float, float]:
        x0, x1, y0, y1 = self.bounds
        return (x0 + pos.x() / max(self.width(), 1) * (x1 - x0),
                y1 - pos.y() / max(self.height(), 1) * (y1 - y0))

    def point_at(self, pos: QPointF) -> int | None:
        best, found = RADIUS + 2.0, None
        for i, (x, y, _c) in enumerate(self.model.points):
            p = self.to_pixel(x, y)
            distance = float(np.hypot(p.x() - pos.x(), p.y() - pos.y()))
            if distance <= best:
                best, found = distance, i
        return found

    # ---- mouse and keys ----------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        pos = event.position()
        index = self.point_at(pos)
        if event.button() == Qt.MouseButton.RightButton:
            if index is not None:
                self._remove(index)
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if index is None:
            x, y = self.to_data(pos)
            points = [*self.model.points, [round(x, 4), round(y, 4), self.current_class]]
            self.selected = len(points) - 1
            self.edit.emit(points, "Add a point")
            return
        self.selected = index
        self._drag, self._drag_at = index, pos
        self.update()

    def mouseMoveEvent(self, event) -> None:
        if self._drag is not None:
            self._drag_at = event.position()
            self.update()

    def mouseReleaseEvent(self, event) -> None:
        index, at = self._drag, self._drag_at
        self._drag = self._drag_at = None
        if index is None or at is None:
            return
        x, y = self.to_data(at)
        old = self.model.points[index]
        if self.to_pixel(*old[:2]) == at or (round(x, 4), round(y, 4)) == tuple(old[:2]):
            self.update()
            return
        points = [list(p) for p in self.model.points]
        points[index] = [round(x, 4), round(y, 4), old[2]]
        self.edit.emit(points, "Move a point")

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) \
                and self.selected is not None:
            self._remove(self.selected)
            return
        super().keyPressEvent(event)

    def _remove(self, index: int) -> None:
        points = [p for i, p in enumerate(self.model.points) if i != index]
        self.selected = None
        self.edit.emit(points, "Remove a point")

    # ---- painting ----------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#dee2e6"), 1))
        x0, x1, y0, y1 = self.bounds
        for value in np.arange(np.ceil(x0), np.floor(x1) + 1):
            p = self.to_pixel(value, 0)
            painter.drawLine(QPointF(p.x(), 0), QPointF(p.x(), self.height()))
        for value in np.arange(np.ceil(y0), np.floor(y1) + 1):
            p = self.to_pixel(0, value)
            painter.drawLine(QPointF(0, p.y()), QPointF(self.width(), p.y()))
        painter.setPen(QPen(QColor("#adb5bd"), 1.2))
        origin = self.to_pixel(0, 0)
        painter.drawLine(QPointF(origin.x(), 0), QPointF(origin.x(), self.height()))
        painter.drawLine(QPointF(0, origin.y()), QPointF(self.width(), origin.y()))
        for i, (x, y, c) in enumerate(self.model.points):
            p = self._drag_at if i == self._drag and self._drag_at is not None \
                else self.to_pixel(x, y)
            painter.setBrush(QColor(CLASS_COLOURS[int(c) % len(CLASS_COLOURS)]))
            painter.setPen(QPen(QColor("#212529"), 2.2 if i == self.selected else 0.8))
            painter.drawEllipse(p, RADIUS, RADIUS)
        painter.setPen(QColor("#495057"))
        painter.drawText(QRectF(6, 4, 400, 18), Qt.AlignmentFlag.AlignLeft,
                         f"{len(self.model.points)} points")


class PointsEditor(QWidget):
    """The editor with its controls; `document_source()` gives the open project's document."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.document_source: Callable[[], object] = lambda: None
        self.model = PointsModel()
        self.undo_stack = QUndoStack(self)
        self.plane = PointsPlane(self.model)
        self.plane.setObjectName("points_plane")
        self.model.changed = self._on_changed
        self.plane.edit.connect(self._push)

        self.class_box = QComboBox()
        self.class_box.setObjectName("points_class")
        self.class_box.addItems([f"class {k}" for k in range(CLASSES)])
        self.class_box.currentIndexChanged.connect(self._set_class)
        self.set_box = QComboBox()
        self.set_box.setObjectName("points_set")
        self.set_box.addItems(list(SETS))
        self.noise_spin = QDoubleSpinBox()
        self.noise_spin.setObjectName("points_noise")
        self.noise_spin.setRange(0.0, 2.0)
        self.noise_spin.setSingleStep(0.05)
        self.noise_spin.setValue(0.15)
        self.size_spin = QSpinBox()
        self.size_spin.setObjectName("points_size")
        self.size_spin.setRange(4, 2000)
        self.size_spin.setValue(200)
        self.generate_button = QPushButton("Generate")
        self.generate_button.setObjectName("points_generate")
        self.clear_button = QPushButton("Clear")
        self.clear_button.setObjectName("points_clear")
        self.undo_button = QPushButton("Undo")
        self.undo_button.setObjectName("points_undo")
        self.redo_button = QPushButton("Redo")
        self.redo_button.setObjectName("points_redo")
        self.use_button = QPushButton("Use as this project's data")
        self.use_button.setObjectName("points_use")
        self.status = QLabel("Click to add a point of the chosen class; drag a point to move "
                             "it; right-click it (or select it and press Delete) to remove it.")
        self.status.setObjectName("points_status")
        self.status.setWordWrap(True)

        self.generate_button.clicked.connect(self.generate)
        self.clear_button.clicked.connect(self.clear)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.use_button.clicked.connect(self.use_as_data)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        self.undo_button.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_button.setShortcut(QKeySequence.StandardKey.Redo)

        controls = QGridLayout()
        controls.addWidget(QLabel("Add points of"), 0, 0)
        controls.addWidget(self.class_box, 0, 1)
        controls.addWidget(QLabel("Synthetic set"), 1, 0)
        controls.addWidget(self.set_box, 1, 1)
        controls.addWidget(QLabel("Noise"), 2, 0)
        controls.addWidget(self.noise_spin, 2, 1)
        controls.addWidget(QLabel("Points"), 3, 0)
        controls.addWidget(self.size_spin, 3, 1)
        controls.addWidget(self.generate_button, 4, 0, 1, 2)
        edits = QHBoxLayout()
        for button in (self.clear_button, self.undo_button, self.redo_button):
            edits.addWidget(button)
        side = QVBoxLayout()
        side.addLayout(controls)
        side.addLayout(edits)
        side.addWidget(self.use_button)
        side.addWidget(self.status)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.plane, 1)
        layout.addLayout(side)

    # ---- edits ---------------------------------------------------------------------------
    def _push(self, points: list, text: str) -> None:
        self.undo_stack.push(_PointsCommand(self.model, points, text))

    def _on_changed(self) -> None:
        if self.plane.selected is not None and self.plane.selected >= len(self.model.points):
            self.plane.selected = None
        self.plane.update()

    def _set_class(self, index: int) -> None:
        self.plane.current_class = max(0, min(index, MAX_CLASSES - 1))

    def generate(self) -> None:
        name = self.set_box.currentText()
        points = generate(name, self.size_spin.value(), self.noise_spin.value(),
                          seed=self.undo_stack.count())
        self._push(points, f"Generate {name}")
        self.plane.fit()
        self.status.setText(f"{len(points)} points of {name} with noise "
                            f"{self.noise_spin.value():g}.")

    def clear(self) -> None:
        if self.model.points:
            self._push([], "Clear the points")

    def use_as_data(self) -> bool:
        """Makes the points the open project's dataset (one undoable step of the project)."""
        from gui.commands import SetSectionCommand

        document = self.document_source()
        if document is None:
            self.status.setText("No project is open to take these points.")
            return False
        if len(self.model.points) < 4:
            self.status.setText("Add at least 4 points first (the data is split into "
                                "training, validation and test samples).")
            return False
        graph = document.project.graph
        inputs = [n.id for n in graph.nodes if n.type == "Input"]
        outputs = [n.id for n in graph.nodes if n.type == "Output"]
        data = points_data(document.project.data, self.model.points,
                           inputs[0] if len(inputs) == 1 else None,
                           outputs[0] if len(outputs) == 1 else None)
        document.undo_stack.push(SetSectionCommand(document.project, "data", data,
                                                   "Use the drawn points as data"))
        self.status.setText(f"The project now trains on these {len(self.model.points)} "
                            "points (Edit > Undo brings its data back).")
        return True

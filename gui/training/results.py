"""Results of a trained model: test metrics, a confusion matrix (classification) or predicted
against true (regression), and a table of predictions with class probabilities and the
predicted class (the seed's `predict` and `argmax`). Plain data in, widgets out."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gui.contrast import over, readable_text_on
from gui.training.misclassified_view import MisclassifiedView
from gui.training.plots import PALETTE

NOT_TRAINED = "Train the model to see results."


def _item(text) -> QTableWidgetItem:
    item = QTableWidgetItem(text if isinstance(text, str) else _number(text))
    item.setFlags(item.flags() & ~_editable())
    return item


def _editable():
    from PySide6.QtCore import Qt

    return Qt.ItemFlag.ItemIsEditable


def _number(value) -> str:
    value = float(value)
    return "nan" if np.isnan(value) else f"{value:.4g}"


class ConfusionMatrix(QTableWidget):
    """Counts, rows the true class and columns the predicted one, shaded by share of the row."""

    def show_matrix(self, matrix: np.ndarray, class_names: list[str]) -> None:
        n = len(matrix)
        names = list(class_names) if class_names and len(class_names) == n \
            else [str(i) for i in range(n)]
        self.clear()
        self.setRowCount(n)
        self.setColumnCount(n)
        self.setHorizontalHeaderLabels([f"pred {c}" for c in names])
        self.setVerticalHeaderLabels([f"true {c}" for c in names])
        totals = matrix.sum(axis=1, keepdims=True).clip(min=1)
        shares = matrix / totals
        base = self.palette().color(QPalette.ColorRole.Base)
        for r in range(n):
            for c in range(n):
                item = _item(str(int(matrix[r, c])))
                strength = int(40 + 215 * shares[r, c]) if matrix[r, c] else 0
                tint = QColor(31, 119, 180, strength) if r == c else QColor(214, 39, 40,
                                                                           strength)
                cell = over(base, tint)  # opaque, so the text colour is chosen against it
                item.setBackground(QBrush(cell))
                item.setForeground(QBrush(readable_text_on(cell)))
                self.setItem(r, c, item)
        self.resizeColumnsToContents()


class PredictedVersusTrue(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setLabel("bottom", "true")
        self.plot.setLabel("left", "predicted")
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        self.points = pg.ScatterPlotItem(size=5, pen=None, brush=pg.mkBrush(PALETTE[0]))
        self.diagonal = self.plot.plot(pen=pg.mkPen("#888888", width=1))
        self.plot.addItem(self.points)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def show_points(self, true: np.ndarray, predicted: np.ndarray) -> None:
        true = np.asarray(true, dtype=np.float64).ravel()
        predicted = np.asarray(predicted, dtype=np.float64).ravel()
        self.points.setData(true, predicted)
        finite = np.concatenate([true, predicted])
        finite = finite[np.isfinite(finite)]
        if finite.size:
            low, high = float(finite.min()), float(finite.max())
            self.diagonal.setData([low, high], [low, high])


class ResultsView(QWidget):
    """Fed by the training panel: `show_evaluation(metrics)`, `show_test_predictions(p)` for
    the matrix / scatter over the whole test split, `show_sample_predictions(p)` for the
    table. Asks for predictions with `predict_requested(split, first, count)`."""

    predict_requested = Signal(str, int, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.metrics = QTableWidget(0, 2)
        self.metrics.setObjectName("test_metrics")
        self.metrics.setHorizontalHeaderLabels(["test figure", "value"])
        self.metrics.horizontalHeader().setStretchLastSection(True)
        self.metrics.verticalHeader().setVisible(False)
        self.output = QComboBox()
        self.output.setObjectName("results_output")
        self.matrix = ConfusionMatrix()
        self.matrix.setObjectName("confusion_matrix")
        self.scatter = PredictedVersusTrue()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.matrix)
        self.stack.addWidget(self.scatter)
        self.first = QSpinBox()
        self.first.setRange(0, 10_000_000)
        self.count = QSpinBox()
        self.count.setRange(1, 1000)
        self.count.setValue(10)
        self.predict_button = QPushButton("Predict")
        self.predict_button.setObjectName("predict")
        self.predictions = QTableWidget(0, 0)
        self.predictions.setObjectName("predictions")
        self.note = QLabel(NOT_TRAINED)
        self.note.setObjectName("results_note")
        self.note.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.metrics)
        picker = QHBoxLayout()
        picker.addWidget(QLabel("Output"))
        picker.addWidget(self.output, 1)
        left_layout.addLayout(picker)
        left_layout.addWidget(self.stack, 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Test samples from"))
        controls.addWidget(self.first)
        controls.addWidget(QLabel("count"))
        controls.addWidget(self.count)
        controls.addWidget(self.predict_button)
        controls.addStretch(1)
        right_layout.addLayout(controls)
        right_layout.addWidget(self.predictions, 1)
        self.misclassified = MisclassifiedView()  # image data only
        right_layout.addWidget(self.misclassified, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(splitter, 1)
        self._test_predictions = None
        self.predict_button.clicked.connect(self._on_predict)
        self.output.activated.connect(self._show_output)

    def clear(self) -> None:
        self.metrics.setRowCount(0)
        self.predictions.setRowCount(0)
        self.predictions.setColumnCount(0)
        self.matrix.clear()
        self.output.clear()
        self.misclassified.clear()
        self._test_predictions = None
        self.note.setText(NOT_TRAINED)

    def show_evaluation(self, metrics: dict) -> None:
        self.metrics.setRowCount(len(metrics))
        for row, (key, value) in enumerate(metrics.items()):
            self.metrics.setItem(row, 0, _item(str(key)))
            self.metrics.setItem(row, 1, _item(value))
        self.metrics.resizeColumnToContents(0)  # whole figure names, e.g. aux_output_loss
        self.note.setText("Test figures of the trained model.")

    def show_test_predictions(self, predictions) -> None:
        """Predictions on the whole test split: feeds the confusion matrix or the scatter."""
        self._test_predictions = predictions
        self.misclassified.show_predictions(predictions)
        self.output.clear()
        self.output.addItems(list(predictions.outputs))
        self._show_output()

    @Slot()
    def _show_output(self, *_args) -> None:
        if self._test_predictions is None or not self.output.currentText():
            return
        out = self._test_predictions.outputs[self.output.currentText()]
        if out.task == "classification":
            self.matrix.show_matrix(out.confusion_matrix(), out.class_names or [])
            self.stack.setCurrentWidget(self.matrix)
        else:
            self.scatter.show_points(out.true, out.predicted)
            self.stack.setCurrentWidget(self.scatter)

    def show_problem(self, text: str) -> None:
        """An answer to a button pressed here (Predict), said here."""
        self.note.setText(text)

    def show_sample_predictions(self, predictions) -> None:
        """One row per sample: true, predicted and, for classes, every probability."""
        headers = ["sample"]
        columns = []
        for name, out in predictions.outputs.items():
            prefix = f"{name} " if len(predictions.outputs) > 1 else ""
            headers += [f"{prefix}true", f"{prefix}predicted"]
            columns.append((out, "true"))
            columns.append((out, "predicted"))
            if out.probabilities is not None:
                names = out.class_names or [str(i) for i in range(out.probabilities.shape[1])]
                for k, cls in enumerate(names[:out.probabilities.shape[1]]):
                    headers.append(f"{prefix}P({cls})")
                    columns.append((out, k))
        self.predictions.clear()
        self.predictions.setColumnCount(len(headers))
        self.predictions.setHorizontalHeaderLabels(headers)
        self.predictions.setRowCount(len(predictions.indices))
        for row, index in enumerate(predictions.indices):
            self.predictions.setItem(row, 0, _item(str(int(index))))
            for col, (out, what) in enumerate(columns, start=1):
                self.predictions.setItem(row, col, _item(_cell(out, what, row)))
        self.predictions.resizeColumnsToContents()
        self.note.setText(f"Predictions for {len(predictions.indices)} {predictions.split} "
                          "samples.")

    @Slot()
    def _on_predict(self) -> None:
        self.predict_requested.emit("test", self.first.value(), self.count.value())


def _cell(out, what, row: int) -> str:
    if what == "true":
        value = out.true[row]
        if out.task == "classification" and out.class_names:
            return out.class_names[int(value)]
        return _number(value)
    if what == "predicted":
        return out.predicted_names()[row] if out.task == "classification" \
            else _number(out.predicted[row])
    return f"{float(out.probabilities[row, what]):.3f}"

"""The Results tab's grid of misclassified test images, each with its true and predicted
class. The images and labels come computed from the engine
(`engine.training.results.Predictions.misclassified`, made in the worker thread); this view
only draws them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from gui.training.data_preview import image_pixmap

COLUMNS = 8
PICTURE = 64
NONE_WRONG = "No test image is misclassified."


class MisclassifiedView(QWidget):
    """`show_predictions(predictions)` shows `predictions.misclassified`; hidden when the
    data is not images."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("misclassified")
        self.title = QLabel("")
        self.title.setObjectName("misclassified_title")
        self.cells = QWidget()
        self.grid = QGridLayout(self.cells)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.cells)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 1)
        self.shown: list = []  # the MisclassifiedImage items on show
        self.captions: list[QLabel] = []
        self.setVisible(False)

    def clear(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.shown, self.captions = [], []
        self.setVisible(False)

    def show_predictions(self, predictions, is_image: bool | None = None) -> None:
        """Shows the misclassified images of `predictions` (over the test split)."""
        self.clear()
        items = list(getattr(predictions, "misclassified", None) or [])
        if is_image is None:
            is_image = bool(getattr(predictions, "image_data", False) or items)
        if not is_image:
            return
        self.shown = items
        total = len(predictions.indices)
        out = next((o for o in predictions.outputs.values() if o.task == "classification"),
                   None)
        wrong = int((out.predicted != out.true).sum()) if out is not None else len(items)
        more = f", the first {len(items)} shown" if wrong > len(items) else ""
        self.title.setText(f"Misclassified test images: {wrong} of {total}{more} (true / "
                           "predicted)" if items else NONE_WRONG)
        for i, item in enumerate(items):
            cell = QWidget()
            box = QVBoxLayout(cell)
            box.setContentsMargins(2, 2, 2, 2)
            box.setSpacing(1)
            picture = QLabel()
            picture.setPixmap(image_pixmap(item.image, PICTURE))
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption = QLabel(f"#{item.index}\ntrue {item.true}\npred {item.predicted}")
            caption.setObjectName("misclassified_caption")
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(picture)
            box.addWidget(caption)
            self.captions.append(caption)
            self.grid.addWidget(cell, i // COLUMNS, i % COLUMNS)
        self.setVisible(True)

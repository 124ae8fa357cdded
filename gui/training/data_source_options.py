"""The Data tab's options of image and text data: digits / MNIST / Fashion-MNIST "as images",
an image folder's image size and colour mode, and a CSV file's text columns with their
vocabulary size and sequence length. Each edit is one undoable `set_section("data", ...)`;
the settings and their defaults are the engine's (`engine.sections.DATA`)."""

from __future__ import annotations

import copy

from PySide6.QtCore import QSignalBlocker, Slot
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QSpinBox, QWidget

from engine.sections import DATA
from gui.training.setting_widgets import check_box, choice_box, int_box, names_box, show, shown

# the `data.dataset` keys these options write, and the sources each belongs to
OPTION_SOURCES = {"as_images": ("sklearn", "keras"), "image_size": ("image_folder",),
                  "color_mode": ("image_folder",), "text_columns": ("csv",),
                  "max_tokens": ("csv",), "sequence_length": ("csv",)}
OPTION_KEYS = tuple(OPTION_SOURCES)
MAX_SIDE = 4096


def kept_options(old_dataset, dataset: dict) -> dict:
    """The options of `old_dataset` that still apply to the new `dataset` (the data form
    keeps them when it rewrites `data.dataset`)."""
    from engine.data.sources import AS_IMAGES

    old = old_dataset if isinstance(old_dataset, dict) else {}
    source = dataset.get("source")
    kept = {k: copy.deepcopy(old[k]) for k in OPTION_KEYS
            if k in old and source in OPTION_SOURCES[k]}
    if (source, dataset.get("name")) not in AS_IMAGES:
        kept.pop("as_images", None)
    return kept


class SourceOptions(QWidget):
    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        field = DATA.field
        self.as_images = check_box(field("dataset.as_images"))
        self.height = self._side("image_height")
        self.width = self._side("image_width")
        self.color_mode = choice_box(field("dataset.color_mode"))
        self.text_columns = names_box(field("dataset.text_columns"))
        self.max_tokens = int_box(field("dataset.max_tokens"))
        self.sequence_length = int_box(field("dataset.sequence_length"))
        self.widgets = {"dataset.as_images": self.as_images,
                        "dataset.color_mode": self.color_mode,
                        "dataset.text_columns": self.text_columns,
                        "dataset.max_tokens": self.max_tokens,
                        "dataset.sequence_length": self.sequence_length}
        size = QWidget()
        size_row = QHBoxLayout(size)
        size_row.setContentsMargins(0, 0, 0, 0)
        size_row.addWidget(self.height)
        size_row.addWidget(QLabel("x"))
        size_row.addWidget(self.width)
        size_row.addStretch(1)
        size.setToolTip(field("dataset.image_size").help)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("", self.as_images)
        form.addRow(field("dataset.image_size").title + " (h x w)", size)
        form.addRow(field("dataset.color_mode").title, self.color_mode)
        form.addRow(field("dataset.text_columns").title, self.text_columns)
        form.addRow(field("dataset.max_tokens").title, self.max_tokens)
        form.addRow(field("dataset.sequence_length").title, self.sequence_length)
        self.form = form
        self.rows = {"as_images": 0, "image_size": 1, "color_mode": 2, "text_columns": 3,
                     "max_tokens": 4, "sequence_length": 5}
        self.as_images.clicked.connect(self._on_edit)
        self.color_mode.activated.connect(self._on_edit)
        self.text_columns.editingFinished.connect(self._on_edit)
        for box in (self.height, self.width, self.max_tokens, self.sequence_length):
            box.editingFinished.connect(self._on_edit)
        document.section_changed.connect(self._on_section_changed)
        document.project_replaced.connect(self.refresh)
        self._refreshing = False
        self.refresh()

    def _side(self, name: str) -> QSpinBox:
        box = QSpinBox()
        box.setRange(1, MAX_SIDE)
        box.setObjectName(name)
        return box

    def dataset(self) -> dict:
        data = self.document.project.data or {}
        found = data.get("dataset")
        return found if isinstance(found, dict) else {}

    @Slot()
    def refresh(self) -> None:
        self._refreshing = True
        try:
            dataset = self.dataset()
            source = dataset.get("source", "")
            spec = self.document.project.data or {}
            blockers = [QSignalBlocker(w) for w in (*self.widgets.values(), self.height,
                                                    self.width)]
            for path, widget in self.widgets.items():
                show(widget, DATA.field(path), DATA.value(spec, path))
            size = DATA.value(spec, "dataset.image_size")
            if DATA.field("dataset.image_size").check(size) or len(size) != 2:
                size = DATA.default("dataset.image_size")
            self.height.setValue(int(size[0]))
            self.width.setValue(int(size[1]))
            del blockers
            any_shown = False
            for key, row in self.rows.items():
                visible = source in OPTION_SOURCES[key]
                if key == "as_images":
                    from engine.data.sources import AS_IMAGES

                    visible = (source, dataset.get("name")) in AS_IMAGES
                self.form.setRowVisible(row, visible)
                any_shown = any_shown or visible
            self.setVisible(any_shown)
        finally:
            self._refreshing = False

    @Slot()
    def _on_edit(self, *_args) -> None:
        if self._refreshing:
            return
        spec = copy.deepcopy(self.document.project.data or {})
        source = self.dataset().get("source", "")
        for path, widget in self.widgets.items():
            if source in OPTION_SOURCES[path.split(".", 1)[1]]:
                spec = DATA.with_value(spec, path, shown(widget, DATA.field(path)))
        if source == "image_folder":
            spec = DATA.with_value(spec, "dataset.image_size",
                                   [self.height.value(), self.width.value()])
        if spec != (self.document.project.data or {}):
            self.document.set_section("data", spec, "Change data settings")

    @Slot(str)
    def _on_section_changed(self, section: str) -> None:
        if section == "data":
            self.refresh()

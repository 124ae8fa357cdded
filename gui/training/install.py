"""Puts the data, training and results views into the editor window.

`install_training_ui(window, document)` is the one entry point: it uses the window's
`add_panel(title, widget, area)` / `add_tab(title, widget)` where they exist, and makes the
window's close wait for training (asking first) through an event filter, so the window's own
code need not know about training.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication

from gui.training.data_panel import DataCache, DataPanel
from gui.training.results import ResultsView
from gui.training.training_panel import TrainingPanel


@dataclass
class TrainingUI:
    data_panel: DataPanel
    training_panel: TrainingPanel
    results: ResultsView
    cache: DataCache
    close_guard: QObject


class _CloseGuard(QObject):
    """Asks before the window closes while training runs, then stops and joins the worker."""

    def __init__(self, window, training: TrainingPanel, data: DataPanel):
        super().__init__(window)
        self.training = training
        self.data = data

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Close:
            if not self.training.request_close():
                event.ignore()
                return True
            self.data.detach_load()
        return False


def install_training_ui(window, document) -> TrainingUI:
    """Creates the panels for `document` and adds them to `window`."""
    cache = DataCache(window)
    results = ResultsView()
    data_panel = DataPanel(document, cache)
    training_panel = TrainingPanel(document, cache, results)
    if hasattr(window, "add_tab"):
        window.add_tab("Data", data_panel)
        window.add_tab("Training", training_panel)
        window.add_tab("Results", results)
    elif hasattr(window, "add_panel"):
        area = Qt.DockWidgetArea.BottomDockWidgetArea
        window.add_panel("Data", data_panel, area)
        window.add_panel("Training", training_panel, area)
        window.add_panel("Results", results, area)
    guard = _CloseGuard(window, training_panel, data_panel)
    window.installEventFilter(guard)
    app = QApplication.instance()
    if app is not None:  # a last resort: never quit with the worker still running
        app.aboutToQuit.connect(training_panel.shutdown)
    return TrainingUI(data_panel, training_panel, results, cache, guard)

"""The Results tab reads well: confusion-matrix numbers contrast with their cells (WCAG AA)
on light and dark palettes, and whole figure names are shown."""

import numpy as np
import pytest
from PySide6.QtGui import QColor, QPalette

from gui.contrast import contrast_ratio
from gui.training.results import ResultsView

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

MATRIX = np.array([[50, 0, 1, 9], [2, 40, 0, 0], [30, 30, 30, 0], [0, 0, 0, 7]])


@pytest.mark.parametrize("base", ["#ffffff", "#1e1f22"])
def test_every_confusion_cell_is_readable_by_wcag_aa(qtbot, base):
    view = ResultsView()
    qtbot.addWidget(view)
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    view.matrix.setPalette(palette)
    view.resize(900, 600)
    view.show()
    view.matrix.show_matrix(MATRIX, ["a", "b", "c", "d"])
    for r in range(4):
        for c in range(4):
            item = view.matrix.item(r, c)
            background = item.background().color()
            assert background.alpha() == 255  # what is drawn is what was judged
            ratio = contrast_ratio(item.foreground().color(), background)
            assert ratio >= 4.5, (r, c, item.text(), background.name(), ratio)


def test_figure_names_are_shown_whole(qtbot):
    view = ResultsView()
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    names = ["loss", "main_output_loss", "aux_output_loss", "aux_output_root_mean_squared_error"]
    view.show_evaluation({name: 0.5 for name in names})
    table = view.metrics
    metrics = table.fontMetrics()
    for row, name in enumerate(names):
        assert table.item(row, 0).text() == name
        assert table.columnWidth(0) >= metrics.horizontalAdvance(name) + 8, name

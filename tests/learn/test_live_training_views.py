"""The live views of a real training run, driven through the Training tab: the decision
boundary painted is the model's prediction on the grid, hidden neurons' maps come with it, the
histograms (layer picked, epochs scrubbed with the keyboard) are np.histogram of the weights
sent, and resting the mouse on a canvas wire or card shows the weights' numbers."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from engine.learn.live_watch import BINS
from gui.canvas.view import CanvasView
from gui.learn.live_weights_hover import LiveWeightsHover
from tests.gui.training.conftest import (  # noqa: F401 (fixtures)
    TRAIN_TIMEOUT,
    _background_loads_end_with_the_test,
    tiny_regression_project,
    tiny_xor_project,
    training_panel,
)

pytestmark = [pytest.mark.gui, pytest.mark.slow,
              pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")]


def _train(qtbot, panel):
    with qtbot.waitSignal(panel.run_finished, timeout=TRAIN_TIMEOUT) as done:
        qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    assert done.args[0].reason == "finished"
    qtbot.waitUntil(lambda: not panel.busy, timeout=TRAIN_TIMEOUT)


def test_the_boundary_and_histograms_follow_a_real_training(qtbot, training_panel):  # noqa: F811
    document, panel = training_panel(tiny_xor_project(epochs=4))
    live = panel.live
    _train(qtbot, panel)
    assert live.tabText(0) == "Decision boundary"
    boundary = live.boundary
    frame = boundary.frame
    assert frame is live.latest and frame.epoch == 4
    model = panel.session.trainer.model  # training has ended: the GUI may read it now
    grid = live.plane.grid()
    size = live.plane.size
    predicted = model.predict(grid, verbose=0).reshape(size, size, -1)
    np.testing.assert_allclose(frame.surface, predicted, atol=1e-5)
    assert boundary.image.image is not None and boundary.image.image.shape[:2] == (size, size)
    assert len(boundary.points.data) == len(panel.session.trainer.prepared.splits["train"])
    assert "Epoch 4" in boundary.caption.text()
    assert list(boundary.neurons.images) == ["hidden"] and len(boundary.neurons.images["hidden"]) == 4

    histograms = live.histograms
    live.setCurrentWidget(histograms)
    epochs = [f[0] for f in histograms.frames]
    assert epochs[0] == 1 and epochs[-1] == 4
    histograms.layer_box.setCurrentText("hidden")
    histograms.slider.setFocus()
    qtbot.keyClick(histograms.slider, Qt.Key.Key_Home)
    epoch, name, weights, _gradients = histograms.shown()
    assert (epoch, name) == (1, "hidden")
    assert "after epoch 1" in histograms.epoch_label.text()
    qtbot.keyClick(histograms.slider, Qt.Key.Key_End)
    epoch, name, weights, gradients = histograms.shown()
    assert epoch == 4
    layer = model.get_layer("hidden")
    counts, edges = np.histogram(np.concatenate([w.ravel() for w in layer.get_weights()]),
                                 bins=BINS)
    np.testing.assert_array_equal(weights.counts, counts)
    np.testing.assert_allclose(weights.edges, edges)
    assert gradients.counts.sum() == layer.kernel.shape[0] * layer.units + layer.units
    bars = [i for i in histograms.weights_plot.getPlotItem().items
            if type(i).__name__ == "BarGraphItem"]
    assert len(bars) == 1

    # hovering the canvas: the wire into "hidden" shows its weight matrix, its card its bias
    view = CanvasView(document)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    hover = LiveWeightsHover(view, live)
    graph = document.graph
    hidden = graph.by_name("hidden")
    edge = next(e for e in graph.edges if e.target == hidden.id)
    wire = view.canvas.edges[edge]
    middle = wire.path().pointAtPercent(0.5)
    text = _hover(qtbot, view, view.mapFromScene(middle))
    kernel = layer.kernel.numpy()
    assert f"weights 2×4: mean {kernel.mean():.4g}" in text
    assert f"{kernel[1, 3]:+.4f}" in text
    card = view.canvas.nodes[hidden.id]
    text = _hover(qtbot, view, view.mapFromScene(card.mapToScene(card.card_rect().center())))
    bias = layer.bias.numpy()
    assert text.startswith("hidden · after epoch 4")
    assert f"bias 4: mean {bias.mean():.4g}" in text and f"{bias[0]:+.4f}" in text
    assert "outputs on 64 training samples" in text
    assert hover.text_at(QPoint(2, 2)) is None  # empty canvas: the usual (no) tooltip


def _hover(qtbot, view, pos):
    qtbot.mouseMove(view.viewport(), pos)
    event = QHelpEvent(QHelpEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    assert QToolTip.isVisible()
    return QToolTip.text()


def test_data_without_two_features_gets_histograms_only(qtbot, training_panel):  # noqa: F811
    _document, panel = training_panel(tiny_regression_project(epochs=2))
    _train(qtbot, panel)
    live = panel.live
    assert [live.tabText(i) for i in range(live.count())] == ["Weights over time"]
    assert live.latest.epoch == 2 and live.plane is None
    assert set(live.histograms.frames[-1][1]) == {"hidden", "value"}

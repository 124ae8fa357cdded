"""The live value of the weights a canvas item stands for, shown when the mouse rests on it.

A wire into a layer with weights stands for its weight matrix (shape, mean, smallest and
largest value, and every value for a small layer); a node card for its bias and its outputs'
statistics on a fixed batch of training samples. The numbers are the latest snapshot the
training thread sent (engine.learn.live_watch.LiveFrame), never read from the Keras model
in the GUI thread; a card already shown is refreshed when a new frame arrives.

    hover = LiveWeightsHover(canvas_view, live_view)   # live_view.latest, live_view.frame_shown
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPoint, Slot
from PySide6.QtWidgets import QToolTip

from gui.canvas.edge_item import EdgeItem
from gui.canvas.node_item import NodeItem

SMALL = 24  # a weight array with at most this many values is written out in full


def describe_array(label: str, values: np.ndarray) -> list[str]:
    values = np.asarray(values, dtype=float)
    shape = "×".join(str(s) for s in values.shape) or "1"
    lines = [f"{label} {shape}: mean {values.mean():.4g}, min {values.min():.4g}, "
             f"max {values.max():.4g}"]
    if values.size <= SMALL:
        rows = values.reshape(values.shape[0], -1) if values.ndim > 1 else values[None, :]
        lines += ["  " + "  ".join(f"{v:+.4f}" for v in row) for row in rows]
    return lines


def node_text(frame, name: str) -> str:
    """What the card of layer `name` says about the frame."""
    head = f"{name} · after epoch {frame.epoch}"
    weights = frame.weights.get(name)
    lines = [head]
    if weights is None:
        lines.append("no weights")
    else:
        if weights.activation:
            lines[0] += f" · {weights.layer_class}, {weights.activation}"
        if weights.bias is not None:
            lines += describe_array("bias", weights.bias)
        others = [k for k in weights.arrays if k not in ("kernel", "bias")]
        for key in others:
            lines += describe_array(key, weights.arrays[key])
    stats = frame.activations.get(name)
    if stats is not None:
        mean, low, high = stats
        lines.append(f"outputs on 64 training samples: mean {mean:.4g}, min {low:.4g}, "
                     f"max {high:.4g}")
    return "\n".join(lines)


def wire_text(frame, source: str, target: str) -> str:
    weights = frame.weights.get(target)
    head = f"{source} → {target} · after epoch {frame.epoch}"
    if weights is None or weights.kernel is None:
        return f"{head}\nno weights: “{target}” passes its input on"
    return "\n".join([head, *describe_array("weights", weights.kernel)])


class LiveWeightsHover(QObject):
    def __init__(self, view, live_view, parent=None):
        super().__init__(parent or view)
        self.view = view
        self.live = live_view
        self._shown_for = None  # (item, global position) of the card shown
        view.viewport().installEventFilter(self)
        live_view.frame_shown.connect(self._refresh)

    def text_for(self, item) -> str | None:
        """The card for a canvas item (a node card, a wire or one of their children), or None
        when no training has sent weights yet."""
        frame = self.live.latest
        if frame is None:
            return None
        graph = self.view.document.graph
        while item is not None and not isinstance(item, (NodeItem, EdgeItem)):
            item = item.parentItem()
        if isinstance(item, NodeItem):
            node = next((n for n in graph.nodes if n.id == item.node_id), None)
            return node_text(frame, node.name) if node is not None else None
        if isinstance(item, EdgeItem):
            names = {n.id: n.name for n in graph.nodes}
            source, target = names.get(item.edge.source), names.get(item.edge.target)
            if source is None or target is None:
                return None
            return wire_text(frame, source, target)
        return None

    def text_at(self, pos: QPoint) -> str | None:
        """The card for the item under viewport position `pos`."""
        for item in self.view.items(pos):
            text = self.text_for(item)
            if text is not None:
                return text
        return None

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.text_at(event.pos())
            if text is not None:
                QToolTip.showText(event.globalPos(), text, self.view.viewport())
                self._shown_for = (event.pos(), event.globalPos())
                return True
            self._shown_for = None
        return False

    @Slot(object)
    def _refresh(self, _frame) -> None:
        if self._shown_for is None or not QToolTip.isVisible():
            return
        pos, global_pos = self._shown_for
        text = self.text_at(pos)
        if text is not None:
            QToolTip.showText(global_pos, text, self.view.viewport())

"""A traced example shown on the canvas: under each node's card, a strip of its activations
(coloured as in the Trace view) and, under an output, its values beside the target; for a
two-feature input, each neuron's output over the input plane as a small heat map. These are
child items of the cards, so they move with them; a rebuilt scene drops them."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from gui.learn.trace_strips import cell_colour, map_image

CELLS = 16  # cells under a card (its width); the text gives the count
CELL = 11
GAP = 6
MAPS = 6  # neuron maps under a card
MAP_SIDE = 28


class ActivationStrip(QGraphicsItem):
    def __init__(self, values: np.ndarray, text: str, parent: QGraphicsItem):
        super().__init__(parent)
        self.values = np.asarray(values, dtype=float).ravel()
        self.text = text
        self.setPos(0, parent.boundingRect().bottom() + GAP)
        self.setZValue(-1)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, CELLS * CELL + 4, CELL + 18)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        scale = float(np.abs(self.values).max()) if self.values.size else 0.0
        painter.setPen(QPen(QColor("#868e96"), 0.5))
        for i, value in enumerate(self.values[:CELLS]):
            painter.setBrush(cell_colour(float(value), scale))
            painter.drawRect(QRectF(i * CELL, 0, CELL - 1, CELL - 1))
        font = QFont()
        font.setPointSize(7)
        painter.setFont(font)
        painter.setPen(QColor("#495057"))
        painter.drawText(QRectF(0, CELL + 1, 400, 16), Qt.AlignmentFlag.AlignLeft, self.text)


class NeuronMapsItem(QGraphicsItem):
    """Each neuron's output over the input plane, side by side."""

    def __init__(self, maps: np.ndarray, top: float, parent: QGraphicsItem):
        super().__init__(parent)
        self.maps = maps  # (size, size, units)
        self.images = [map_image(maps[:, :, k]) for k in range(min(maps.shape[2], MAPS))]
        self.setPos(0, top)
        self.setZValue(-1)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, MAPS * (MAP_SIDE + 3), MAP_SIDE + 2)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setPen(QPen(QColor("#868e96"), 0.5))
        for k, image in enumerate(self.images):
            target = QRectF(k * (MAP_SIDE + 3), 0, MAP_SIDE, MAP_SIDE)
            painter.drawImage(target, image)
            painter.drawRect(target)


def strip_text(node, target) -> str:
    flat = np.asarray(node.values, dtype=float).ravel()
    if target is not None:
        shown = " ".join(f"{v:.2f}" for v in flat[:4])
        wanted = " ".join(f"{v:g}" for v in np.ravel(target)[:4])
        return f"{shown}{' …' if flat.size > 4 else ''}  target {wanted}"
    return f"{flat.size} values, {flat.min():.2f} to {flat.max():.2f}"


def clear_trace(scene) -> None:
    for item in scene.nodes.values():
        for child in item.childItems():
            if isinstance(child, (ActivationStrip, NeuronMapsItem)):
                child.setParentItem(None)
                scene.removeItem(child)


def show_trace(scene, traced, maps=None) -> int:
    """Puts the traced sample's strips (and the neuron maps, when given) under the cards of
    the nodes it names; returns how many cards got them."""
    clear_trace(scene)
    graph = scene.document.graph
    shown = 0
    for node in traced.nodes:
        found = graph.by_name(node.name)
        item = scene.nodes.get(found.id) if found else None
        if item is None:
            continue
        target = traced.targets.get(node.name) if node.is_output else None
        strip = ActivationStrip(node.values, strip_text(node, target), item)
        if maps is not None and node.name in maps.maps:
            NeuronMapsItem(maps.maps[node.name], strip.pos().y() + CELL + 20, item)
        shown += 1
    return shown


def strips(scene) -> dict[str, ActivationStrip]:
    """The strips on the canvas now, by node id."""
    found = {}
    for node_id, item in scene.nodes.items():
        for child in item.childItems():
            if isinstance(child, ActivationStrip):
                found[node_id] = child
    return found


def map_items(scene) -> dict[str, NeuronMapsItem]:
    """The neuron maps on the canvas now, by node id."""
    found = {}
    for node_id, item in scene.nodes.items():
        for child in item.childItems():
            if isinstance(child, NeuronMapsItem):
                found[node_id] = child
    return found

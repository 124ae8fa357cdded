"""The canvas as a picture: PNG (raster, 2x) or SVG (vector, QSvgGenerator), the network
only, on the canvas colour, without grid, selection or drag highlights."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from engine.atomic_file import WriteError, atomic_write
from gui.canvas import style
from gui.canvas.edge_item import EdgeItem
from gui.canvas.far_layer import FarLayer
from gui.canvas.node_item import NodeItem

MARGIN = 30.0
OUTSIDE = 1000.0  # how far anything reaches out of the cards (a looping wire: 160 px)


def diagram_rect(scene) -> QRectF:
    """The cards and wires with a margin. Worked out from the graph's positions and the
    cards' heights, then whatever sticks out of the cards' rectangle (a wire looping
    backwards, a traced example's strips under a card), found with a few queries of the
    scene's index along its sides: Qt's itemsBoundingRect asked each of the 11,000 items
    of a 5,000-node project for its bounding rectangle, a Python call each."""
    nodes = scene.nodes
    if not nodes:
        return QRectF(0, 0, 200, 100).adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    graph = scene.document.graph
    xs, ys, bottoms = [], [], []
    for node_id, item in nodes.items():
        x, y = graph.node(node_id).position
        xs.append(x)
        ys.append(y)
        bottoms.append(y + item.height)
    port = style.PORT_RADIUS + 3  # the ports stick out of the card's sides
    left, top = min(xs) - port, min(ys) - 3
    rect = QRectF(left, top, max(xs) + style.NODE_WIDTH + port - left, max(bottoms) + 3 - top)
    reach = OUTSIDE
    bands = (QRectF(rect.left() - reach, rect.top() - reach, rect.width() + 2 * reach, reach),
             QRectF(rect.left() - reach, rect.bottom(), rect.width() + 2 * reach, reach),
             QRectF(rect.left() - reach, rect.top(), reach, rect.height()),
             QRectF(rect.right(), rect.top(), reach, rect.height()))
    seen = set()
    for band in bands:
        for item in scene.items(band):
            if id(item) in seen or isinstance(item, NodeItem | FarLayer):
                continue
            seen.add(id(item))
            if isinstance(item, EdgeItem):  # its bounds leave room for a label: the curve
                rect = rect.united(item.path().boundingRect())
            elif item.isVisible():
                rect = rect.united(item.sceneBoundingRect())
    return rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


@contextmanager
def _plain_items(scene):
    """Items paint uncached and without selection while the picture is drawn."""
    items = list(scene.nodes.values()) + list(scene.edges.values())
    far = scene.far_wires, scene.far_cards
    scene.set_far(False, False)  # every item draws itself in full (see far_layer)
    for item in items:
        item.exporting = True
        if item.cacheMode() != QGraphicsItem.CacheMode.NoCache:
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        yield
    finally:
        scene.set_far(*far)
        for item in items:
            item.exporting = False
        for item in scene.nodes.values():
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def _render(scene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    painter.fillRect(target, style.canvas_colour())
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    scene.exporting = True
    try:
        with _plain_items(scene):
            scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
    finally:
        scene.exporting = False


def export_png(scene, path, scale: float = 2.0) -> Path:
    """Raises engine.atomic_file.WriteError (naming the file and the cause) on failure."""
    source = diagram_rect(scene)
    image = QImage(QSize(int(source.width() * scale), int(source.height() * scale)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(1.0)
    painter = QPainter(image)
    try:
        _render(scene, painter, QRectF(0, 0, image.width(), image.height()), source)
    finally:
        painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise WriteError(path, None, "the picture could not be encoded as PNG")
    return atomic_write(path, bytes(buffer.data()))


def export_svg(scene, path, title: str = "Dendrite network") -> Path:
    """Raises engine.atomic_file.WriteError (naming the file and the cause) on failure."""
    source = diagram_rect(scene)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(int(source.width()), int(source.height())))
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setTitle(title)
    generator.setDescription("A network diagram drawn by Dendrite")
    painter = QPainter()
    if not painter.begin(generator):
        raise WriteError(path, None, "the picture could not be drawn as SVG")
    try:
        _render(scene, painter, QRectF(0, 0, source.width(), source.height()), source)
    finally:
        painter.end()
    return atomic_write(path, bytes(buffer.data()))

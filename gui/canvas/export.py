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

MARGIN = 30.0


def diagram_rect(scene) -> QRectF:
    """The cards and wires with a margin (Qt's own bounding rectangle of every item: one
    call instead of one per item, which cost 40 ms per fit at 5,000 nodes)."""
    rect = scene.itemsBoundingRect()
    if rect.isEmpty():
        rect = QRectF(0, 0, 200, 100)
    return rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


@contextmanager
def _plain_items(scene):
    """Items paint uncached and without selection while the picture is drawn."""
    items = list(scene.nodes.values()) + list(scene.edges.values())
    for item in items:
        item.exporting = True
        if item.cacheMode() != QGraphicsItem.CacheMode.NoCache:
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        yield
    finally:
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

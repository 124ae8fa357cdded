"""The network canvas: a QGraphicsScene drawn from the document's graph events, and its view."""

from gui.canvas.view import CanvasView

__all__ = ["CanvasView"]

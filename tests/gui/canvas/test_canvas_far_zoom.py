"""Zoomed far out (a big graph fitted in view) a card is a plain block in its group's colour,
drawn fast; close up it is the full card again."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from gui.canvas import style


def centre_colour(view, item):
    view.centerOn(item.sceneBoundingRect().center())
    QApplication.processEvents()
    image = view.viewport().grab().toImage()
    return image.pixelColor(view.mapFromScene(item.sceneBoundingRect().center()))


def test_far_out_a_card_is_a_block_of_its_header_colour_and_close_up_a_card(view):
    document = view.document
    dense = next(n.id for n in document.graph.nodes if n.type == "Dense")
    item = view.node_item(dense)
    view.resetTransform()
    view.scale(style.FAR_LOD / 2, style.FAR_LOD / 2)
    assert centre_colour(view, item) == style.header_colour(item.look.group)
    view.resetTransform()  # at 100% the card's body (not its header) is at its centre
    assert centre_colour(view, item) != style.header_colour(item.look.group)

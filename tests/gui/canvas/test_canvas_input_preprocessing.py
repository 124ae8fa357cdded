"""Each Input card says what an exported model does to its raw data ("standard scaling (in
export)"), in the engine's words, and follows the data section through edits and undo."""

from __future__ import annotations


def input_cards(view):
    return [view.node_item(n.id) for n in view.document.graph.nodes if n.type == "Input"]


def test_input_cards_show_the_scaling_an_export_puts_inside_and_follow_undo(view):
    cards = input_cards(view)
    assert len(cards) == 2
    for card in cards:
        assert card.look.preprocessing == "standard scaling (in export)"
        assert "standard scaling inside the model (Normalization)" in card.toolTip()
    dense = next(n for n in view.document.graph.nodes if n.type != "Input")
    assert view.node_item(dense.id).look.preprocessing == ""

    data = dict(view.document.project.data, scaling="none")
    view.document.set_section("data", data, "No scaling")
    for card in input_cards(view):
        assert card.look.preprocessing == ""
        assert "inside the model" not in card.toolTip()

    view.document.undo_stack.undo()
    for card in input_cards(view):
        assert card.look.preprocessing == "standard scaling (in export)"

"""A name shared by several nodes is one problem, and every card that carries it shows it."""

from __future__ import annotations


def test_every_card_of_a_shared_name_shows_the_error_and_renaming_clears_them(view):
    document = view.document
    renamed = [n.id for n in document.graph.nodes if n.type != "Input"][:3]
    for node_id in renamed:
        document.rename(node_id, "twin")
    shared = [p for p in document.analysis().problems if p.code == "duplicate_name"]
    assert len(shared) == 1 and shared[0].message.startswith("3 layers are named 'twin'")
    for node_id in renamed:
        item = view.node_item(node_id)
        assert item.look.severity == "error"
        assert "3 layers are named &#x27;twin&#x27; (n3, n4, n5)" in item.toolTip()
    document.undo_stack.undo()  # the third is named as before: two twins left
    assert "2 layers are named &#x27;twin&#x27; (n3, n4)" in view.node_item(renamed[0]).toolTip()
    assert view.node_item(renamed[2]).look.severity == ""

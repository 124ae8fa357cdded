"""The engine's listener lists hold a bound method weakly and a plain function strongly."""

import gc

from engine.graph import Graph
from engine.project import Project


class _View:
    def __init__(self):
        self.heard = []

    def on_event(self, event):
        self.heard.append(event)


def test_a_view_listening_to_the_graph_is_not_kept_alive_by_it():
    graph = Graph()
    view = _View()
    graph.subscribe(view.on_event)
    graph.add_node("Dense")
    assert len(view.heard) == 1
    del view
    gc.collect()
    graph.add_node("Dense")  # a listener that is gone is skipped, not called
    graph.unsubscribe(print)  # removing one never added changes nothing


def test_plain_functions_stay_subscribed_and_unsubscribe_works():
    project = Project()
    heard = []
    project.subscribe_sections(heard.append)
    project.set_section("name", "a")
    project.unsubscribe_sections(heard.append)
    project.set_section("name", "b")
    assert [e.new for e in heard] == ["a"]
    view = _View()
    project.subscribe_sections(view.on_event)
    project.set_section("name", "c")
    project.unsubscribe_sections(view.on_event)
    project.set_section("name", "d")
    assert [e.new for e in view.heard] == ["c"]

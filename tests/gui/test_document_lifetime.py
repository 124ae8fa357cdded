"""A document is freed the moment its last reference goes, never left in a reference cycle
for Python's garbage collector. The collector frees the objects of a cycle in no particular
order: it once let go of a document's undo commands before the document, whose undo stack
then deleted them again and crashed the test process (a DataPanel test followed by another)."""

import gc
import weakref

from engine.project_io import load_project
from gui.canvas.scene import CanvasScene
from gui.document import Document
from tests.conftest import PROJECTS


def _edited_document() -> Document:
    document = Document(load_project(PROJECTS / "wide_and_deep_aux_output.dendrite"))
    dense = document.add_node("Dense", (10.0, 10.0))
    document.set_param(dense, "units", 7)
    document.rename(dense, "extra")
    document.set_section("data", {**(document.project.data or {}), "scaling": "none"})
    document.set_section("training", {"epochs": 3})
    document.auto_layout()
    document.undo_stack.undo()
    return document


def test_an_edited_document_is_freed_as_soon_as_it_is_dropped(qapp):
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        document = _edited_document()
        alive = weakref.ref(document)
        heard = []
        document.section_changed.connect(heard.append)
        document.set_section("name", "renamed")
        assert heard == ["name"]  # the document hears the project's own section events
        del document
        assert alive() is None
    finally:
        if was_enabled:
            gc.enable()


def test_a_document_shown_on_a_canvas_is_freed_with_the_canvas(qapp):
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        document = _edited_document()
        scene = CanvasScene(document)
        alive_document, alive_scene = weakref.ref(document), weakref.ref(scene)
        del document, scene
        assert alive_scene() is None
        assert alive_document() is None
    finally:
        if was_enabled:
            gc.enable()

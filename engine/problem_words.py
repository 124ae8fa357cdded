"""A problem as people read it: the node's name and a place in the window ("Data tab >
Dataset") instead of internal ids and JSON paths ("node n8", "data.dataset"), which stay for
the command line and the file."""

from __future__ import annotations

from engine.sections import SECTIONS

TAB_OF_SECTION = {"data": "Data tab", "training": "Training tab"}


def place_in_window(where: str, node_name: str = "") -> str:
    """Where in the window the value of JSON path `where` is set ("" when not a section's)."""
    section, _, rest = (where or "").partition(".")
    tab = TAB_OF_SECTION.get(section)
    if tab is None:
        return ""
    if not rest:
        return tab
    head = rest.split(".")[0]
    if head in ("inputs", "targets"):
        what = "columns" if head == "inputs" else "target"
        return f"{tab} > {what} of {node_name}" if node_name else f"{tab} > {what}"
    try:
        title = SECTIONS[section].field(rest).title
    except KeyError:
        title = head.replace("_", " ")
    return f"{tab} > {title[:1].upper()}{title[1:]}"


def for_people(problem) -> str:
    """"Error in dense_1: ..." or "Warning (Data tab > Dataset): ..."."""
    head = problem.severity.capitalize()
    place = place_in_window(getattr(problem, "where", ""), problem.node_name)
    if place:
        head += f" ({place})"
    elif problem.node_id is not None:
        head += f" in {problem.node_name or 'a node'}"
    return f"{head}: {problem.message}"

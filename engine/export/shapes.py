"""What an export needs besides the graph: the shapes of Inputs left without one (taken from
the bound data, as training does) and the model's name."""

from __future__ import annotations

from engine.names import name_problem
from engine.validation import analyse

DEFAULT_MODEL_NAME = "dendrite_model"


def bound_shapes_for(project) -> dict | None:
    """None when every Input has a shape; else the shapes of the data bound to them."""
    graph = project.graph
    unshaped = [n for n in graph.nodes if n.kind is not None and n.kind.is_input
                and n.kind.resolved(n.params).get("shape") is None]
    if not unshaped:
        return None
    from engine.data import bind, prepare_data
    from engine.export.weights import ExportError

    base = project.path.parent if project.path else None
    try:
        binding = bind(graph, project.data, prepare_data(project.data, base))
    except Exception as exc:  # the data cannot be loaded: say which Input needs a shape
        names = ", ".join(n.name for n in unshaped)
        raise ExportError(f"Input {names} has no shape and its data cannot be loaded "
                          f"({exc}): give it a shape") from None
    return binding.bound_shapes


def model_name(project) -> str:
    """The Keras model's name: the imported model's own, else Dendrite's default."""
    imported = (project.extra.get("imported_from") or {}).get("model_name")
    if isinstance(imported, str) and name_problem(imported) is None:
        return imported
    return DEFAULT_MODEL_NAME


def check_graph(project, bound_shapes=None):
    """The analysis, or ExportError listing the graph's errors."""
    from engine.export.weights import ExportError

    analysis = analyse(project.graph, bound_shapes)
    if not analysis.ok:
        raise ExportError("the graph has errors; fix them before exporting:\n"
                          + "\n".join(p.describe() for p in analysis.errors))
    return analysis

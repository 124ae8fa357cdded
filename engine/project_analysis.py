"""The analysis of a whole project: the graph's, with the Inputs' shapes taken from the bound
data (known without loading it), each Output's encoding and units, and the checks of the
`data` and `training` sections. Validation, the summary, `check`, the editor's Problems panel,
training and code generation all read this one analysis."""

from __future__ import annotations

from engine.data.binding import Binding, bind_inputs, planned_outputs
from engine.data.data_shape import data_shape
from engine.data.errors import DataError
from engine.search.space import settings_searches
from engine.sections import DATA
from engine.training.settings import settings_problems
from engine.validation import ERROR, NO_SHAPE, WARNING, Analysis, Problem, analyse

SECTION_CODE = "section"
BINDING_CODE = "binding"
DATA_CODE = "data"


def analyse_project(project) -> Analysis:
    graph = project.graph
    found = [Problem(None, ERROR, p.message, SECTION_CODE, where=p.where)
             for p in DATA.problems(project.data) + settings_problems(project.training)]
    found += [Problem(None, WARNING, message, "search", where=where)  # a searched setting
              for where, error, message in settings_searches(project.training) if not error]
    binding = data_binding(project, found)
    analysis = analyse(graph, binding.bound_shapes if binding else None)
    if binding is not None:
        binding.outputs = planned_outputs(graph, project.data, analysis)
        found += [Problem(p.node_id if graph.has_node(p.node_id or "") else None, p.severity,
                          p.message, BINDING_CODE, p.node_name,
                          f"data.inputs.{p.node_id}" if graph.has_node(p.node_id or "")
                          else "data")
                  for p in binding.problems]
        # an Input whose binding failed has no shape; the binding's message says why
        unbound = {p.node_id for p in binding.errors}
        analysis.problems = [p for p in analysis.problems
                             if not (p.code == NO_SHAPE and p.node_id in unbound)]
    analysis.binding = binding
    order = {n.id: i for i, n in enumerate(graph.nodes)}
    analysis.problems = sorted(found + analysis.problems,
                               key=lambda p: -1 if p.node_id is None else order[p.node_id])
    return analysis


def data_binding(project, problems: list[Problem]) -> Binding | None:
    """The binding of the project's Inputs to its dataset's columns, from the dataset's shape;
    None when no dataset is chosen or it cannot be read (said in `problems`)."""
    data = project.data
    if not isinstance(data, dict) or not data.get("dataset"):
        return None
    base = project.path.parent if project.path is not None else None
    try:
        shape = data_shape(data["dataset"], base)
    except DataError as exc:
        problems.append(Problem(None, WARNING, f"the data cannot be read: {exc}", DATA_CODE,
                                where="data.dataset"))
        return None
    return bind_inputs(project.graph, data, shape)

"""A parameter value may be a search instead of a value:

    "units": {"search": {"min": 8, "max": 64, "step": 8}}
    "learning_rate": {"search": {"min": 1e-4, "max": 1e-1, "sampling": "log"}}
    "activation": {"search": ["relu", "tanh"]}

on a node's numeric or choice parameter, and on the training settings in SEARCHABLE_SETTINGS.
`search_space(project)` finds and checks them (each problem names the node or setting);
`apply_values(project, values)` writes chosen values in their place.

A layer with one input and one output can be repeated (the "how many hidden layers"
question): `"repeat": {"search": {"min": 1, "max": 5}}` among its parameters makes each trial
build 1 to 5 copies of it in a chain, where the drawn one stands (`expand_repeats`).

Outside a search (Start, check, summary, export of the model) a search is one value, the one
`trained_value` says: the low end of a range, the first value of a list, a repeated layer
once. Validation reports each search once as a warning saying so (`search_note`)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from engine.errors import DendriteError
from engine.params import BOOL, CHOICE, FLOAT, INT, ParamSpec, show_value

SEARCH = "search"
SEARCHABLE_SETTINGS = ("optimizer.name", "optimizer.learning_rate", "optimizer.momentum",
                       "batch_size")
RANGE_KEYS = {"min", "max", "step", "sampling"}
SAMPLINGS = ("linear", "log")
REPEAT = "repeat"  # the node parameter that repeats a layer in a search
MAX_REPEAT = 20
REPEAT_SPEC = ParamSpec(REPEAT, INT, 1, "Search only: each trial builds this many copies of "
                        "the layer, one after the other (the number of hidden layers). "
                        "Outside a search the layer is used once.", minimum=1,
                        maximum=MAX_REPEAT, label="repeat")


class SearchSpaceError(DendriteError):
    """One or more searches that cannot run; the message has one line per problem."""


@dataclass(frozen=True)
class Dimension:
    name: str  # "hidden.units", "training.optimizer.learning_rate"
    node_id: str | None  # None: a training setting
    key: str  # the node's parameter, or the setting's path
    spec: ParamSpec
    choices: tuple = ()
    low: float | None = None
    high: float | None = None
    step: float | None = None
    sampling: str = "linear"

    def declare(self, hp):
        """Declares this dimension on KerasTuner's HyperParameters; returns its value."""
        if self.choices:
            return hp.Choice(self.name, list(self.choices))
        if self.spec.type == INT:
            return hp.Int(self.name, int(self.low), int(self.high),
                          step=int(self.step) if self.step else None, sampling=self.sampling)
        return hp.Float(self.name, float(self.low), float(self.high), step=self.step,
                        sampling=self.sampling)

    def describe(self) -> str:
        if self.choices:
            return f"{self.name} in {show_value(list(self.choices))}"
        step = f" step {self.step:g}" if self.step else ""
        return f"{self.name} from {self.low:g} to {self.high:g}{step} ({self.sampling})"


def is_search(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {SEARCH}


def searchable(spec: ParamSpec | None) -> bool:
    """Whether a parameter can take a search (numbers, choices, true/false)."""
    return spec is not None and spec.type in (INT, FLOAT, CHOICE, BOOL)


def can_repeat(kind) -> bool:
    """Whether a layer kind can be repeated in a search: one input, an output, not an
    Input."""
    return (kind is not None and kind.max_inputs == 1 and kind.min_inputs == 1
            and kind.has_output)


def param_spec(kind, key: str) -> ParamSpec | None:
    """The spec of a node parameter, `repeat` included for the kinds that can repeat."""
    if key == REPEAT:
        return REPEAT_SPEC if can_repeat(kind) else None
    return kind.param(key) if kind is not None else None


def search_problem(spec: ParamSpec | None, value: Any, where: str = "") -> str | None:
    """Why `value` (a `{"search": ...}`) cannot be searched, in the words the search gives
    (without the place when `where` is empty); None when it can."""
    found, problems = [], []
    inner = value[SEARCH] if is_search(value) else value
    _read(where or "@", None, "", spec, inner, found, problems)
    if not problems:
        return None
    return problems[0][3:] if not where else problems[0]


def trained_value(spec: ParamSpec | None, value: Any) -> Any:
    """What a search stands for outside a search: the low end of a range, the first value
    of a list (the declared default when the search itself is bad); any other value as
    it is."""
    if not is_search(value):
        return value
    inner = value[SEARCH]
    if spec is not None and search_problem(spec, value) is None:
        return inner[0] if isinstance(inner, list) else inner["min"]
    return None if spec is None else spec.default


def show_search(value: Any) -> str:
    """A search as a short text: "16-128", "16-128 log", "relu | tanh"."""
    inner = value[SEARCH] if is_search(value) else value
    if isinstance(inner, list):
        return " | ".join(v if isinstance(v, str) else show_value(v) for v in inner)
    if isinstance(inner, dict):
        text = f"{show_value(inner.get('min'))}-{show_value(inner.get('max'))}"
        if inner.get("step") is not None:
            text += f" step {show_value(inner['step'])}"
        if inner.get("sampling") == "log":
            text += " log"
        return text
    return show_value(inner)


def search_note(kind, key: str, value: Any) -> tuple[bool, str]:
    """What validation says about a search in a node parameter: (is it an error, message),
    e.g. (False, "units is searched (16-128); outside a search training uses 16, the low
    end of the range"); (False, "") for nothing to say (a layer repeated once)."""
    spec = param_spec(kind, key)
    if key == REPEAT and not is_search(value):
        if value == 1 and not isinstance(value, bool) and spec is not None:
            return False, ""  # once: as drawn
        if spec is None:
            return True, f"{key}: only a layer with one input and one output can be repeated"
        return True, (f"{key}: a layer is repeated only in a search: write "
                      f'{{"search": {{"min": 1, "max": 5}}}}, got {show_value(value)}')
    problem = search_problem(spec, value)
    if problem is not None:
        if spec is None and key == REPEAT:
            problem = "only a layer with one input and one output can be repeated"
        return True, f"{key}: {problem}"
    inner = value[SEARCH]
    if key == REPEAT:
        used = "the layer once"
    elif isinstance(inner, list):
        used = f"{show_value(inner[0])}, the first value of the list"
    else:
        used = f"{show_value(inner['min'])}, the low end of the range"
    return False, (f"{key} is searched ({show_search(value)}); outside a search training "
                   f"uses {used}")


def plain_settings(training: Any) -> Any:
    """The training section with each search replaced by its `trained_value`."""
    from engine.sections import TRAINING

    if not isinstance(training, dict):
        return training
    out = {}
    for key, value in training.items():
        if is_search(value):
            spec = TRAINING.field(key) if key in SEARCHABLE_SETTINGS else None
            out[key] = trained_value(spec, value)
        elif isinstance(value, dict):
            out[key] = {k: trained_value(TRAINING.field(f"{key}.{k}")
                                         if f"{key}.{k}" in SEARCHABLE_SETTINGS else None, v)
                        for k, v in value.items()}
        else:
            out[key] = value
    return out


def settings_searches(training: Any) -> list[tuple[str, bool, str]]:
    """Each search among the training settings as (path, is it an error, message)."""
    from engine.sections import TRAINING

    if not isinstance(training, dict):
        return []
    found = []
    for path in _setting_paths(training):
        value = _lookup(training, path)
        if not is_search(value):
            continue
        spec = TRAINING.field(path) if path in SEARCHABLE_SETTINGS else None
        problem = search_problem(spec, value)
        if problem is not None:
            found.append((f"training.{path}", True, problem))
            continue
        inner = value[SEARCH]
        used = (f"{show_value(inner[0])}, the first value of the list"
                if isinstance(inner, list) else
                f"{show_value(inner['min'])}, the low end of the range")
        found.append((f"training.{path}", False, f"searched ({show_search(value)}); outside a "
                      f"search training uses {used}"))
    return found


def starting_search(spec: ParamSpec, value: Any, form: str) -> dict:
    """The search a field switched to `form` ("range" or "list") starts from, around the
    value it held: a range from the value up (or down, at the top of the allowed range), a
    list of the value and, for choices, the next choice."""
    if is_search(value):
        value = trained_value(spec, value)
    if value is None or spec.check(value) is not None:
        value = spec.default if spec.check(spec.default) is None else spec.minimum
    if form == "list":
        values = [value]
        others = [c for c in (spec.choices or ((True, False) if spec.type == BOOL else ()))
                  if c != value]
        if spec.type in (INT, FLOAT) and not spec.choices:
            bounds = starting_search(spec, value, "range")[SEARCH]
            others = [b for b in (bounds["max"], bounds["min"]) if b != value]
        values += others[:1]
        return {SEARCH: values}
    if spec.type not in (INT, FLOAT):
        raise ValueError(f"{spec.name} takes a list of choices, not a range")
    value = value if isinstance(value, int | float) else (spec.minimum or 0)
    candidates = ([value * 4, value + 4] if spec.type == INT else [value * 10, value + 1])
    for high in candidates:
        high = int(high) if spec.type == INT else float(high)
        if high > value and spec.check(high) is None:
            break
    else:
        high, value = value, (spec.minimum if spec.minimum is not None else value - 1)
        if spec.check(value) is not None and spec.type == FLOAT:
            value = high / 10
    found: dict[str, Any] = {"min": value, "max": high}
    return {SEARCH: found}


def search_space(project) -> list[Dimension]:
    """Every search in the project, checked; raises SearchSpaceError naming each bad one."""
    from engine.sections import TRAINING

    found, problems = [], []
    for node in project.graph.nodes:
        for key, value in node.params.items():
            if not is_search(value):
                if key == REPEAT and search_note(node.kind, key, value)[0]:
                    problems.append(f"{node.name}.{search_note(node.kind, key, value)[1]}")
                continue
            spec = param_spec(node.kind, key)
            where = f"{node.name}.{key}"
            if spec is None and key == REPEAT:
                problems.append(f"{where}: only a layer with one input and one output can "
                                "be repeated")
                continue
            _read(where, node.id, key, spec, value[SEARCH], found, problems)
    training = project.training or {}
    for path in _setting_paths(training):
        raw = _lookup(training, path)
        if is_search(raw):
            spec = TRAINING.field(path) if path in SEARCHABLE_SETTINGS else None
            _read(f"training.{path}", None, path, spec, raw[SEARCH], found, problems)
    if problems:
        raise SearchSpaceError("\n".join(problems))
    return found


def apply_values(project, values: dict[str, Any], dimensions: list[Dimension]) -> None:
    """Writes the chosen `values` (by dimension name) into the project in place of the
    searches (graph parameters and training settings); a repeated layer becomes that many
    copies in a chain (`expand_repeats`)."""
    repeats = {}
    for dim in dimensions:
        if dim.name not in values:
            continue
        if dim.key == REPEAT and dim.node_id is not None:
            repeats[dim.node_id] = int(values[dim.name])
        elif dim.node_id is not None:
            project.graph.set_param(dim.node_id, dim.key, values[dim.name])
        else:
            project.set_setting("training", dim.key, values[dim.name])
    expand_repeats(project.graph, repeats)


def expand_repeats(graph, counts: dict[str, int]) -> None:
    """Replaces each node in `counts` by that many copies of it in a chain (the first is the
    node itself, the others named after it: hidden, hidden_2, hidden_3...); the node's
    `repeat` parameter is removed. Every other search on the node is copied as it is, so
    apply the values first."""
    for node_id, count in counts.items():
        node = graph.node(node_id)
        graph.unset_param(node_id, REPEAT)
        leaving = list(graph.outputs_of(node_id))
        last = node_id
        for number in range(2, max(1, count) + 1):
            copy = graph.add_node(node.type, copy_params(node.params),
                                  graph.unique_name(f"{node.name}_{number}"),
                                  position=(node.position[0] + 40 * (number - 1),
                                            node.position[1] + 40 * (number - 1)))
            graph.connect(last, copy.id)
            last = copy.id
        if last == node_id:
            continue
        for edge in leaving:
            graph.disconnect(edge)
            graph.connect(last, edge.target, edge.target_port)


def _read(where, node_id, key, spec, search, found, problems) -> None:
    if spec is None or spec.type not in (INT, FLOAT, CHOICE, BOOL):
        problems.append(f"{where}: this parameter takes no search (only numbers and choices "
                        "can be searched)")
        return
    if isinstance(search, list):
        if not search:
            problems.append(f"{where}: the list of values to try is empty")
            return
        for number, choice in enumerate(search, start=1):
            bad = spec.check(choice)
            if bad is not None or choice is None:
                problems.append(f"{where}: value {number} of the list: {bad or 'null'}")
                return
        found.append(Dimension(where, node_id, key, spec, choices=tuple(search)))
        return
    if not isinstance(search, dict):
        problems.append(f"{where}: a search is a list of values or "
                        f"{{\"min\", \"max\"}}, got {show_value(search)}")
        return
    if spec.type not in (INT, FLOAT):
        problems.append(f"{where}: takes one of a list of choices, not a range: write "
                        f"{{\"search\": [...]}} with the values to try")
        return
    unknown = set(search) - RANGE_KEYS
    if unknown:
        problems.append(f"{where}: unknown key {sorted(unknown)[0]!r} in the range (it takes "
                        "min, max, step, sampling)")
        return
    low, high = search.get("min"), search.get("max")
    for name, bound in (("min", low), ("max", high)):
        bad = spec.check(bound)
        if bad is not None or bound is None:
            problems.append(f"{where}: {name}: {bad or 'a range needs min and max'}")
            return
    if low > high:
        problems.append(f"{where}: the range is backwards: min {low:g} is greater than max "
                        f"{high:g}")
        return
    if low == high:
        problems.append(f"{where}: the range from {low:g} to {high:g} is empty: give a "
                        "plain value, or a max above the min")
        return
    step = search.get("step")
    if step is not None and (not isinstance(step, int | float) or isinstance(step, bool)
                             or not math.isfinite(step) or step <= 0
                             or (spec.type == INT and step != int(step))):
        problems.append(f"{where}: step: expected a positive "
                        f"{'integer' if spec.type == INT else 'number'}, got {show_value(step)}")
        return
    sampling = search.get("sampling", "linear")
    if sampling not in SAMPLINGS:
        problems.append(f"{where}: sampling: expected \"linear\" or \"log\", got "
                        f"{show_value(sampling)}")
        return
    if sampling == "log" and low <= 0:
        problems.append(f"{where}: a log range needs a min above 0, got {low:g}")
        return
    found.append(Dimension(where, node_id, key, spec, low=low, high=high, step=step,
                           sampling=sampling))


def copy_params(params: dict) -> dict:
    import copy

    return copy.deepcopy(params)


def _setting_paths(training: dict) -> list[str]:
    """Every leaf path of the training section ("optimizer.learning_rate"), a search
    counting as a leaf."""
    out = []
    for key, value in training.items():
        if isinstance(value, dict) and not is_search(value):
            out += [f"{key}.{p}" for p in _setting_paths(value)]
        else:
            out.append(str(key))
    return out


def _lookup(spec: dict, path: str):
    value = spec
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def has_searches(project) -> bool:
    """Whether any node parameter or training setting of the project is a search."""
    if any(is_search(v) for n in project.graph.nodes for v in n.params.values()):
        return True
    return any(is_search(_lookup(project.training or {}, p))
               for p in _setting_paths(project.training or {}))


def plain_project(project):
    """A copy of the project as it trains outside a search: each search replaced by its
    `trained_value`, a repeated layer used once (the project itself when it has none)."""
    if not has_searches(project):
        return project
    copy = project.copy()
    graph = copy.graph
    for node in graph.nodes:
        for key, value in list(node.params.items()):
            if key == REPEAT:
                graph.unset_param(node.id, key)
            elif is_search(value):
                graph.set_param(node.id, key, trained_value(param_spec(node.kind, key), value))
    copy.set_section("training", plain_settings(copy.training))
    return copy

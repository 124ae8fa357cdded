"""Fuzz the project loader: mutated project files (wrong types, missing keys, huge numbers, deep
nesting, other encodings, truncation, random bytes) either load as a project that the rest of
the engine can use, or are refused with the engine's ProjectLoadError; never anything else.

Runs the profile's example count (ci: 200 each); HYPOTHESIS_PROFILE=thorough runs 10,000."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import ProjectLoadError
from engine.project_io import dumps, load_project, parse_project
from engine.summary import summarise
from engine.validation import analyse
from tests.engine.helpers import FIXTURES

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((ROOT / "projects").glob("*.dendrite")), FIXTURES / "cycle.dendrite",
           FIXTURES / "empty_slot.dendrite", FIXTURES / "param_out_of_range.dendrite"]
DOCS = [json.loads(p.read_text(encoding="utf-8")) for p in SOURCES]
# the text of this string becomes a number too large for a float (json reads it as inf)
HUGE_FLOAT = "\x00huge-float\x00"

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                      HealthCheck.data_too_large])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-10**30, 10**30),
    st.sampled_from([0, -1, 10**18, 2**63, 10**4000, -(10**4000), 1e308, -1e308, 5e-324,
                     float("nan"), float("inf"), HUGE_FLOAT]),
    st.floats(), st.text(max_size=20), st.sampled_from(
        ["", "Input", "Dense", "Output", "n1", "n2", "dendrite-project", "relu", "mse",
         "\ud800", "\u0000", "é/名前", "a" * 300]))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)


def paths(doc, limit: int = 40):
    """Every place in the document down to `limit` levels, as a tuple of keys and indices
    (iterative: a value nested thousands deep must not exhaust the stack here)."""
    stack = [((), doc)]
    while stack:
        prefix, value = stack.pop()
        yield prefix
        if len(prefix) >= limit:
            continue
        if isinstance(value, dict):
            stack.extend(((*prefix, k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*prefix, i), v) for i, v in enumerate(value))


def nested(depth: int, kind: str):
    value: object = 1
    for _ in range(depth):
        value = [value] if kind == "list" else {"k": value}
    return value


@st.composite
def mutated_docs(draw):
    doc = copy.deepcopy(draw(st.sampled_from(DOCS)))
    for _ in range(draw(st.integers(1, 3))):
        places = list(paths(doc))
        place = draw(st.sampled_from(places))
        if not place:
            continue
        parent = doc
        for step in place[:-1]:
            parent = parent[step]
        key = place[-1]
        action = draw(st.sampled_from(["replace", "replace", "delete", "deep", "add_key"]))
        if action == "replace":
            parent[key] = draw(values)
        elif action == "deep":
            parent[key] = nested(draw(st.integers(1, 3000)), draw(st.sampled_from(["list",
                                                                                   "dict"])))
        elif action == "delete":
            del parent[key]
        elif isinstance(parent, dict):
            parent[draw(st.text(max_size=8))] = draw(values)
    return doc


def to_text(doc) -> str:
    return json.dumps(doc, allow_nan=True).replace(
        json.dumps(HUGE_FLOAT), "1e999")



def usable(project) -> None:
    """A loaded project must work everywhere the app takes it next."""
    analysis = analyse(project.graph)
    summarise(project.graph, analysis)
    again = parse_project(dumps(project))
    assert again.to_dict() == project.to_dict()


def load_or_refuse(raw) -> None:
    try:
        project = parse_project(raw, source="fuzz.dendrite")
    except ProjectLoadError as exc:
        assert str(exc).startswith("fuzz.dendrite: ")
        return
    usable(project)


def as_text(doc) -> str:
    try:
        return to_text(doc)
    except RecursionError:
        return "[" * 100_000


# drawn as text: hypothesis cannot print a document nested thousands deep when it reports
@FUZZ
@given(mutated_docs().map(as_text))
def test_mutated_documents_load_or_are_refused(text):
    load_or_refuse(text)
    load_or_refuse(text.encode("utf-8", "surrogatepass"))


@st.composite
def mutated_bytes(draw) -> bytes:
    raw = to_text(draw(st.sampled_from(DOCS))).encode("utf-8")
    action = draw(st.sampled_from(["truncate", "flip", "insert", "encoding", "random",
                                   "nesting"]))
    if action == "truncate":
        return raw[:draw(st.integers(0, len(raw)))]
    if action == "flip":
        data = bytearray(raw)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    if action == "insert":
        at = draw(st.integers(0, len(raw)))
        return raw[:at] + draw(st.binary(min_size=1, max_size=16)) + raw[at:]
    if action == "encoding":
        text = raw.decode("utf-8").replace('"name": "', '"name": "Café–ü ', 1)
        encoding = draw(st.sampled_from(["utf-16", "utf-16-le", "utf-32", "latin-1",
                                         "cp1252", "utf-8-sig", "shift_jis"]))
        return text.encode(encoding, "replace")
    if action == "nesting":
        depth = draw(st.integers(500, 200_000))
        return (b'{"format": "dendrite-project", "version": 1, "graph": ' + b"[" * depth
                + b"]" * depth + b"}")
    return draw(st.binary(max_size=200))


@FUZZ
@given(mutated_bytes())
def test_damaged_files_load_or_are_refused(tmp_path_factory, raw):
    path = tmp_path_factory.getbasetemp() / "fuzz.dendrite"
    path.write_bytes(raw)
    try:
        project = load_project(path)
    except ProjectLoadError as exc:
        assert str(exc).startswith(str(path))
        return
    usable(project)


def test_a_refusal_names_the_json_path_of_the_bad_value():
    doc = copy.deepcopy(DOCS[0])
    doc["graph"]["edges"][1]["target_port"] = "one"
    try:
        parse_project(json.dumps(doc), source="p.dendrite")
    except ProjectLoadError as exc:
        assert str(exc) == ('p.dendrite: graph.edges[1].target_port: expected an integer >= 0, '
                            'got "one"')
    else:
        raise AssertionError("a bad target_port was accepted")

"""Big and hostile project files: a shared name reported once with its count, documented
limits refused before any work with the limit named, and long chains through `check` and
`summary` (their speed is measured in benchmarks/bench_scale.py, not asserted here)."""

from __future__ import annotations

import json

import pytest

from engine import limits
from engine.commands._project_commands import EXIT_ERRORS, EXIT_OK, EXIT_UNREADABLE, check, summary
from engine.errors import ProjectLoadError
from engine.project_io import load_project, project_from_dict
from tests.engine.helpers import chain_document


def write(tmp_path, document: dict, name: str = "big.dendrite"):
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def run(command, path, capsys) -> tuple[int, list[str], str]:
    code = command(str(path))
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_twenty_thousand_nodes_sharing_a_name_are_one_problem_with_a_count(tmp_path, capsys):
    path = write(tmp_path, chain_document(20_000, shared_name="same"))
    code, lines, _err = run(check, path, capsys)
    assert code == EXIT_ERRORS
    shared = [line for line in lines if "named 'same'" in line]
    assert shared == ["ERROR node n0 (same): 20,000 layers are named 'same' (n0, n1, n2, n3, n4 "
                      "and 19,995 more); Keras needs unique names"]
    assert lines[-1].endswith(": 1 error, 0 warnings")


def test_the_shared_name_problem_marks_every_node_that_carries_it(tmp_path):
    project = load_project(write(tmp_path, chain_document(50, shared_name="same")))
    from engine.validation import analyse

    (problem,) = analyse(project.graph).problems
    assert problem.code == "duplicate_name"
    assert [problem.node_id, *problem.also] == [f"n{i}" for i in range(50)]


@pytest.mark.parametrize("n_nodes", [20_000, pytest.param(100_000, marks=pytest.mark.slow)])
def test_a_long_unnamed_chain_checks_and_sums_up(tmp_path, capsys, n_nodes):
    path = write(tmp_path, chain_document(n_nodes))
    code, lines, err = run(check, path, capsys)
    assert (code, err) == (EXIT_OK, "")
    assert lines == [f"{path}: no problems"]
    code, lines, err = run(summary, path, capsys)
    assert (code, err) == (EXIT_OK, "")
    # names made on load, Keras style, each once: dense, dense_1, ... dense_{n-3}
    assert lines[4].startswith("input (InputLayer)")
    assert lines[5].startswith("dense (Dense)")
    assert lines[6].startswith("dense_1 (Dense)")
    assert lines[-6].startswith(f"dense_{n_nodes - 3} (Dense)")
    assert lines[-5].startswith("output (Identity)")
    assert lines[-3] == f"Total params: {20 * (n_nodes - 2):,}"  # Dense(4) on 4 values: 20


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, capsys):
    path = tmp_path / "huge.dendrite"
    with path.open("wb") as handle:  # sparse: the size is there, the bytes are not
        handle.truncate(limits.MAX_FILE_BYTES + 1)
    code, lines, err = run(check, path, capsys)
    assert code == EXIT_UNREADABLE and lines == []
    assert err.strip() == (f"ERROR {path}: the file is {limits.MAX_FILE_BYTES + 1:,} bytes; a "
                           f"project may be at most {limits.MAX_FILE_BYTES:,} bytes (64 MiB)")


def test_too_many_nodes_are_refused_with_the_limit_before_any_node_is_read():
    document = {"format": "dendrite-project", "version": 1,
                "graph": {"nodes": [{}] * (limits.MAX_NODES + 1), "edges": []}}
    with pytest.raises(ProjectLoadError) as refused:
        project_from_dict(document, "many.dendrite")
    assert str(refused.value) == (f"many.dendrite: graph.nodes: the project has "
                                  f"{limits.MAX_NODES + 1:,} nodes; a project may have at most "
                                  f"{limits.MAX_NODES:,}")


def test_too_many_edges_are_refused_with_the_limit():
    document = {"format": "dendrite-project", "version": 1,
                "graph": {"nodes": [], "edges": [{}] * (limits.MAX_EDGES + 1)}}
    with pytest.raises(ProjectLoadError, match=f"at most {limits.MAX_EDGES:,}$"):
        project_from_dict(document, "many.dendrite")


def test_nesting_past_the_limit_is_refused_naming_where():
    value: object = 1
    for _ in range(limits.MAX_NESTING):
        value = [value]
    document = chain_document(3)
    document["graph"]["nodes"][1]["params"]["units"] = value  # 4 levels above the list
    with pytest.raises(ProjectLoadError) as refused:
        project_from_dict(document, "deep.dendrite")
    message = str(refused.value)
    assert message.startswith("deep.dendrite: graph.nodes[1].params.units[0][0]")
    assert message.endswith(f"nested more than {limits.MAX_NESTING} levels deep; no project "
                            "needs that")


def test_nesting_just_within_the_limit_opens():
    value: object = 1
    for _ in range(limits.MAX_NESTING - 5):  # the top level, graph, nodes, [1], params, units
        value = [value]
    document = chain_document(3)
    document["graph"]["nodes"][1]["params"]["units"] = value
    project_from_dict(document, "deep.dendrite")  # opens; validation reports the bad units

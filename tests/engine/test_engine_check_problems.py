"""`main.py check FILE` on one small project per validation problem: the exit code, and the
message naming the node and the problem in plain words."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from engine.commands import check
from tests.engine.helpers import FIXTURES

CASES = {
    # fixture: (exit code, lines that must be printed, word for word)
    "cycle": (1, [
        "ERROR node n2 (join): is part of a cycle: join -> hidden_a -> hidden_b -> join",
        "ERROR node n3 (hidden_a): is part of a cycle: join -> hidden_a -> hidden_b -> join",
        "ERROR node n4 (hidden_b): is part of a cycle: join -> hidden_a -> hidden_b -> join"]),
    "empty_slot": (1, [
        "ERROR node n2 (join): input slot 1 has nothing connected",
        "ERROR node n4 (orphan): its input has nothing connected"]),
    "unreached_layer": (0, [
        "WARNING node n3 (dead_end): does not reach any Output: it is left out of the model"]),
    "unreached_input": (1, [
        "ERROR node n2 (forgotten): does not reach any Output: connect it, or remove it"]),
    "no_input": (1, ["ERROR: the graph has no Input node"]),
    "no_output": (1, ["ERROR: the graph has no Output node"]),
    "duplicate_names": (1, [
        "ERROR node n2 (hidden): 2 layers are named 'hidden' (n2, n3); Keras needs unique "
        "names"]),
    "bad_name": (1, [
        "ERROR node n2 (hidden/1): graph.nodes[1].name: name 'hidden/1' contains '/', which "
        "Keras refuses in layer names"]),
    "concatenate_one_input": (1, [
        "ERROR node n2 (join): Concatenate needs at least 2 inputs, has 1"]),
    "concatenate_shapes": (1, [
        "ERROR node n3 (join): inputs differ off the concatenation axis: (None, 4, 3) and "
        "(None, 5, 2) (axis -1)"]),
    "add_shapes": (1, [
        "ERROR node n3 (sum): Add needs inputs of one shape, got (None, 3) and (None, 4)"]),
    "dense_rank3": (0, [
        "WARNING node n2 (hidden): gets a tensor of shape (None, 28, 28): Dense acts on the "
        "last axis only; insert Flatten before it to use every value"]),
    "valid": (0, []),
}


def run_check(capsys, name: str) -> tuple[int, list[str], str]:
    path = FIXTURES / f"{name}.dendrite"
    code = check.run(argparse.Namespace(file=str(path)))
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_reports_the_problem(capsys, name):
    expected_code, expected_lines, = CASES[name]
    code, lines, err = run_check(capsys, name)
    assert code == expected_code, lines
    assert err == ""
    for line in expected_lines:
        assert line in lines
    # one line per problem, then the count
    problems = [line for line in lines if line.startswith(("ERROR", "WARNING"))]
    assert len(problems) == len(lines) - 1
    errors = sum(line.startswith("ERROR") for line in problems)
    if not problems:
        assert lines == [f"{FIXTURES / name}.dendrite: no problems"]
    else:
        assert lines[-1].endswith(f": {errors} error{'s' * (errors != 1)}, "
                                  f"{len(problems) - errors} warning"
                                  f"{'s' * (len(problems) - errors != 1)}")
    assert (errors > 0) == (code == 1)


def test_a_parameter_out_of_range_names_its_json_path_and_the_range(capsys):
    code, lines, _ = run_check(capsys, "param_out_of_range")
    assert code == 1
    units = next(line for line in lines if line.startswith("ERROR node n2 (hidden)"))
    assert "graph.nodes[1].params.units" in units
    assert "expected an integer from 1 up to 1000000, got 0" in units
    rate = next(line for line in lines if line.startswith("ERROR node n3 (drop)"))
    assert "graph.nodes[2].params.rate" in rate
    assert "expected a number from 0 below 1, got 1.5" in rate


def test_an_unreadable_file_gets_exit_2_and_the_place(capsys):
    code, lines, err = run_check(capsys, "broken_json")
    assert code == 2
    assert lines == []
    assert "not valid JSON" in err and "line 2, column 22" in err


def test_main_py_check_exit_codes(tmp_path):
    """The real command line: 0 without errors, 1 with errors, 2 for a file that is not a
    project, each with its message."""
    not_a_project = tmp_path / "notes.dendrite"
    not_a_project.write_text('{"title": "my notes"}', encoding="utf-8")
    runs = {
        FIXTURES / "dense_rank3.dendrite": (0, "insert Flatten"),
        FIXTURES / "cycle.dendrite": (1, "is part of a cycle: join -> hidden_a"),
        not_a_project: (2, "not a Dendrite project"),
        tmp_path / "missing.dendrite": (2, "cannot read the file"),
    }
    for path, (code, message) in runs.items():
        done = subprocess.run([sys.executable, "main.py", "check", str(path)],
                              cwd=FIXTURES.parents[2], capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == code, (path, done.stdout, done.stderr)
        assert message in done.stdout + done.stderr
        assert "Traceback" not in done.stderr

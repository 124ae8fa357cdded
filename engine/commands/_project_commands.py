"""The headless commands behind `main.py`: each reads a project and prints plain text."""

from __future__ import annotations

import sys
from typing import TextIO

from engine.errors import ProjectLoadError
from engine.project_analysis import analyse_project
from engine.project_io import load_project
from engine.summary import format_summary, summarise

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


def check(path: str, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Prints every problem, one a line; 0 without errors, 1 with, 2 if unreadable."""
    # sys.stdout read at call time, so redirect_stdout and test capture see the output
    out, err = out or sys.stdout, err or sys.stderr
    try:
        project = load_project(path)
    except ProjectLoadError as exc:
        print(f"ERROR {exc}", file=err)
        return EXIT_UNREADABLE
    analysis = analyse_project(project)
    for problem in analysis.problems:
        print(problem.describe(), file=out)
    errors, warnings = len(analysis.errors), len(analysis.warnings)
    if not analysis.problems:
        print(f"{path}: no problems", file=out)
    else:
        print(f"{path}: {errors} error{'s' * (errors != 1)}, "
              f"{warnings} warning{'s' * (warnings != 1)}", file=out)
    return EXIT_ERRORS if errors else EXIT_OK


def summary(path: str, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        project = load_project(path)
    except ProjectLoadError as exc:
        print(f"ERROR {exc}", file=err)
        return EXIT_UNREADABLE
    analysis = analyse_project(project)
    from engine.export.input_preprocessing import project_input_preprocessing

    stages = project_input_preprocessing(project)
    print(format_summary(summarise(project.graph, analysis, stages), project.name), file=out)
    if analysis.errors:
        print("", file=out)
        for problem in analysis.errors:
            print(problem.describe(), file=out)
        return EXIT_ERRORS
    return EXIT_OK

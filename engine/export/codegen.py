"""`generate_code(project, style)`: a standalone Python script that rebuilds the project's
model, loads the same data with the same preprocessing and split, compiles and trains it as
Dendrite does (optimizer, losses, loss weights, metrics, callbacks), evaluates and saves.

The script reads like the book: load the data, split, scale, build, compile, fit, evaluate,
save. Everything the user typed reaches it as data: strings through `repr`, names through
`identifier`, comments through `comment_text`. Run it with `--build-only` to build the model
without data and `--dump-config OUT.json` to write its config and summary. Only when the
project trains on several devices, or `distribution=True`, does it take `--strategy
mirrored|multi_host` (read before the Keras imports, which then carry `noqa: E402`)."""

from __future__ import annotations

from engine.compiler import compile_arguments, layer_calls
from engine.errors import DendriteError
from engine.export.codegen_data import (
    DataCodeError,
    binding_code,
    data_constants,
    loader_code,
    split_code,
)
from engine.export.codegen_distribution import STDLIB_IMPORTS, distribution_code, early_code
from engine.export.codegen_model import (
    FUNCTIONAL,
    SEQUENTIAL,
    SUBCLASSING,
    ModelCodeError,
    ModelWriter,
)
from engine.export.codegen_train import main_code, training_code
from engine.export.identifiers import comment_text, literal
from engine.export.shapes import bound_shapes_for, check_graph, model_name
from engine.model_io import OUTPUTS, key_of, keyed_arguments
from engine.sections import scaling_of
from engine.training.settings import read_settings

STYLES = (FUNCTIONAL, SEQUENTIAL, SUBCLASSING)


class CodegenError(DendriteError):
    """The project cannot be written as code; the message says why."""


def styles_for(project, bound_shapes=None) -> list[str]:
    """The styles this project can be written in (Sequential only for a single chain; the
    KerasTuner search styles when it has searches)."""
    from engine.export.codegen_search import SEARCH_STYLES
    from engine.search.space import has_searches, plain_project

    searches = list(SEARCH_STYLES) if has_searches(project) else []
    project = plain_project(project)
    analysis = check_graph(project, bound_shapes or bound_shapes_for(project))
    writer = ModelWriter(project.graph, analysis, {}, project.name)
    return [s for s in STYLES if s != SEQUENTIAL or writer.is_chain()] + searches


def generate_code(project, style: str = FUNCTIONAL, bound_shapes=None,
                  distribution: bool = False) -> str:
    """The script's text, with the distribution options when the project's training asks
    for a strategy or `distribution` is set. Raises CodegenError (or ExportError for a
    graph with errors)."""
    from engine.export.codegen_search import SEARCH_STYLES, generate_search_code
    from engine.search.space import plain_project

    if style in SEARCH_STYLES:  # the project's search itself, as KerasTuner code
        return generate_search_code(project, SEARCH_STYLES[style], bound_shapes)
    project = plain_project(project)  # a searched value is written as the value it trains
    if style not in STYLES:
        raise CodegenError(f"unknown style {style!r}: choose one of {', '.join(STYLES)}")
    if bound_shapes is None:
        bound_shapes = bound_shapes_for(project)
    analysis = check_graph(project, bound_shapes)
    graph = project.graph
    calls = layer_calls(graph, analysis)
    writer = ModelWriter(graph, analysis, calls, project.name)
    try:
        model_lines = writer.write(style)
    except ModelCodeError as exc:
        raise CodegenError(str(exc)) from None
    has_data = bool((project.data or {}).get("dataset"))
    data_imports, data_lines = [], []
    if has_data:
        try:
            data_imports, loader = loader_code(project)
        except DataCodeError as exc:
            raise CodegenError(str(exc)) from None
        inputs = [graph.node(n) for n in writer.inputs]
        outputs = [graph.node(n) for n in writer.outputs]
        own_test = (project.data["dataset"] or {}).get("source") == "keras"
        if scaling_of(project.data) == "standard":
            data_imports = [*data_imports, "from sklearn.preprocessing import StandardScaler"]
        words = bool((project.data["dataset"] or {}).get("text_columns"))
        data_lines = (loader + ["", ""] + split_code(scaling_of(project.data), own_test, words)
                      + ["", ""]
                      + binding_code(project, analysis, inputs, outputs))
    # a model giving a dict is compiled by its outputs' keys (engine.model_io)
    arguments = keyed_arguments(graph, compile_arguments(graph, project.training))
    output_names = [key_of(graph, OUTPUTS, graph.node(n)) for n in writer.outputs]
    trainable = all(name in arguments["loss"] for name in output_names)
    settings = read_settings(project.training)
    distributed = distribution or settings.distribution != "none"
    train_imports, train_lines, constants = training_code(
        project, arguments, output_names, style, trainable, distributed)
    distribution_lines = (distribution_code(has_data, has_data and bool(settings.checkpoint))
                          if distributed else [])
    noqa = "  # noqa: E402" if distributed else ""
    header = [
        f"# {comment_text('Generated by Dendrite from the project ' + repr(project.name), 96)}",
        f"# Model style: {style}. Run it with --help for its options.",
        '"""Rebuilds, trains, evaluates and saves a model designed in Dendrite."""',
        "",
        *import_block(["import argparse", "import json",
                       *(STDLIB_IMPORTS if distributed else [])]),
        *(early_code(settings.distribution, settings.devices) + [""] if distributed else []),
        *import_block(["import keras", "from keras import layers", *data_imports,
                       *train_imports, *(["import numpy as np"] if has_data else [])],
                      suffix=noqa),
        f"PROJECT_NAME = {literal(project.name)}",
        f"MODEL_NAME = {literal(model_name(project))}",
        *constants,
        *(data_constants(project) if has_data else []),
    ]
    body = [*data_lines, "", "", *model_lines, "", "", *train_lines, "", "",
            *distribution_lines, "", "",
            *main_code(style, has_data, distributed, "def callbacks(" in "\n".join(train_lines),
                       trainable)]
    text = "\n".join(header + (["", ""] if data_lines else []) + body).strip("\n") + "\n"
    return _tidy(text)


STDLIB = ("argparse", "contextlib", "importlib", "json", "os", "sys")


def import_block(lines: list[str], suffix: str = "") -> list[str]:
    """The script's imports in isort's order: standard library, then third party; plain
    imports before from-imports; names from one module merged; `suffix` ends each line."""
    plain: set[str] = set()
    from_: dict[str, set[str]] = {}
    for line in lines:
        if line.startswith("from "):
            module, _, names = line[5:].partition(" import ")
            from_.setdefault(module, set()).update(n.strip() for n in names.split(","))
        else:
            plain.add(line)
    out: list[str] = []
    for stdlib in (True, False):
        group = sorted(p for p in plain if (p.split()[1].split(".")[0] in STDLIB) == stdlib)
        group += [f"from {m} import {', '.join(sorted(from_[m]))}" for m in sorted(from_)
                  if (m.split(".")[0] in STDLIB) == stdlib]
        if group:
            out += [line + suffix for line in group] + [""]
    return out


def _tidy(text: str) -> str:
    """At most two blank lines in a row, no trailing spaces."""
    out: list[str] = []
    blanks = 0
    for line in text.split("\n"):
        line = line.rstrip()
        blanks = blanks + 1 if not line else 0
        if blanks <= 2:
            out.append(line)
    return "\n".join(out)

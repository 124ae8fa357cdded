"""What preprocessing each Input gets inside an exported model (the default raw form), in
words, for the summary and the canvas: the data's scaling as a Keras layer and, for a CSV
file the app encodes (text columns, gaps), the per-column inputs with their lookups and gap
filling, a column read as words (`data.dataset.text_columns`) through a TextVectorization
with the app's vocabulary (engine.export.preprocessing builds these layers). Reads only the
data section and,
for a CSV file, its columns (once per file version); never imports TensorFlow."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from engine.data.errors import DataError

SCALING_WORDS = {  # scaling -> (its words, the Keras layer an export puts in, what it holds)
    "standard": ("standard scaling", "Normalization", "the training split's mean and variance"),
    "divide255": ("divide by 255", "Rescaling", "1/255"),
}


def scaling_layer_words(scaling: str) -> str:
    """The layer an export puts in for `scaling`, in words ("" for none): the one wording
    the export's form sentence, the summary and the Input cards share."""
    if scaling not in SCALING_WORDS:
        return ""
    _words, layer, holds = SCALING_WORDS[scaling]
    return f"{layer} ({holds})"


def words_words(header: str, vocabulary, length: int) -> str:
    """A CSV column read as words, in words (`vocabulary`: its size, or "up to N" before
    the data is loaded): the one wording the summary, the Input cards and the export's form
    sentence share."""
    return f"{header}: words, vocabulary of {vocabulary}, {length} per text (TextVectorization)"


CSV_CACHE_SIZE = 8


@dataclass(frozen=True)
class InputPreprocessing:
    """The stage between one Input's raw data and the graph in an exported model."""

    label: str  # short, for the Input card: "standard scaling (in export)"
    layers: tuple[str, ...]  # the Keras layers, in order
    detail: str  # one sentence, for the summary and the card's tooltip


def input_preprocessing(graph, data_spec: dict | None,
                        base: str | Path | None = None) -> dict[str, InputPreprocessing]:
    """Per Input node id, the preprocessing an exported model puts after it ({} when the
    data adds none, or when no data is bound)."""
    from engine.sections import scaling_of

    data = data_spec or {}
    dataset = data.get("dataset")
    if not isinstance(dataset, dict):
        return {}
    scaling = scaling_of(data)
    steps, layers, read_as_words = [], [], []
    if dataset.get("source") == "csv":
        read_as_words = _words(dataset)
        text, gaps, number_gaps = _csv_encoding(dataset, base, read_as_words)
        if read_as_words:  # one column: what it gets, on the card too
            steps.append(_short(read_as_words[0][1]) if len(read_as_words) == 1 else "words")
            layers.append("TextVectorization")
        if text:
            steps.append("text one-hot")
            layers.append("StringLookup")
        if gaps:
            steps.append("gaps filled")
        if number_gaps:
            layers.append("keras.ops.where")
    if scaling in SCALING_WORDS:
        words, layer, _holds = SCALING_WORDS[scaling]
        steps.append(words)
        layers.append(layer)
    if not steps:
        return {}
    columns = "one input per CSV column, " if {"StringLookup", "keras.ops.where",
                                               "TextVectorization"} & set(layers) else ""
    said = steps[1:] if read_as_words else steps
    said = [what for _name, what in read_as_words] + said
    shown = [name for name in layers if name != "TextVectorization"]  # said with the words
    stage = InputPreprocessing(
        f"{' + '.join(steps)} (in export)", tuple(layers),
        f"exported models take the raw data: {columns}{', '.join(said)} inside the model"
        + (f" ({', '.join(shown)})" if shown else ""))
    return {node.id: stage for node in graph.nodes
            if node.kind is not None and node.kind.is_input}


def project_input_preprocessing(project) -> dict[str, InputPreprocessing]:
    base = project.path.parent if project.path else None
    return input_preprocessing(project.graph, project.data, base)


def _words(spec: dict) -> list[tuple[str, str]]:
    """(column, what it becomes) per column read as words; [] for a bad plan (the Problems
    panel says why)."""
    from engine.data.text_columns import plan

    try:
        text = plan(spec)
    except DataError:
        return []
    if text is None:
        return []
    return [(c, words_words(c, f"up to {text.max_tokens}", text.sequence_length))
            for c in text.columns]


def _short(words: str) -> str:
    """"words, vocabulary of N, L per text" (the column name and the layer left out)."""
    return words.split(": ", 1)[1].removesuffix(" (TextVectorization)")


def _csv_encoding(spec: dict, base, words=()) -> tuple[bool, bool, bool]:
    """(the file has text feature columns (one-hot), gaps in feature columns, gaps in
    number columns), the columns read as `words` aside; all False when the file cannot be
    read (the Problems panel says why)."""
    from engine.data import categorical
    from engine.data.sources import csv_path

    try:
        path = csv_path(spec, base)
        stat = path.stat()
        target = spec.get("target")
        key = tuple(target) if isinstance(target, list) else target
        return _read_encoding(str(path), stat.st_mtime_ns, stat.st_size, key,
                              *categorical.overrides(spec),
                              frozenset(name for name, _what in words))
    except (OSError, DataError, TypeError, ValueError):
        return False, False, False


@functools.lru_cache(maxsize=CSV_CACHE_SIZE)
def _read_encoding(path: str, _mtime: int, _size: int, target, keep=frozenset(),
                   leave_out=frozenset(), words=frozenset()) -> tuple[bool, bool, bool]:
    from engine.data.csv_source import LEFT_OUT, TEXT, _column_plan, _read

    target = list(target) if isinstance(target, tuple) else target
    frame, names, _report = _read(Path(path), target)
    text = gaps = number_gaps = False
    for header in frame.drop(columns=names).columns:
        if str(header) in words:
            continue
        kind, _detail = _column_plan(frame[header], str(header), Path(path), keep, leave_out)
        if kind == LEFT_OUT:
            continue
        missing = bool(frame[header].isna().any())
        text = text or kind == TEXT
        gaps = gaps or missing
        number_gaps = number_gaps or (missing and kind != TEXT)
    return text, gaps, number_gaps

"""The model summary as Keras words it, computed from shape inference (no TensorFlow)."""

from __future__ import annotations

from dataclasses import dataclass

from engine.catalogue._rules import show_shape
from engine.catalogue.keras_layer import KERAS_LAYER
from engine.graph import Graph
from engine.shared_layers import layer_params
from engine.validation import Analysis, analyse


@dataclass(frozen=True)
class SummaryRow:
    node_id: str
    name: str
    kind: str  # the Keras class, e.g. "Dense"
    shape: str
    params: int
    connected_to: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    rows: tuple[SummaryRow, ...]
    trainable: int
    non_trainable: int
    # layers kept as imported (KerasLayer nodes): the catalogue has no kind for them
    kept_keras_layers: int = 0
    # (Input name, what an exported model does to its raw data: input_preprocessing's detail)
    preprocessing: tuple[tuple[str, str], ...] = ()

    @property
    def total(self) -> int:
        return self.trainable + self.non_trainable


def summarise(graph: Graph, analysis: Analysis | None = None,
              preprocessing: dict | None = None) -> Summary:
    """`preprocessing`: engine.export.input_preprocessing's stages per Input node id."""
    analysis = analysis or analyse(graph)
    rows = []
    for node_id in analysis.model_nodes:
        node = graph.node(node_id)
        if node.kind is None:
            continue
        inferred = analysis.inferred.get(node_id)
        params = node.kind.resolved(layer_params(graph, node))
        if node.kind.is_input:
            params["shape"] = inferred.shape if inferred else (1,)
        keras_class = node.kind.layer(params, node.name).class_name
        if keras_class == "Input":
            keras_class = "InputLayer"
        sources = tuple(_source_name(graph, e) for e in graph.inputs_of(node_id))
        shape = show_shape(inferred.shape if inferred else None)
        if inferred is not None and inferred.more_shapes:  # as Keras lists several outputs
            shape = "[" + ", ".join(show_shape(s) for s in (inferred.shape,
                                                            *inferred.more_shapes)) + "]"
        rows.append(SummaryRow(node_id, node.name, keras_class, shape,
                               inferred.params if inferred else 0, sources))
    trainable, frozen = analysis.totals()
    kept = sum(1 for r in rows if graph.node(r.node_id).kind.group == KERAS_LAYER.group)
    stages = tuple((r.name, preprocessing[r.node_id].detail) for r in rows
                   if preprocessing and r.node_id in preprocessing)
    return Summary(tuple(rows), trainable, frozen, kept, stages)


def _source_name(graph: Graph, edge) -> str:
    """`lstm`, or `lstm.state_h` for a wire from one of several outputs."""
    source = graph.node(edge.source)
    if not edge.source_port or source.kind is None:
        return source.name
    names = source.kind.port_names(layer_params(graph, source))
    port = names[edge.source_port] if edge.source_port < len(names) else edge.source_port
    return f"{source.name}.{port}"


def format_summary(summary: Summary, title: str = "") -> str:
    header = ("Layer (type)", "Output Shape", "Param #", "Connected to")
    table = [header] + [(f"{r.name} ({r.kind})", r.shape, f"{r.params:,}",
                         ", ".join(r.connected_to) or "-") for r in summary.rows]
    widths = [max(len(row[i]) for row in table) for i in range(4)]

    def line(row):
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2]),
                 row[3].ljust(widths[3])]
        return "  ".join(cells).rstrip()

    rule = "=" * len(line(header))
    out = [f'Model: "{title}"'] if title else []
    out += [rule, line(header), rule]
    out += [line(row) for row in table[1:]]
    out += [rule,
            f"Total params: {summary.total:,}",
            f"Trainable params: {summary.trainable:,}",
            f"Non-trainable params: {summary.non_trainable:,}"]
    if summary.kept_keras_layers:
        out.append(f"Kept as imported Keras layers (no catalogue kind): "
                   f"{summary.kept_keras_layers}")
    out += preprocessing_lines(summary)
    return "\n".join(out)


def preprocessing_lines(summary: Summary) -> list[str]:
    """One line per Input whose data an exported model preprocesses, as the CLI `summary`
    and the GUI's Summary panel both show them."""
    return [f"Preprocessing of {name}: {detail}" for name, detail in summary.preprocessing]

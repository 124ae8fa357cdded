"""The model part of a generated script in three styles (as in the seed): Functional API,
Sequential (a single chain), and a `keras.Model` subclass with layers in `__init__` and the
wiring in `call`. Every layer is written from the catalogue's `LayerCall`, the declaration
the compiler builds from, so code and app cannot disagree."""

from __future__ import annotations

import keyword

from engine.catalogue import LayerCall
from engine.export.identifiers import call, class_identifier, comment_text, identifier, literal

FUNCTIONAL, SEQUENTIAL, SUBCLASSING = "functional", "sequential", "subclassing"


class ModelCodeError(ValueError):
    pass


def layer_expression(node, layer_call: LayerCall, indent: int) -> str:
    """`layers.Dense(30, activation='relu', name='dense')`, leaving out keyword arguments
    equal to the kind's Keras defaults."""
    defaults = node.kind.keras_defaults
    kwargs = {k: v for k, v in layer_call.kwargs.items()
              if k == "name" or k not in defaults or defaults[k] != v}
    if layer_call.class_name == "Input":
        return call("keras.Input", layer_call.args, kwargs, indent)
    class_name = layer_call.class_name
    if not class_name.isidentifier() or keyword.iskeyword(class_name):
        raise ModelCodeError(f"layer {node.name!r}: {class_name!r} is not a Keras layer class")
    func = f"layers.{class_name}"
    if all(k.isidentifier() and not keyword.iskeyword(k) for k in kwargs):
        return call(func, layer_call.args, kwargs, indent)
    # a config key that is no Python name: pass the keywords as a dict
    head = call(func, layer_call.args, {}, indent)
    return head[:-1] + (", " if layer_call.args else "") + "**" + literal(kwargs) + ")"


def _as_list(node, n_inputs: int) -> bool:
    kind = node.kind
    return n_inputs > 1 or (kind.variadic and kind.min_inputs > 1)


class ModelWriter:
    """Writes `build_model()` (and for subclassing, the model class) for one graph."""

    def __init__(self, graph, analysis, calls: dict[str, LayerCall], title: str):
        self.graph = graph
        self.analysis = analysis
        self.calls = calls
        self.title = title
        self.order = list(analysis.model_nodes)
        self.inputs = [n for n in self.order if graph.node(n).kind.is_input]
        self.outputs = [n for n in self.order if graph.node(n).kind.is_output]
        taken: set[str] = set()
        self.var = {n: identifier(graph.node(n).name, taken) for n in self.order}

    def is_chain(self) -> bool:
        if len(self.inputs) != 1 or len(self.outputs) != 1:
            return False
        for node_id in self.order:
            ins = self.graph.inputs_of(node_id)
            outs = [e for e in self.graph.outputs_of(node_id) if e.target in self.var]
            node = self.graph.node(node_id)
            if len(ins) > 1 or len(outs) > 1 or (ins and _as_list(node, len(ins))):
                return False
        return True

    def _sources(self, node_id: str) -> str:
        names = [self.var[e.source] for e in self.graph.inputs_of(node_id)]
        if _as_list(self.graph.node(node_id), len(names)):
            return "[" + ", ".join(names) + "]"
        return names[0]

    def _list(self, ids) -> str:
        return "[" + ", ".join(self.var[n] for n in ids) + "]"

    def write(self, style: str) -> list[str]:
        if style == FUNCTIONAL:
            return self.functional()
        if style == SEQUENTIAL:
            if not self.is_chain():
                raise ModelCodeError("the Sequential style needs a single chain of layers "
                                     "(one input, one output, no branches)")
            return self.sequential()
        if style == SUBCLASSING:
            return self.subclassing()
        raise ModelCodeError(f"unknown style {style!r}")

    def functional(self) -> list[str]:
        lines = ["def build_model():",
                 '    """The model as the Dendrite graph wires it (functional API)."""']
        for node_id in self.order:
            node = self.graph.node(node_id)
            made = layer_expression(node, self.calls[node_id], 4 + len(self.var[node_id]) + 3)
            if node.kind.is_input:
                lines.append(f"    {self.var[node_id]} = {made}")
            else:
                lines.append(f"    {self.var[node_id]} = {made}({self._sources(node_id)})")
        head = (f"    return keras.Model(inputs={self._list(self.inputs)}, "
                f"outputs={self._list(self.outputs)},")
        lines += ([f"{head} name=MODEL_NAME)"] if len(head) + 17 <= 96 else
                  [head, "                       name=MODEL_NAME)"])
        return lines

    def sequential(self) -> list[str]:
        lines = ["def build_model():",
                 '    """The model as one stack of layers (Sequential API)."""',
                 "    return keras.Sequential(["]
        for node_id in self.order:
            made = layer_expression(self.graph.node(node_id), self.calls[node_id], 8)
            lines.append(f"        {made},")
        lines.append("    ], name=MODEL_NAME)")
        return lines

    def subclassing(self) -> list[str]:
        class_name = class_identifier(self.title)
        attrs: set[str] = {"get"}
        attr = {n: identifier(self.graph.node(n).name, attrs) + "_layer" for n in self.order
                if not self.graph.node(n).kind.is_input}
        # registered, so that load_model finds the class once this script is imported
        lines = ["@keras.saving.register_keras_serializable(package='dendrite')",
                 f"class {class_name}(keras.Model):",
                 '    """The model as a keras.Model subclass: layers made in __init__, wired '
                 'in call."""',
                 "",
                 "    def __init__(self, **kwargs):",
                 "        super().__init__(**kwargs)"]
        for node_id, name in attr.items():
            made = layer_expression(self.graph.node(node_id), self.calls[node_id],
                                    8 + len(name) + 8)
            lines.append(f"        self.{name} = {made}")
        lines += ["", "    def call(self, inputs):"]
        if len(self.inputs) == 1:
            lines.append(f"        {self.var[self.inputs[0]]} = inputs")
        else:
            for node_id in self.inputs:
                name = self.graph.node(node_id).name
                lines.append(f"        {self.var[node_id]} = inputs[{name!r}]")
        for node_id in self.order:
            if node_id in attr:
                lines.append(f"        {self.var[node_id]} = self.{attr[node_id]}"
                             f"({self._sources(node_id)})")
        if len(self.outputs) == 1:
            lines.append(f"        return {self.var[self.outputs[0]]}")
        else:
            items = ", ".join(f"{self.graph.node(n).name!r}: {self.var[n]}"
                              for n in self.outputs)
            lines.append(f"        return {{{items}}}")
        lines += ["",
                  "    def get_config(self):",
                  '        """Name and dtype only: the layers are rebuilt by __init__."""',
                  "        return super().get_config()",
                  "", "", "def symbolic_inputs():",
                  '    """Placeholders shaped as the model\'s inputs."""']
        shapes = {n: tuple(self.analysis.shape(n)) for n in self.inputs}
        if len(self.inputs) == 1:
            (node_id,) = self.inputs
            lines.append(f"    return keras.Input(shape={shapes[node_id]!r}, "
                         f"name={self.graph.node(node_id).name!r})")
        else:
            lines.append("    return {")
            for node_id in self.inputs:
                name = self.graph.node(node_id).name
                lines.append(f"        {name!r}: keras.Input(shape={shapes[node_id]!r}, "
                             f"name={name!r}),")
            lines.append("    }")
        lines += ["", "",
                  "def build_model():",
                  f'    """A {class_name}, built by calling it once on symbolic inputs."""',
                  f"    model = {class_name}(name=MODEL_NAME)",
                  "    model(symbolic_inputs())",
                  "    return model"]
        return lines

    def comment(self) -> str:
        return "# " + comment_text(f"model of the Dendrite project {self.title}")

"""The model part of a generated script in three styles (as in the seed): Functional API,
Sequential (a single chain), and a `keras.Model` subclass with layers in `__init__` and the
wiring in `call`. Every layer is written from the catalogue's `LayerCall`, the declaration
the compiler builds from, so code and app cannot disagree."""

from __future__ import annotations

import keyword

from engine.catalogue import LayerCall
from engine.export.identifiers import call, class_identifier, comment_text, identifier, literal
from engine.model_io import INPUTS, OUTPUTS, is_dict, key_of
from engine.shared_layers import layer_params, owner_of

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


def port_variables(graph, order, taken: set[str]) -> dict[tuple[str, int], str]:
    """Names for outputs 1, 2... of nodes with several (an LSTM's states: lstm_state_h)."""
    names = {}
    for n in order:
        node = graph.node(n)
        ports = node.kind.port_names(layer_params(graph, node))
        for port, port_name in enumerate(ports[1:], start=1):
            names[(n, port)] = identifier(f"{node.name}_{port_name}", taken)
    return names


def call_arguments_text(graph, node_id: str, var: dict, port_var: dict) -> str:
    """A call's arguments as the catalogue says the layer is called: `x`, `[a, b]`,
    `query, value, return_attention_scores=True`."""
    names = [var[e.source] if e.source_port == 0 else port_var[(e.source, e.source_port)]
             for e in graph.inputs_of(node_id)]
    node = graph.node(node_id)
    args, kwargs = node.kind.call_arguments(names, node.kind.resolved(layer_params(graph, node)))
    parts = ["[" + ", ".join(a) + "]" if isinstance(a, list) else a for a in args]
    parts += [f"{key}={value!r}" for key, value in kwargs.items()]
    return ", ".join(parts)


def targets_text(node_id: str, var: dict, port_var: dict) -> str:
    """`x`, or `x, x_state_h, x_state_c` for a node with several outputs."""
    more = [v for (n, _port), v in port_var.items() if n == node_id]
    return ", ".join([var[node_id], *more])


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
        self.port_var = port_variables(graph, self.order, taken)
        # a layer called at several places (engine.shared_layers) is declared once, as
        # <owner>_layer, and called at each
        self.owner = {n: owner_of(graph, graph.node(n)).id for n in self.order}
        shared = sorted({o for n, o in self.owner.items() if o != n})
        self.layer_var = {o: identifier(graph.node(o).name + "_layer", taken) for o in shared}

    def is_chain(self) -> bool:
        if len(self.inputs) != 1 or len(self.outputs) != 1:
            return False
        if is_dict(self.graph, INPUTS) or is_dict(self.graph, OUTPUTS):
            return False  # a Sequential model takes and gives no dict
        for node_id in self.order:
            ins = self.graph.inputs_of(node_id)
            outs = [e for e in self.graph.outputs_of(node_id) if e.target in self.var]
            node = self.graph.node(node_id)
            if len(ins) > 1 or len(outs) > 1 or (ins and node.kind.takes_list(len(ins))):
                return False
            if any(key[0] == node_id for key in self.port_var) or node.kind.input_ports:
                return False
        return not self.layer_var  # a shared layer is called twice: no single stack

    def _sources(self, node_id: str) -> str:
        return call_arguments_text(self.graph, node_id, self.var, self.port_var)

    def _targets(self, node_id: str) -> str:
        return targets_text(node_id, self.var, self.port_var)

    def _list(self, ids) -> str:
        return "[" + ", ".join(self.var[n] for n in ids) + "]"

    def _ends(self, side: str, ids) -> str:
        """The model's inputs or outputs: a list, or a dict under the graph's keys (keys
        written as literals: user text never becomes code)."""
        if not is_dict(self.graph, side):
            return self._list(ids)
        return "{" + ", ".join(f"{literal(key_of(self.graph, side, self.graph.node(n)))}: "
                               f"{self.var[n]}" for n in ids) + "}"

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
        declared: set[str] = set()
        for node_id in self.order:
            node = self.graph.node(node_id)
            targets = self._targets(node_id)
            layer = self.layer_var.get(self.owner[node_id])
            if layer is None:
                made = layer_expression(node, self.calls[node_id], 4 + len(targets) + 3)
            else:  # a shared layer: made once, called at each of its nodes
                if layer not in declared:
                    declared.add(layer)
                    made = layer_expression(node, self.calls[node_id], 4 + len(layer) + 3)
                    lines.append(f"    {layer} = {made}")
                made = layer
            if node.kind.is_input:
                lines.append(f"    {targets} = {made}")
            else:
                lines.append(f"    {targets} = {made}({self._sources(node_id)})")
        head = (f"    return keras.Model(inputs={self._ends(INPUTS, self.inputs)}, "
                f"outputs={self._ends(OUTPUTS, self.outputs)},")
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
        attr: dict[str, str] = {}  # owner id -> attribute; a shared layer's calls use it
        for n in self.order:
            owner = self.owner[n]
            if owner not in attr and not self.graph.node(n).kind.is_input:
                attr[owner] = identifier(self.graph.node(owner).name, attrs) + "_layer"
        # registered, so that load_model finds the class once this script is imported
        lines = ["@keras.saving.register_keras_serializable(package='dendrite')",
                 f"class {class_name}(keras.Model):",
                 '    """The model as a keras.Model subclass: layers made in __init__, wired '
                 'in call."""',
                 "",
                 "    def __init__(self, **kwargs):",
                 "        super().__init__(**kwargs)"]
        first_call = {}
        for n in self.order:
            first_call.setdefault(self.owner[n], n)
        for owner, name in attr.items():
            node_id = first_call[owner]
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
            if not self.graph.node(node_id).kind.is_input:
                lines.append(f"        {self._targets(node_id)} = self.{attr[self.owner[node_id]]}"
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

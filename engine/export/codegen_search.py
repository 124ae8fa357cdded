"""`generate_search_code(project, tuner)`: the exported script of a project with searches
(`{"search": ...}` values, a repeated layer) as the search itself, in KerasTuner code:

    def build_model(hp):   layers whose searched arguments are hp.Int / hp.Float / hp.Choice
    def compile_model(model, hp):   the optimizer (its searched name, learning rate)
    class SearchedModel(keras_tuner.HyperModel):   build, and fit with the searched batch size
    main():   loads and splits the data as the app does, runs the tuner (random search,
              Hyperband or Bayesian optimisation), prints the best values

The data part is the plain script's (`engine.export.codegen`), so it loads, splits and scales
exactly as the app. Each dimension is written from the engine's `Dimension` (the one the
app's search declares), and each searched argument is found in the layer's declaration
(`NodeKind.layer`) by building it with two values of the search: the argument that changes
is the one written as `hp....`. User names reach the script only through `literal` and
`identifier` (engine.export.identifiers)."""

from __future__ import annotations

import secrets

from engine.errors import DendriteError
from engine.export.codegen_model import call_arguments_text, port_variables, targets_text
from engine.export.identifiers import call, identifier, literal
from engine.search.space import (
    REPEAT,
    Dimension,
    is_search,
    plain_project,
    search_space,
)
from engine.shared_layers import shared_owner_id

TUNER_CLASSES = {"random": "RandomSearch", "hyperband": "Hyperband",
                 "bayesian": "BayesianOptimization"}
# the export styles that write the search, one per tuner (engine.export.codegen dispatches)
SEARCH_STYLES = {f"search-{name}": name for name in TUNER_CLASSES}
SEARCH_STYLE_LABELS = {"search-random": "KerasTuner search: random",
                       "search-hyperband": "KerasTuner search: Hyperband",
                       "search-bayesian": "KerasTuner search: Bayesian optimisation"}
DEFAULT_TRIALS = 10
# names the search script defines besides the plain script's (engine.export.identifiers)
OWN_NAMES = {"hp", "keras_tuner", "tuner", "best", "SearchedModel", "optimizers", "optimizer",
             "objective", "validation", "x_train", "y_train", "feature_names", "targets",
             "own_test", "name", "value", "TRIALS"}


class SearchCodeError(DendriteError):
    """The project's search cannot be written as KerasTuner code; the message says why."""


def hp_expression(dim: Dimension) -> str:
    """`hp.Int('hidden.units', 16, 128, step=16)`, as `Dimension.declare` declares it."""
    if dim.choices:
        return call("hp.Choice", (dim.name, list(dim.choices)))
    options = {}
    if dim.spec.type == "int":
        args = (dim.name, int(dim.low), int(dim.high))
        if dim.step:
            options["step"] = int(dim.step)
        kind = "hp.Int"
    else:
        args = (dim.name, float(dim.low), float(dim.high))
        if dim.step:
            options["step"] = float(dim.step)
        kind = "hp.Float"
    if dim.sampling != "linear":
        options["sampling"] = dim.sampling
    return call(kind, args, options)


def generate_search_code(project, tuner: str = "random", bound_shapes=None) -> str:
    """The search script's text. Raises SearchCodeError (SearchSpaceError, CodegenError or
    ExportError for a project that cannot be written)."""
    from engine.compiler import compile_arguments, layer_calls
    from engine.export.codegen import generate_code
    from engine.export.shapes import bound_shapes_for, check_graph
    from engine.losses import optimizer_arguments

    if tuner not in TUNER_CLASSES:
        raise SearchCodeError(f"unknown tuner {tuner!r}: expected one of "
                              f"{', '.join(TUNER_CLASSES)}")
    dimensions = search_space(project)
    if not dimensions:
        raise SearchCodeError("the project has no search to export: give a parameter a range "
                              "or a list")
    plain = plain_project(project)
    if not (plain.data or {}).get("dataset"):
        raise SearchCodeError("a search needs data: choose a dataset on the Data tab")
    if bound_shapes is None:
        bound_shapes = bound_shapes_for(plain)
    base = generate_code(plain, "functional", bound_shapes)
    graph = plain.graph
    shared = [n.name for n in graph.nodes if shared_owner_id(n) is not None]
    if shared:
        raise SearchCodeError(f"{shared[0]} calls a shared layer: KerasTuner code is written "
                              "with one layer per node, so a project with shared layers is "
                              "searched in the app, not in exported code")
    analysis = check_graph(plain, bound_shapes)
    calls = layer_calls(graph, analysis)
    by_node: dict[str, list[Dimension]] = {}
    settings: dict[str, Dimension] = {}
    for dim in dimensions:
        if dim.node_id is None:
            settings[dim.key] = dim
        else:
            by_node.setdefault(dim.node_id, []).append(dim)
    for node_id in by_node:
        if node_id not in analysis.model_nodes:
            raise SearchCodeError(f"{graph.node(node_id).name}: it is searched but not in the "
                                  "model (it reaches no Output)")

    taken = set(OWN_NAMES)
    var = {n: identifier(graph.node(n).name, taken) for n in analysis.model_nodes}
    port_var = port_variables(graph, analysis.model_nodes, taken)
    inputs = [n for n in analysis.model_nodes if graph.node(n).kind.is_input]
    outputs = [n for n in analysis.model_nodes if graph.node(n).kind.is_output]
    loop_name = identifier("layer_name", taken)
    model_lines = ["def build_model(hp):",
                   '    """The model as the Dendrite graph wires it, its searched values '
                   'taken from hp."""']
    for node_id in analysis.model_nodes:
        node = graph.node(node_id)
        searched = [d for d in by_node.get(node_id, []) if d.key != REPEAT]
        made = _layer_code(node, calls[node_id], searched, 4)
        if node.kind.is_input:
            model_lines.append(f"    {var[node_id]} = {made}")
            continue
        source = call_arguments_text(graph, node_id, var, port_var)
        model_lines.append(f"    {targets_text(node_id, var, port_var)} = {made}({source})")
        repeat = next((d for d in by_node.get(node_id, []) if d.key == REPEAT), None)
        if repeat is not None:
            model_lines += _repeat_lines(node, calls[node_id], searched, repeat, var[node_id],
                                         loop_name, set(var) | {graph.node(n).name
                                                                for n in var})
    model_lines += [f"    return keras.Model(inputs=[{', '.join(var[n] for n in inputs)}], "
                    f"outputs=[{', '.join(var[n] for n in outputs)}],",
                    "                       name=MODEL_NAME)"]

    arguments = compile_arguments(graph, plain.training)
    optimizer_class, optimizer_kwargs = optimizer_arguments((plain.training or {})
                                                            .get("optimizer"))
    compile_lines = ["def compile_model(model, hp):",
                     '    """The optimizer (searched values from hp), losses, loss weights and '
                     'metrics."""']
    name_dim = settings.get("optimizer.name")
    if name_dim is not None:
        classes = {choice: optimizer_arguments({"name": choice})[0]
                   for choice in name_dim.choices}
        compile_lines.append("    optimizers = {" + ", ".join(
            f"{literal(c)}: keras.optimizers.{cls}" for c, cls in classes.items()) + "}")
        compile_lines.append(f"    optimizer = optimizers[{hp_expression(name_dim)}]")
        optimizer_kwargs = {"learning_rate": optimizer_kwargs["learning_rate"]}
    else:
        compile_lines.append(f"    optimizer = keras.optimizers.{optimizer_class}")
    pieces = []
    for key, value in optimizer_kwargs.items():
        dim = settings.get(f"optimizer.{key}")
        pieces.append(f"{key}={hp_expression(dim) if dim else literal(value)}")
    if name_dim is None and "optimizer.momentum" in settings and "momentum" not in \
            optimizer_kwargs and optimizer_class == "SGD":
        pieces.append(f"momentum={hp_expression(settings['optimizer.momentum'])}")
    compile_lines += [
        "    model.compile(",
        f"        optimizer=optimizer({', '.join(pieces)}),",
        f"        loss={literal(arguments['loss'])},",
        f"        loss_weights={literal(arguments['loss_weights'])},",
        f"        metrics={literal(arguments['metrics'])},",
        "    )"]
    batch = settings.get("batch_size")
    batch_code = hp_expression(batch) if batch else "BATCH_SIZE"
    hypermodel_lines = [
        "class SearchedModel(keras_tuner.HyperModel):",
        '    """The model and its fit, both taking the trial\'s values from hp."""',
        "",
        "    def build(self, hp):",
        "        model = build_model(hp)",
        "        compile_model(model, hp)",
        "        return model",
        "",
        "    def fit(self, hp, model, *args, **kwargs):",
        f"        return model.fit(*args, batch_size={batch_code}, **kwargs)"]
    tuner_class = TUNER_CLASSES[tuner]
    limit = ("max_epochs=max(2, args.epochs)" if tuner == "hyperband"
             else "max_trials=args.trials")
    main_lines = [
        "def main():",
        "    parser = argparse.ArgumentParser(description=__doc__)",
        "    parser.add_argument('--trials', type=int, default=TRIALS, help='trials to run')",
        "    parser.add_argument('--epochs', type=int, default=EPOCHS, help='epochs a trial')",
        "    parser.add_argument('--directory', default='keras_tuner_search',",
        "                        help=\"KerasTuner's working folder\")",
        "    args = parser.parse_args()",
        "    if SEED is not None:",
        "        keras.utils.set_random_seed(SEED)",
        "    x, targets, own_test, feature_names = load_dataset()",
        "    parts = scale(split_data(x, targets, own_test))",
        "    x_train = features(parts['train'][0], feature_names)",
        "    y_train = labels(parts['train'][1])",
        "    validation = None",
        "    if 'validation' in parts:",
        "        validation = (features(parts['validation'][0], feature_names),",
        "                      labels(parts['validation'][1]))",
        "    objective = 'val_loss' if validation is not None else 'loss'",
        f"    tuner = keras_tuner.{tuner_class}(",
        f"        SearchedModel(), objective=objective, {limit}, seed=SEED,",
        "        directory=args.directory, project_name='search', overwrite=True)",
        "    tuner.search(x_train, y_train, epochs=args.epochs, validation_data=validation,",
        "                 verbose=0)",
        "    best = tuner.get_best_hyperparameters(1)[0]",
        "    print('best values:')",
        "    for name, value in best.values.items():",
        "        if not name.startswith('tuner/'):",
        "            print(f'  {name} = {value}')",
        "",
        "",
        "if __name__ == '__main__':",
        "    main()"]
    head, data = _plain_parts(base, tuner)
    text = "\n".join([*head, "", "", *data, "", "", *model_lines, "", "", *compile_lines, "",
                      "", *hypermodel_lines, "", "", *main_lines]) + "\n"
    return text


def _layer_code(node, layer_call, searched: list[Dimension], indent: int,
                name_code: str | None = None) -> str:
    """The layer's expression with each searched argument written as its hp call (and the
    `name` argument as `name_code` when given)."""
    from dataclasses import replace

    from engine.export.codegen_model import layer_expression

    marks: dict[str, str] = {}
    args, kwargs = list(layer_call.args), dict(layer_call.kwargs)
    for dim in searched:
        place = _argument_of(node, dim)
        mark = f"dendrite-hp-{secrets.token_hex(8)}"
        marks[mark] = hp_expression(dim)
        if isinstance(place, int):
            args[place] = mark
        else:
            kwargs[place] = mark
    if name_code is not None:
        mark = f"dendrite-name-{secrets.token_hex(8)}"
        marks[mark] = name_code
        kwargs["name"] = mark
    text = layer_expression(node, replace(layer_call, args=tuple(args), kwargs=kwargs), indent)
    for mark, code in marks.items():
        text = text.replace(repr(mark), code)
    return text


def _argument_of(node, dim: Dimension):
    """Where the searched parameter lands in the layer's declaration (an argument's index or
    a keyword), found by declaring the layer with two of the search's values."""
    kind = node.kind
    values = list(dim.choices) if dim.choices else [dim.low, dim.high]
    if len(values) < 2:
        values = values * 2
    declared = []
    for value in values[:2]:
        params = kind.resolved({k: v for k, v in node.params.items() if not is_search(v)
                                and k != REPEAT} | {dim.key: value})
        declared.append(kind.layer(params, node.name))
    first, second = declared
    changed = [i for i, (a, b) in enumerate(zip(first.args, second.args, strict=False))
               if a != b]
    changed += [k for k in first.kwargs.keys() | second.kwargs.keys()
                if first.kwargs.get(k) != second.kwargs.get(k)]
    if len(values) > 1 and values[0] == values[1]:  # one value: found by its declared place
        changed = [k for k, v in first.kwargs.items() if v == values[0]] or \
                  [i for i, v in enumerate(first.args) if v == values[0]]
    if len(changed) != 1:
        raise SearchCodeError(f"{dim.name}: this search cannot be written as KerasTuner code "
                              "(the layer does not take the value as one argument)")
    place = changed[0]
    for value, made in zip(values[:2], declared, strict=False):
        got = made.args[place] if isinstance(place, int) else made.kwargs.get(place)
        if got != value:
            raise SearchCodeError(f"{dim.name}: this search cannot be written as KerasTuner "
                                  f"code (the layer takes {got!r} for {value!r})")
    return place


def _repeat_lines(node, layer_call, searched, repeat: Dimension, variable: str,
                  loop_name: str, taken: set[str]) -> list[str]:
    """The copies of a repeated layer: `for layer_name in [...][:hp.Int(...) - 1]:`."""
    names, used = [], set(taken)
    for number in range(2, int(repeat.high) + 1):
        name, extra = f"{node.name}_{number}", number
        while name in used:
            extra += 1
            name = f"{node.name}_{extra}"
        used.add(name)
        names.append(name)
    made = _layer_code(node, layer_call, searched, 8, name_code=loop_name)
    return [f"    for {loop_name} in {literal(names)}[:{hp_expression(repeat)} - 1]:",
            f"        {variable} = {made}({variable})"]


def _plain_parts(text: str, tuner: str) -> tuple[list[str], list[str]]:
    """The plain script's header (imports and constants, with keras_tuner and TRIALS added)
    and its data functions (load, split, scale, features, labels); its model, compile, fit
    and main are left out."""
    blocks = text.rstrip("\n").split("\n\n\n")
    head = blocks[0].split("\n")
    head = [line.replace("Rebuilds, trains, evaluates and saves a model designed in Dendrite.",
                         f"Searches the hyperparameters of a Dendrite project with "
                         f"KerasTuner ({TUNER_CLASSES[tuner]}).") for line in head]
    at = head.index("import keras") + 1
    head[at:at] = ["import keras_tuner"]
    head.append(f"TRIALS = {DEFAULT_TRIALS}")
    dropped = ("def build_model", "def compile_model", "def dump", "def main", "if __name__",
               "def callbacks", "def class_weight", "@keras")
    data = "\n\n\n".join(b for b in blocks[1:] if not b.startswith(dropped))
    if "json." not in data:  # the plain script's dump needed it
        head = [line for line in head if line != "import json"]
    return head, data.split("\n")

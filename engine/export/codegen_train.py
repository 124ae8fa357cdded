"""The training part of a generated script: compile (optimizer, losses, loss weights,
metrics), Keras callbacks (early stopping, best-model checkpoint), class weights, and `main`
with its command-line options (the strategy's come from codegen_distribution)."""

from __future__ import annotations

from engine.export.codegen_model import SUBCLASSING
from engine.export.identifiers import call, literal
from engine.sections import has_split
from engine.training.settings import read_settings

CHECKPOINT_FILE = "best_model.keras"


def training_code(project, arguments, output_names, style, trainable, distributed=True):
    """(import lines, function lines, constant lines); `distributed`: the checkpoint is
    written by the first process only."""
    settings = read_settings(project.training)
    data = project.data or {}
    validation = has_split(data, "validation")
    constants = [f"EPOCHS = {settings.epochs}", f"BATCH_SIZE = {settings.batch_size}",
                 f"SEED = {literal(settings.seed)}",
                 *([f"TRAINABLE = {trainable!r}"] if distributed else [])]
    imports = ["from sklearn.model_selection import train_test_split"] if data.get("dataset") else []
    lines = ["def compile_model(model):",
             '    """The optimizer, losses, loss weights and metrics of the project."""']
    if trainable:
        optimizer_class, kwargs = arguments["optimizer"]
        single = style != "functional" and len(output_names) == 1
        loss = {n: arguments["loss"][n] for n in output_names}
        weights = {n: arguments["loss_weights"][n] for n in output_names}
        metrics = {n: arguments["metrics"][n] for n in output_names}
        compile_kwargs = {
            "loss": loss[output_names[0]] if single else loss,
            "loss_weights": [weights[output_names[0]]] if single else weights,
            "metrics": metrics[output_names[0]] if single else metrics,
        }
        optimizer = call("keras.optimizers." + optimizer_class, (), kwargs, 18)
        lines += _filled("    model.compile(", [f"optimizer={optimizer}", *(
            f"{key}={_value_code(value)}" for key, value in compile_kwargs.items())])
    else:
        lines.append("    print('some outputs have no loss: the model is built, not compiled')")
    if not data.get("dataset"):  # nothing to train on: no callbacks, no class weights
        return imports, lines + ["", "", *_dump(style)], constants
    if not distributed and not (settings.early_stopping or settings.checkpoint
                                or settings.class_weight):
        return imports, lines + ["", "", *_dump(style)], constants
    lines += ["", "", "def callbacks(chief=True):",
              '    """Early stopping and the best-model checkpoint, as set in the project (the',
              '    checkpoint written by the first process only)."""',
              "    found = []"]
    if settings.early_stopping:
        early = settings.early_stopping
        lines.append("    found.append(" + call("keras.callbacks.EarlyStopping", (), {
            "monitor": _monitor(early["monitor"], validation), "patience": early["patience"],
            "restore_best_weights": early["restore_best_weights"]}, 17) + ")")
    if settings.checkpoint:
        check = settings.checkpoint
        checkpoint = ("FirstProcessCheckpoint" if distributed
                      else "keras.callbacks.ModelCheckpoint")
        lines += ["    if chief:",
                  "        found.append(" + call(checkpoint, (CHECKPOINT_FILE,), {
                      "monitor": _monitor(check["monitor"], validation),
                      "save_best_only": check["save_best_only"]}, 21) + ")"]
    lines.append("    return found")
    lines += ["", "", *_class_weight_code(settings.class_weight, len(output_names))]
    lines += ["", "", *_dump(style)]
    return imports, lines, constants


def _filled(head: str, arguments: list[str], width: int = 96) -> list[str]:
    """`head` + the arguments, as many a line as fit, lined up under the first; one a line
    (the head alone on its line) when one of them is too long for that."""
    pad = " " * len(head)
    if any(len(pad) + len(a) + 2 > width or "\n" in a for a in arguments):
        return [head, *(f"        {a}," for a in arguments), "    )"]
    lines = [head]
    for n, argument in enumerate(arguments):
        piece = argument + (")" if n == len(arguments) - 1 else ",")
        if len(lines[-1]) + len(piece) + (n > 0) > width:
            lines.append(pad + piece)
        else:
            lines[-1] += (" " if n else "") + piece
    return lines


def _value_code(value, width: int = 96) -> str:
    """`literal(value)`; a list or dict too long for one line (losses and metrics with
    settings, e.g. from_logits) one item a line, indented for `_filled`'s one-a-line form."""
    text = literal(value)
    if len(text) + 26 <= width or not isinstance(value, list | dict) or not value:
        return text
    items = ([literal(v) for v in value] if isinstance(value, list)
             else [f"{literal(k)}: {literal(v)}" for k, v in value.items()])
    opening, closing = "[]" if isinstance(value, list) else "{}"
    return opening + "\n" + "".join(f"            {item},\n" for item in items) + "        " \
        + closing


def _dump(style: str) -> list[str]:
    dump = list(DUMP)
    if style == SUBCLASSING:  # trace each layer once so that its output shape is known
        dump.insert(2, "    model.call(symbolic_inputs())")
    return dump


def _monitor(name: str, has_validation: bool) -> str:
    return name[4:] if name.startswith("val_") and not has_validation else name


def _class_weight_code(spec, n_outputs: int) -> list[str]:
    lines = ["def class_weight(y_train):",
             '    """Weights of the classes in the loss (None: all equal)."""']
    if spec == "balanced" and n_outputs == 1:
        lines += ["    from sklearn.utils.class_weight import compute_class_weight",
                  "",
                  "    present = np.unique(y_train)",
                  "    values = compute_class_weight('balanced', classes=present, y=y_train)",
                  "    return {int(c): float(w) for c, w in zip(present, values, strict=True)}"]
    elif isinstance(spec, dict) and n_outputs == 1:
        weights = {}
        for key, value in spec.items():
            try:
                weights[int(key)] = float(value)
            except (TypeError, ValueError):
                continue  # a class named by its label: left to its default weight
        lines.append(f"    return {literal(weights)}")
    else:
        lines.append("    return None")
    return lines


DUMP = [
    "def dump(model, path):",
    '    """The model\'s config and summary rows as JSON (to compare with Dendrite\'s)."""',
    "    rows = [[layer.name, type(layer).__name__, list(layer.output.shape),",
    "             int(layer.count_params())] for layer in model.layers]",
    "    with open(path, 'w', encoding='utf-8') as handle:",
    "        json.dump({'config': model.get_config(), 'summary': rows}, handle, default=list)",
]


_MAIN_ARGUMENTS = (  # the start of `main` in every style
    "def main():",
    "    parser = argparse.ArgumentParser(description=__doc__)",
    "    parser.add_argument('--epochs', type=int, default=EPOCHS, help='epochs to train')",
    "    parser.add_argument('--build-only', action='store_true', help='build and compile only')",
    "    parser.add_argument('--dump-config', metavar='OUT.json',",
    "                        help='write the model config and summary as JSON')",
    "    parser.add_argument('--save', default='trained_model.keras', help='where to save the model')",
)


_NO_DATA = "    print('the project has no dataset yet: the model is built, not trained')"


def _ended(lines: list[str]) -> list[str]:
    """`main` as written, then the line that runs it when the script is run."""
    return [*lines, "", "", "if __name__ == '__main__':", "    main()"]


def main_code(style: str, has_data: bool, distributed: bool = True, extras: bool = True,
              trainable: bool = True) -> list[str]:
    """`main`; `extras`: the script has callbacks() and class_weight()."""
    if not distributed:
        return _single_device_main(has_data, extras, trainable)
    lines = [
        *_MAIN_ARGUMENTS,
        "    add_strategy_arguments(parser)",
        "    args = parser.parse_args()",
        "    check_strategy(parser, args)",
        "    scope, chief = start_distribution(args)",
        "    # every process of a multi_host run must start from the same weights",
        "    seed = 0 if SEED is None and args.strategy == 'multi_host' else SEED",
        "    if seed is not None:",
        "        keras.utils.set_random_seed(seed)",
        "    with scope:",
        "        model = build_model()",
        "        if TRAINABLE:",
        "            compile_model(model)",
        "    model.summary()",
        "    if args.dump_config and chief:",
        "        dump(model, args.dump_config)",
        "    if args.build_only:",
        "        return",
    ]
    if not has_data:
        return _ended([*lines, _NO_DATA])
    lines += [
        "    if not TRAINABLE:",
        "        print('an output has no loss: choose one in Dendrite to train')",
        "        return",
        "    x, targets, own_test, feature_names = load_dataset()",
        "    parts = scale(split_data(x, targets, own_test))",
        "    x_train, y_train = (features(parts['train'][0], feature_names),",
        "                        labels(parts['train'][1]))",
        "    validation = None",
        "    if 'validation' in parts:",
        "        validation = (features(parts['validation'][0], feature_names),",
        "                      labels(parts['validation'][1]))",
        "    if args.strategy == 'multi_host':",
        "        train, steps = as_batches(x_train, y_train, 'training', seed)",
        "        data = {'x': train, 'steps_per_epoch': steps, 'shuffle': False}",
        "        if validation is not None:",
        "            data['validation_data'], data['validation_steps'] = as_batches(",
        "                *validation, 'validation')",
        "    else:",
        "        data = {'x': x_train, 'y': y_train, 'batch_size': BATCH_SIZE,",
        "                'validation_data': validation}",
        "    history = model.fit(**data, epochs=args.epochs, callbacks=callbacks(chief),",
        "                        class_weight=class_weight(y_train))",
        "    print('final loss:', history.history['loss'][-1])",
        "    if 'test' in parts:",
        "        x_test, y_test = (features(parts['test'][0], feature_names),",
        "                          labels(parts['test'][1]))",
        "        if args.strategy == 'multi_host':",
        "            test, steps = as_batches(x_test, y_test, 'test')",
        "            print(model.evaluate(test, steps=steps, return_dict=True))",
        "        else:",
        "            print(model.evaluate(x_test, y_test, batch_size=BATCH_SIZE,",
        "                                 return_dict=True))",
        "    if not chief:",
        "        print(f'process {args.process_id} done; process 0 saves the model')",
        "        return",
        "    with local_saving():",
        "        model.save(args.save)",
        "    print('model saved to', args.save)",
    ]
    return _ended(lines)


def _single_device_main(has_data: bool, extras: bool, trainable: bool) -> list[str]:
    """`main` for one device: the book's sequence, with no strategy scaffolding."""
    lines = [
        *_MAIN_ARGUMENTS,
        "    args = parser.parse_args()",
        "    if SEED is not None:",
        "        keras.utils.set_random_seed(SEED)",
        "    model = build_model()",
        "    compile_model(model)",
        "    model.summary()",
        "    if args.dump_config:",
        "        dump(model, args.dump_config)",
        "    if args.build_only:",
        "        return",
    ]
    if not has_data:
        return _ended([*lines, _NO_DATA])
    if not trainable:
        return _ended([*lines,
                       "    print('an output has no loss: choose one in Dendrite to train')"])
    fit_end = ("validation_data=data.get('validation'), callbacks=callbacks(),\n"
               "                        class_weight=class_weight(y_train))" if extras
               else "validation_data=data.get('validation'))")
    lines += [
        "    x, targets, own_test, feature_names = load_dataset()",
        "    parts = scale(split_data(x, targets, own_test))",
        "    data = {part: (features(x, feature_names), labels(y)) for part, (x, y) in "
        "parts.items()}",
        "    x_train, y_train = data['train']",
        "    history = model.fit(x_train, y_train, batch_size=BATCH_SIZE, epochs=args.epochs,",
        f"                        {fit_end}",
        "    print('final loss:', history.history['loss'][-1])",
        "    if 'test' in data:",
        "        print(model.evaluate(*data['test'], batch_size=BATCH_SIZE, return_dict=True))",
        "    model.save(args.save)",
        "    print('model saved to', args.save)",
    ]
    return _ended(lines)

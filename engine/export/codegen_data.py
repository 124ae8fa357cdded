"""The data part of a generated script: load the project's dataset (scikit-learn, Keras,
synthetic, points drawn by hand as a literal array, or CSV with self-contained code written
for the file's columns only), split it with the same seed and fractions as Dendrite, scale it
on the training split, and cut it into each Input's features and each Output's targets."""

from __future__ import annotations

from pathlib import Path

from engine.data.binding import output_encoding
from engine.data.columns import ColumnSpecError, parse_columns, planned_target_key
from engine.export.identifiers import literal
from engine.model_io import INPUTS, OUTPUTS, key_of
from engine.sections import DATA

REGRESSION_SETS = ("diabetes", "california_housing")


class DataCodeError(ValueError):
    pass


def data_constants(project) -> list[str]:
    data = project.data or {}
    return [f"TEST_FRACTION = {literal(float(DATA.value(data, 'split.test') or 0.0))}",
            f"VALIDATION_FRACTION = "
            f"{literal(float(DATA.value(data, 'split.validation') or 0.0))}",
            f"SPLIT_SEED = {literal(DATA.value(data, 'split.seed'))}"]


def loader_code(project) -> tuple[list[str], list[str]]:
    """(extra import lines, the load_dataset function) for the project's dataset."""
    spec = (project.data or {}).get("dataset") or {}
    source = spec.get("source")
    if source == "image_folder":
        raise DataCodeError("data.dataset: a generated script cannot read an image folder yet; "
                            "export the model file (.keras) instead")
    if spec.get("text_columns") and source != "csv":
        raise DataCodeError("data.dataset.text_columns: only a CSV file has text columns")
    if source == "sklearn":
        return _sklearn(spec.get("name"))
    if source == "keras":
        return _keras_set(spec.get("name"))
    if source == "synthetic":
        return _synthetic(spec)
    if source == "csv":
        return _csv(project, spec)
    if source == "points":
        return _points(spec)
    raise DataCodeError(f"data.dataset.source {source!r} cannot be written as code")


def _head(doc: str) -> list[str]:
    # returns x, {target: values}, the dataset's own test split or None, feature names
    return ["def load_dataset():", f'    """{doc}"""']


def _sklearn(name) -> tuple[list[str], list[str]]:
    from engine.data.sklearn_sets import NAMES

    if name not in NAMES:
        raise DataCodeError(f"there is no scikit-learn dataset {name!r}")
    loader = ("fetch_california_housing" if name == "california_housing"
              else f"load_{name}")
    regression = name in REGRESSION_SETS
    lines = _head(f"scikit-learn's {name} dataset.") + [
        f"    bunch = datasets.{loader}()",
        "    x = np.asarray(bunch.data, dtype=np.float64)",
        "    y = np.asarray(bunch.target, dtype=np.float64)" if regression else
        "    y = np.asarray(bunch.target).astype(np.int64)",
        '    names = [str(f) for f in getattr(bunch, "feature_names", None) or []]',
        '    return x, {"target": y}, None, names']
    return ["from sklearn import datasets"], lines


def _keras_set(name) -> tuple[list[str], list[str]]:
    if name not in ("fashion_mnist", "mnist"):
        raise DataCodeError(f"there is no Keras dataset {name!r}")
    lines = _head(f"Keras's {name} images (with their own test split).") + [
        f"    (x, y), (x_test, y_test) = keras.datasets.{name}.load_data()",
        '    return x, {"target": y.astype(np.int64)}, (x_test, {"target": '
        'y_test.astype(np.int64)}), []']
    return [], lines


def _synthetic(spec) -> tuple[list[str], list[str]]:
    from engine.data import synthetic

    name = spec.get("name")
    if name not in synthetic.NAMES:
        raise DataCodeError(f"there is no synthetic dataset {name!r}")
    samples = synthetic.DEFAULT_SAMPLES if spec.get("samples") is None else int(spec["samples"])
    noise = synthetic.DEFAULT_NOISE if spec.get("noise") is None else float(spec["noise"])
    seed = spec.get("seed")
    seed = None if seed is None else int(seed)
    head = _head(f"The synthetic {name} set: {samples} samples, noise {noise}.")
    if name in synthetic.GATES:
        rule = {"xor": "a ^ b", "and": "a & b", "or": "a | b"}[name]
        return [], head + [
            f"    rng = np.random.default_rng({literal(seed)})",
            "    corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])",
            f"    points = corners if {samples} == 4 else corners[rng.integers(0, 4, "
            f"{samples})]",
            f"    y = np.array([{rule} for a, b in points.tolist()], dtype=np.int64)",
            "    x = points.astype(np.float32)",
            f"    if {samples} != 4 and {literal(noise)} > 0:",
            f"        x = x + rng.normal(0.0, {literal(noise)}, x.shape).astype(np.float32)",
            '    return x, {"target": y}, None, ["x1", "x2"]']
    calls = {
        "moons": f"datasets.make_moons({samples}, noise={literal(noise)}, "
                 f"random_state={literal(seed)})",
        "circles": f"datasets.make_circles({samples}, noise={literal(noise)}, factor=0.5, "
                   f"random_state={literal(seed)})",
        "blobs": f"datasets.make_blobs({samples}, centers=3, cluster_std={literal(1.0 + noise)}"
                 f", random_state={literal(seed)})",
        "regression": f"datasets.make_regression({samples}, n_features=4, "
                      f"noise={literal(noise * 10)}, random_state={literal(seed)})",
    }
    target = ("np.asarray(y, np.float32)" if name == "regression"
              else "np.asarray(y, np.int64)")
    return ["from sklearn import datasets"], head + [
        f"    x, y = {calls[name]}",
        "    names = [f'x{i + 1}' for i in range(x.shape[1])]",
        f'    return np.asarray(x, np.float32), {{"target": {target}}}, None, names']


def _points(spec) -> tuple[list[str], list[str]]:
    """Points drawn by hand, written out as a literal array (checked as the app reads them:
    finite numbers and whole classes only, so no text reaches the script)."""
    from engine.data.errors import DataError
    from engine.data.points_source import read_points

    try:
        read_points(spec.get("points"))
    except DataError as exc:
        raise DataCodeError(str(exc)) from None
    rows = [literal([*(v if type(v) is int else float(v) for v in (x, y)), int(c)])
            for x, y, c in spec["points"]]
    lines = ["POINTS = np.array([  # x, y, class of each point drawn in Dendrite's Learn tab"]
    for row in rows:  # as many points a line as fit
        if len(lines) > 1 and len(lines[-1]) + len(row) + 2 <= 96:
            lines[-1] += f" {row},"
        else:
            lines.append(f"    {row},")
    return [], [*lines, "])", "", "", *_head(f"The {len(rows)} points drawn by hand.") + [
        '    x, classes = POINTS[:, :2].astype(np.float32), POINTS[:, 2].astype(np.int64)',
        '    return x, {"target": classes}, None, ["x1", "x2"]']]


def _csv(project, spec) -> tuple[list[str], list[str]]:
    raw = spec.get("path")
    if not isinstance(raw, str) or not raw:
        raise DataCodeError("data.dataset.path: the CSV file is not chosen")
    path = Path(raw)
    if not path.is_absolute() and project.path is not None:
        path = project.path.parent / path
    target = spec.get("target")
    names = [target] if isinstance(target, str) else list(target or [])
    if not names or not all(isinstance(n, str) for n in names):
        raise DataCodeError("data.dataset.target: choose the CSV target column")
    from engine.data import categorical, csv_source, text_columns
    from engine.data.errors import DataError
    from engine.export.codegen_csv import csv_loader, target_kinds

    try:  # the app's own decisions per column, so the script encodes exactly as it does
        text = text_columns.plan(spec)
        plan = csv_source.encoding_plan(path, names, *categorical.overrides(spec), text=text)
        kinds = target_kinds(path, names)
    except DataError as exc:
        raise DataCodeError(f"data.dataset: {exc}") from None
    given = ((project.data or {}).get("targets") or {}).values()
    default_target = any(planned_target_key(t, spec) not in names for t in given)
    return csv_loader(path, names, plan, text, kinds, default_target)


def split_code(scaling: str, own_test: bool, words: bool = False) -> list[str]:
    """split_data and scale, written for this project's split and scaling only (`words`:
    the last columns are text columns' word numbers, which scaling leaves alone)."""
    cut = ['    rest, rows = np.arange(len(x)), {}  # rows left, rows of each part']
    if own_test:  # the dataset's own test split; validation rows cut from the rest
        cut += ['    if VALIDATION_FRACTION > 0:',
                '        rest, rows["validation"] = train_test_split(',
                '            rest, test_size=VALIDATION_FRACTION, random_state=SPLIT_SEED)']
    else:
        cut += ['    for part, fraction in (("test", TEST_FRACTION), ("validation", '
                'VALIDATION_FRACTION)):',
                '        if fraction > 0:',
                '            rest, rows[part] = train_test_split(rest, test_size=fraction,',
                '                                                random_state=SPLIT_SEED)']
    lines = [
        "def split_data(x, targets, own_test):",
        '    """Train / validation / test parts, cut as Dendrite cuts them."""',
        *cut,
        '    rows["train"] = rest',
        *([f"    {'parts =' if own_test else 'return'} {{part: (x[i], {{k: v[i] for k, v in "
           "targets.items()}) for part, i in rows.items()}"]),
        *(['    parts["test"] = own_test', "    return parts"] if own_test else []),
        "",
        "",
        "def scale(parts):",
    ]
    if scaling == "standard" and words:
        return lines + [
            '    """Standard scaling of the number columns, fitted on the training part only;',
            "    the text columns' word numbers (the last columns) stay as they are.\"\"\"",
            '    train = parts["train"][0]',
            "    numbers = train.shape[1] - len(TEXT_COLUMNS) * SEQUENCE_LENGTH",
            "    if numbers == 0:",
            "        return parts",
            "    scaler = StandardScaler().fit(train[:, :numbers].astype(np.float64))",
            "    for name, (x, targets) in parts.items():",
            "        x = x.astype(np.float64)",
            "        x[:, :numbers] = scaler.transform(x[:, :numbers])",
            "        parts[name] = (x.astype(np.float32), targets)",
            "    return parts"]
    if scaling == "standard":
        return lines + [
            '    """Standard scaling, fitted on the training part only."""',
            '    train = parts["train"][0]',
            "    scaler = StandardScaler().fit(train.reshape(len(train), -1).astype(np.float64))",
            "    for name, (x, targets) in parts.items():",
            "        flat = scaler.transform(x.reshape(len(x), -1).astype(np.float64))",
            "        parts[name] = (flat.astype(np.float32).reshape(x.shape), targets)",
            "    return parts"]
    divide = " / np.float32(255.0)" if scaling == "divide255" else ""
    return lines + [
        f'    """Features as float32{" divided by 255" if divide else ""}."""',
        f"    return {{name: (np.asarray(x, dtype=np.float32){divide}, targets)",
        "            for name, (x, targets) in parts.items()}"]


def binding_code(project, analysis, inputs, outputs) -> list[str]:
    """INPUTS and OUTPUTS tables and the features / labels functions. `inputs` and
    `outputs` are graph nodes in model order."""
    given_inputs = (project.data or {}).get("inputs") or {}
    given_targets = (project.data or {}).get("targets") or {}
    rows = []
    for node in inputs:
        spec = given_inputs.get(node.id) or {}
        columns = spec.get("columns", "all") if isinstance(spec, dict) else "all"
        key = key_of(project.graph, INPUTS, node)  # its dict key (its name for a list)
        rows.append((key, _text_tokens(_columns(columns), project),
                     list(analysis.shape(node.id))))
    out_rows = []
    for node in outputs:
        encoding, units = output_encoding(node, analysis)  # the engine's binding analysis
        target = given_targets.get(node.id, "target")
        key = key_of(project.graph, OUTPUTS, node)
        out_rows.append((key, planned_target_key(target, (project.data or {}).get(
            "dataset")), encoding, units))
    if all(columns is None or all(isinstance(c, int) for c in columns)
           for _, columns, _ in rows):
        return _direct_binding(rows, out_rows)
    lines = ["# each Input: (name, feature columns or None for all, shape of one sample)",
             "INPUTS = ["]
    lines += [f"    {literal(tuple(r))}," for r in rows]
    lines += ["]", "# each Output: (name, target, encoding, units)", "OUTPUTS = ["]
    lines += [f"    {literal(tuple(r))}," for r in out_rows]
    lines += ["]", "", "",
              "def features(x, feature_names=()):",
              '    """Each Input\'s columns, shaped as the Input (one array when there is one)."""',
              "    flat = x.reshape(len(x), -1)",
              "    found = {}",
              "    for name, columns, shape in INPUTS:",
              "        if columns is not None:",
              "            columns = [list(feature_names).index(c) if isinstance(c, str) else c",
              "                       for c in columns]",
              "        picked = flat if columns is None else flat[:, columns]",
              "        found[name] = picked.reshape(len(x), *shape)",
              "    return next(iter(found.values())) if len(found) == 1 else found",
              "", "",
              "def labels(targets):",
              '    """Each Output\'s target, encoded as its loss needs."""',
              "    found = {}",
              "    for name, target, encoding, units in OUTPUTS:",
              "        values = targets[target]",
              '        if encoding == "sparse":',
              "            found[name] = values.astype(np.int64)",
              '        elif encoding == "one_hot":',
              "            found[name] = np.eye(units, dtype=np.float32)[values.astype(np.int64)]",
              "        else:",
              "            found[name] = values.astype(np.float32)",
              "    return next(iter(found.values())) if len(found) == 1 else found"]
    return lines


def _text_tokens(columns, project):
    """A CSV text column's name in a binding stands for its token columns, written as
    column numbers (the text columns' come last, as the app lays them out)."""
    from engine.data.data_shape import data_shape
    from engine.data.errors import DataError
    from engine.data.text_columns import plan

    spec = (project.data or {}).get("dataset")
    try:
        text = plan(spec)
        if columns is None or text is None:
            return columns
        base = project.path.parent if project.path is not None else None
        numbers = {name: i for i, name in enumerate(data_shape(spec, base).names())}
    except DataError:
        return columns
    found = []
    for column in columns:
        found.extend(text.names(column) if column in text.columns else [column])
    return [numbers.get(c, c) if isinstance(c, str) else c for c in found]


def _columns(value):
    if value is None or value == "all":
        return None
    try:
        return [int(i) for i in parse_columns(value, 10**9, None)]
    except ColumnSpecError:
        items = value.split(",") if isinstance(value, str) else list(value)
        out = []
        for item in items:
            try:
                out.extend(int(i) for i in parse_columns([item], 10**9, None))
            except ColumnSpecError:
                out.append(str(item).strip() if isinstance(item, str) else item)
        return out


def _direct_binding(rows, out_rows) -> list[str]:
    """features / labels written out for Inputs bound to all columns or to column numbers:
    one array for a lone Input or Output, else a dict by name."""
    def one(items):
        if len(items) == 1:
            return [f"    return {items[0][1]}"]
        inner = [f"        {literal(name)}: {value}," for name, value in items]
        return ["    return {", *inner, "    }"]

    every = all(columns is None for _, columns, _ in rows)  # no Input picks columns
    takes = []
    for name, columns, shape in rows:
        picked = ("x" if every else "flat") if columns is None else f"flat[:, {literal(columns)}]"
        sizes = ", ".join(str(int(d)) for d in shape)
        takes.append((name, f"{picked}.reshape(len(x), {sizes})"))
    encoded = []
    for name, target, encoding, units in out_rows:
        values = f"targets[{literal(target)}]"
        encoded.append((name, {
            "sparse": f"{values}.astype(np.int64)",
            "one_hot": f"np.eye({literal(units)}, dtype=np.float32)[{values}.astype(np.int64)]",
        }.get(encoding, f"{values}.astype(np.float32)")))
    return ["def features(x, feature_names=()):",
            '    """Each Input\'s columns, shaped as the Input."""',
            *([] if every else ["    flat = x.reshape(len(x), -1)"]),
            *one(takes),
            "", "",
            "def labels(targets):",
            '    """Each Output\'s target, encoded as its loss needs."""',
            *one(encoded)]

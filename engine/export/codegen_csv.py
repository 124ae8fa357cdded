"""Self-contained CSV loading for generated scripts, doing what `engine.data.csv_source`
does, written for this file's columns only: rows without a target left out, each target read
as the app reads it (class numbers of its texts or of a few whole numbers, else float values),
then one loop over `CSV_COLUMNS`, the app's own decision per feature column: "numbers" (missing
values filled by the mean) or its categories, one-hot encoded (missing values filled by the
most frequent, rare values grouped as OTHER). Text columns read as word sequences come last,
their vocabulary adapted on the training rows only, as Dendrite does. Only the code paths the
file needs are written: no imputer or encoder for kinds of column it does not have."""

from __future__ import annotations

from pathlib import Path

from engine.export.identifiers import comment_text, literal

WIDTH = 96


def csv_loader(path: Path, names: list[str], plan: dict, text, kinds: dict[str, str],
               default_target: bool) -> tuple[list[str], list[str]]:
    """(import lines, constants and load_dataset) for a CSV file. `plan`: the app's
    encoding plan ("numbers", the categories, or None when left out); `text`: the text
    columns' TextPlan or None; `kinds`: each target's kind (see `target_kinds`);
    `default_target`: an Output names the dataset's own target as "target"."""
    from engine.data.categorical import OTHER

    text_columns = list(text.columns) if text is not None else []
    columns = {k: v for k, v in plan.items() if v is not None}
    left_out = [k for k, v in plan.items() if v is None and k not in text_columns]
    numbers = any(v == "numbers" for v in columns.values())
    categories = any(v != "numbers" for v in columns.values())
    grouped = any(v != "numbers" and OTHER in v for v in columns.values())
    imports = ["import pandas as pd"]
    imports += ["from sklearn.impute import SimpleImputer"] if columns else []
    imports += ["from sklearn.preprocessing import OneHotEncoder"] if categories else []
    constants = [f"CSV_PATH = {literal(str(path))}", f"CSV_TARGETS = {literal(names)}"]
    if columns:
        said = " or ".join(["'numbers'"] * numbers + ["its categories, one-hot"] * categories)
        constants.append(f"# each feature column as Dendrite reads it: {said}")
        one = f"CSV_COLUMNS = {literal(columns)}"
        constants += [one] if len(one) <= WIDTH else [
            "CSV_COLUMNS = {", *(f"    {literal(k)}: {literal(v)}," for k, v in columns.items()),
            "}"]
    if left_out:
        said = comment_text("left out as Dendrite decided: " + ", ".join(map(repr, left_out)),
                            WIDTH - 2)
        constants.append(f"# {said}")
    if grouped:
        constants.append(f"OTHER = {literal(OTHER)}  # the category rare texts were grouped into")
    if text is not None:
        constants += [f"TEXT_COLUMNS = {literal(text_columns)}",
                      f"MAX_TOKENS = {literal(text.max_tokens)}",
                      f"SEQUENCE_LENGTH = {literal(text.sequence_length)}"]
    lines = [
        "def load_dataset():",
        '    """The CSV file: features, {target: values}, no own test split, feature names."""',
        "    frame = pd.read_csv(CSV_PATH, skipinitialspace=True).dropna(subset=CSV_TARGETS)",
        *_targets(names, kinds),
    ]
    if default_target:  # an Output bound to "target": the first target column
        lines.append("    targets['target'] = targets[CSV_TARGETS[0]]")
    lines.append("    blocks, names = [], []")
    if columns:
        lines += _column_loop(numbers, categories, grouped)
    if text is not None:
        lines += [
            "    train_rows = split_data(np.arange(len(frame)), {}, None)['train'][0]",
            "    for name in TEXT_COLUMNS:  # word numbers, the vocabulary learnt on training rows",
            "        texts = frame[name].fillna('').astype(str).to_numpy()",
            "        words = layers.TextVectorization(max_tokens=MAX_TOKENS,",
            "                                         output_sequence_length=SEQUENCE_LENGTH)",
            "        words.adapt(texts[train_rows])",
            "        blocks.append(np.asarray(words(texts), dtype=np.float32))",
            "        names.extend(f'{name}[{i}]' for i in range(SEQUENCE_LENGTH))",
        ]
    lines.append("    return np.hstack(blocks).astype(np.float32), targets, None, names")
    return imports, [*constants, "", "", *lines]


_TARGET_CODE = {  # how each kind of target column is read (see target_kinds)
    "values": "pd.to_numeric(frame[{0}]).to_numpy(np.float32)",
    "number_classes": "np.unique(pd.to_numeric(frame[{0}]), return_inverse=True)[1]",
    "text_classes": "np.unique(frame[{0}].astype(str), return_inverse=True)[1]",
}


def _targets(names: list[str], kinds: dict[str, str]) -> list[str]:
    items = [f"{literal(n)}: {_TARGET_CODE[kinds[n]].format(literal(n))}" for n in names]
    one = "    targets = {" + ", ".join(items) + "}"
    if len(one) <= WIDTH:
        return [one]
    return ["    targets = {", *[f"        {item}," for item in items], "    }"]


def _column_loop(numbers: bool, categories: bool, grouped: bool) -> list[str]:
    number_lines = [
        "numbers = pd.to_numeric(frame[name], errors='coerce').astype(float).to_frame()",
        "blocks.append(SimpleImputer(strategy='mean').fit_transform(numbers))",
        "names.append(name)",
    ]
    category_lines = [
        "texts = frame[[name]].astype(object).where(frame[[name]].notna(), None).to_numpy()",
        "fill = SimpleImputer(strategy='most_frequent', missing_values=None)",
        "texts = fill.fit_transform(texts).astype(str)",
        *(["texts = np.where(np.isin(texts, plan), texts, OTHER)"] if grouped else []),
        "encoder = OneHotEncoder(categories=[plan], handle_unknown='ignore',",
        "                        sparse_output=False)",
        "blocks.append(encoder.fit_transform(texts))",
        "names.extend(f'{name}={c}' for c in plan)",
    ]
    if numbers and categories:
        return ["    for name, plan in CSV_COLUMNS.items():",
                "        if plan == 'numbers':",
                *[" " * 12 + line for line in number_lines],
                "        else:  # a text column: its categories, one-hot",
                *[" " * 12 + line for line in category_lines]]
    if numbers:
        return ["    for name in CSV_COLUMNS:", *[" " * 8 + line for line in number_lines]]
    return ["    for name, plan in CSV_COLUMNS.items():  # text columns: categories, one-hot",
            *[" " * 8 + line for line in category_lines]]


def target_kinds(path: Path, names: list[str]) -> dict[str, str]:
    """How the app reads each target column: "values" (regression), "number_classes" (a
    few whole numbers, in numeric order) or "text_classes" (its texts, in text order)."""
    from engine.data import csv_source

    frame, names, _report = csv_source._read(path, names)
    kinds = {}
    for name in names:
        if not csv_source._target(frame[name], name, path).is_classification:
            kinds[name] = "values"
        elif csv_source._numbers(frame[name], name, path) is None:
            kinds[name] = "text_classes"
        else:
            kinds[name] = "number_classes"
    return kinds

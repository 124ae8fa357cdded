"""Self-contained CSV loading for generated scripts, doing what `engine.data.csv_source`
does: rows without a target left out, text targets and small integer targets as classes,
number columns with missing values filled by the mean, text columns one-hot encoded (missing
filled by the most frequent value, rare values grouped as OTHER); which column is which, and
its categories, is `CSV_COLUMNS`, written by the app from its own decisions."""

CSV_HELPERS = [
    "def csv_target(column):",
    '    """Class numbers for text or a few whole numbers; else float values."""',
    "    numbers = pd.to_numeric(column, errors=\"coerce\")",
    "    if numbers.notna().all():",
    "        values = numbers.to_numpy(dtype=np.float64)",
    "        distinct = np.unique(values)",
    "        if np.all(np.mod(distinct, 1) == 0) and len(distinct) <= 20:",
    "            return np.searchsorted(distinct, values).astype(np.int64)",
    "        return values.astype(np.float32)",
    "    texts = column.astype(str).to_numpy()",
    "    return np.unique(texts, return_inverse=True)[1].astype(np.int64)",
    "",
    "",
    "def csv_column(column, plan):",
    '    """(block of feature values, names) of one column as `plan` says (see CSV_COLUMNS),',
    '    or None to leave it out."""',
    "    if plan is None:",
    "        return None",
    "    if plan == \"numbers\":",
    "        numbers = pd.to_numeric(column, errors=\"coerce\")",
    "        values = numbers.to_numpy(dtype=np.float64).reshape(-1, 1)",
    "        if numbers.isna().any():",
    "            values = SimpleImputer(strategy=\"mean\").fit_transform(values)",
    "        return values, [str(column.name)]",
    "    texts = column.astype(object).where(column.notna(), None).to_numpy().reshape(-1, 1)",
    "    if column.isna().any():",
    "        texts = SimpleImputer(strategy=\"most_frequent\", missing_values=None)"
    ".fit_transform(texts)",
    "    texts = texts.astype(str)",
    "    if OTHER in plan:",
    "        texts = np.where(np.isin(texts, plan), texts, OTHER)",
    "    encoder = OneHotEncoder(categories=[list(plan)], handle_unknown=\"ignore\",",
    "                            sparse_output=False)",
    "    return encoder.fit_transform(texts), [f\"{column.name}={c}\" for c in plan]",
    "",
    "",
    "def load_dataset():",
    '    """The CSV file: features, {target: values}, no own test split, feature names."""',
    "    frame = pd.read_csv(CSV_PATH, skipinitialspace=True)",
    "    frame = frame[~frame[CSV_TARGETS].isna().any(axis=1)]",
    "    targets = {name: csv_target(frame[name]) for name in CSV_TARGETS}",
    "    targets.setdefault(\"target\", targets[CSV_TARGETS[0]])  # a column may be named so",
    "    blocks, names = [], []",
    "    for name in frame.columns:",
    "        if name in CSV_TARGETS:",
    "            continue",
    "        found = csv_column(frame[name], CSV_COLUMNS.get(str(name)))",
    "        if found is not None:",
    "            blocks.append(found[0])",
    "            names.extend(found[1])",
    "    return np.hstack(blocks).astype(np.float32), targets, None, names",
]

# inserted before load_dataset's return when the project reads text columns: each becomes
# SEQUENCE_LENGTH word numbers, with a vocabulary adapted on the training rows only (the
# rows split_data keeps for training), as Dendrite does
TEXT_LINES = [
    "    train_rows = split_data(np.arange(len(frame)), {}, None)[\"train\"][0]",
    "    for name in TEXT_COLUMNS:",
    "        texts = frame[name].fillna(\"\").astype(str).to_numpy()",
    "        words = keras.layers.TextVectorization(max_tokens=MAX_TOKENS,",
    "                                               output_sequence_length=SEQUENCE_LENGTH)",
    "        words.adapt(texts[train_rows])",
    "        blocks.append(np.asarray(words(texts), dtype=np.float32))",
    "        names.extend(f\"{name}[{i}]\" for i in range(SEQUENCE_LENGTH))",
]

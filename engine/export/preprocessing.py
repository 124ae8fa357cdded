"""The data preprocessing an exported model carries, so that it eats the data the user loaded:
`standard` scaling becomes a `keras.layers.Normalization` holding the training split's mean
and variance (the same StandardScaler the app fits), `divide255` a `Rescaling`.

Two forms: RAW (the default: preprocessing inside the model) and SCALED (the model only; its
inputs must be scaled as the app scaled them)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.export.load_hints import H5, KERAS, LITERT, ONNX

RAW, SCALED = "raw", "scaled"
FORMS = (RAW, SCALED)
FORM_LABELS = {
    RAW: "raw data in (scaling inside the model)",
    SCALED: "model only, inputs already scaled",
}
VERIFY_SAMPLES = 256  # test rows run through each exported file


@dataclass
class InputStep:
    """What one Input's data goes through inside the exported model."""

    scaling: str  # "standard" or "divide255"
    mean: np.ndarray | None = None  # standard: shaped as one sample of the Input
    variance: np.ndarray | None = None


@dataclass
class Preprocessing:
    """The steps per Input node id, the sentence that says which form is written, and a
    batch of samples to verify with: the form's inputs and the app's own (scaled) inputs."""

    form: str
    steps: dict[str, InputStep] = field(default_factory=dict)
    note: str = ""
    inputs: dict[str, np.ndarray] | None = None  # what the exported file is fed
    app_inputs: dict[str, np.ndarray] | None = None  # what the app's model is fed
    columns: object = None  # CSV raw form: engine.export.csv_columns.CsvColumns
    bound_columns: dict[str, np.ndarray] = field(default_factory=dict)  # per Input node id
    # CSV raw form only: gaps filled with built-in layers (the legacy .h5 loader reads no
    # Keras ops), or the numeric core alone (one input of encoded columns) for the ONNX and
    # LiteRT files that encode the raw columns in their own operators
    layers_only: bool = False
    core: bool = False

    @property
    def changes_model(self) -> bool:
        return bool(self.steps) or self.columns is not None

    def layer_name(self, input_name: str, taken: set[str]) -> str:
        name, n = f"{input_name}_scaling", 2
        while name in taken:
            name, n = f"{input_name}_scaling_{n}", n + 1
        return name

    def input_hook(self, graph):
        """`prepare_input(node, tensor)` for engine.compiler.build_model (None: nothing to
        add)."""
        if not self.changes_model:
            return None
        taken = {n.name for n in graph.nodes}
        if self.columns is not None:
            return _CsvHook(self, taken)

        def prepare(node, tensor):
            step = self.steps.get(node.id)
            return tensor if step is None else self._layer(step, node.name, taken)(tensor)

        return prepare

    def scaled(self, node, tensor, taken: set[str]):
        step = self.steps.get(node.id)
        return tensor if step is None else self._layer(step, node.name, taken)(tensor)

    def _layer(self, step: InputStep, input_name: str, taken: set[str]):
        from engine.keras_setup import keras as _keras

        layers = _keras().layers
        name = self.layer_name(input_name, taken)
        taken.add(name)
        if step.scaling == "divide255":
            return layers.Rescaling(1.0 / 255.0, name=name)
        rank = step.mean.ndim
        axis = -1 if rank == 1 else tuple(range(1, rank + 1))
        return layers.Normalization(axis=axis, mean=step.mean, variance=step.variance,
                                    name=name)


class _CsvHook:
    """Raw CSV columns in: `model_inputs` are the model's inputs (one per column); each
    graph Input gets its bound feature columns, then its scaling."""

    def __init__(self, plan: Preprocessing, taken: set[str]):
        from engine.export.csv_columns import fresh_layer_name, select_features
        from engine.keras_setup import keras as _keras

        self._plan, self._taken, self._select = plan, taken, select_features
        self._keras = _keras()
        if plan.core:
            name = fresh_layer_name("encoded_columns", taken)
            self._features = self._keras.Input(shape=(plan.columns.n_features,), name=name)
            self.model_inputs = [self._features]
        else:
            self.model_inputs = plan.columns.keras_inputs()
            self._features = plan.columns.encode(self.model_inputs, taken, plan.layers_only)

    def __call__(self, node, tensor):
        picked = self._select(self._keras, self._features, self._plan.bound_columns[node.id],
                              self._plan.columns.n_features, node.name, self._taken)
        return self._plan.scaled(node, picked, self._taken)


def plan_preprocessing(project, form: str = RAW, fmt: str = KERAS) -> Preprocessing:
    """The preprocessing to put in the model for `form`, with verification samples (from
    the test split, else validation, else training), for a file of format `fmt`
    (engine.export.load_hints). A project without data gets none."""
    if form not in FORMS:
        from engine.export.weights import ExportError

        raise ExportError(f"unknown export form {form!r}: choose one of {', '.join(FORMS)}")
    data = project.data or {}
    if not data.get("dataset"):
        return Preprocessing(form, note="model only (the project has no data bound)")
    from engine.data import bind, prepare_data
    from engine.data.errors import DataError
    from engine.sections import scaling_of

    base = project.path.parent if project.path else None
    scaling = scaling_of(data)
    try:
        raw = prepare_data({**data, "scaling": "none"}, base)
    except DataError as exc:
        if form == RAW and scaling != "none":
            from engine.export.weights import ExportError

            raise ExportError(
                f"the raw-data form puts the {scaling} scaling inside the model and needs "
                f"the training data for it: {exc} (or export the model only, inputs already "
                "scaled)") from None
        return Preprocessing(form, note=f"model only (the data cannot be loaded: {exc})")
    scaled = prepare_data(data, base, dataset=raw.dataset)
    binding = bind(project.graph, data, scaled)
    if not binding.ok:
        return Preprocessing(form, note="model only (the data does not fit the graph)")
    split = next(s for s in ("test", "validation", "train") if s in scaled.splits)
    app_inputs = _head(binding.x(scaled, split))
    csv = (data.get("dataset") or {}).get("source") == "csv"
    columns = (_csv_columns(project, raw.dataset, base, raw.splits["train"].texts)
               if csv and form == RAW else None)
    if columns is not None and columns.word_columns and fmt in (ONNX, LITERT):
        from engine.export.csv_columns import words_refusal
        from engine.export.weights import ExportError

        raise ExportError(words_refusal(fmt, columns.word_columns))
    encoded = _encoded_note(raw.dataset) if csv and columns is None else ""
    if columns is None and (form == SCALED or scaling == "none"):
        what = ("inputs already scaled as the app scales them" if scaling != "none"
                else "inputs as the data holds them (no scaling)")
        return Preprocessing(form, note=f"model only: {what}{encoded}",
                             inputs=app_inputs, app_inputs=app_inputs)
    steps, layer = _scaling_steps(scaling, scaled, binding)
    inside = f"{layer} inside the model" if layer else "no scaling"
    if columns is None:
        return Preprocessing(form, steps, f"raw data in: {inside}{encoded}",
                             inputs=_head(binding.x(raw, split)), app_inputs=app_inputs)
    flat = [b.name for b in binding.inputs.values() if len(b.shape) != 1]
    if flat:
        from engine.export.weights import ExportError

        raise ExportError(f"input {flat[0]!r}: the raw CSV form needs flat inputs (one row "
                          "of columns); export the model only (inputs encoded)")
    rows = _split_rows(data, base, raw.dataset, split)[:VERIFY_SAMPLES]
    spec = data["dataset"]
    from engine.export.csv_columns import text_feed

    text = (f", text {text_feed(fmt)} with '' for a gap"
            if columns.text_columns or columns.word_columns else "")
    return Preprocessing(
        form, steps,
        f"raw CSV columns in (one input per column: numbers float32 with NaN for a gap{text}"
        f"): {columns.describe(fmt)}; then {inside}",
        inputs=columns.raw_rows(spec, base, rows),
        app_inputs=app_inputs, columns=columns,
        bound_columns={k: np.asarray(b.columns) for k, b in binding.inputs.items()},
        layers_only=fmt == H5)


def _scaling_steps(scaling: str, scaled, binding) -> tuple[dict, str]:
    """Each Input's scaling step and the layer that does it, in words ("" for none)."""
    from engine.export.input_preprocessing import scaling_layer_words

    if scaling == "standard":
        figures = scaled.standard  # the app's own, per feature column (engine.data.prepare)
        steps = {}
        for node_id, bound in binding.inputs.items():
            columns = np.asarray(bound.columns)
            mean, scale = figures.mean[columns], figures.scale[columns]
            if not mean.any() and (scale == 1).all():  # word numbers, left as they are
                continue
            mean, scale = mean.reshape(bound.shape), scale.reshape(bound.shape)
            per_channel = (mean.reshape(-1, bound.shape[-1]), scale.reshape(-1, bound.shape[-1]))
            if len(bound.shape) > 1 and all((f == f[0]).all() for f in per_channel):
                mean, scale = per_channel[0][0], per_channel[1][0]  # an image folder's
            steps[node_id] = InputStep("standard", mean.astype(np.float32),
                                       (scale ** 2).astype(np.float32))
        return steps, scaling_layer_words(scaling)
    if scaling == "divide255":
        return ({node_id: InputStep("divide255") for node_id in binding.inputs},
                scaling_layer_words(scaling))
    return {}, ""


def _csv_columns(project, dataset, base, train_texts: dict):
    """The CSV's raw columns when the app encodes them (text, words or gaps), else None."""
    from engine.export.csv_columns import plan_csv_columns

    columns = plan_csv_columns(project.data["dataset"], base, dataset,
                               {n.name for n in project.graph.nodes}, train_texts)
    needed = columns.text_columns or columns.gap_columns or columns.word_columns
    return columns if needed else None


def _encoded_note(dataset) -> str:
    """What the app does to a CSV's columns before the model (the model-only form)."""
    words = ", ".join(repr(c) for c in dataset.texts)
    as_words = (f"{words} as word numbers of the app's TextVectorization, other " if words
                else "")
    return (f" (CSV columns encoded before the model as the app does: {as_words}text "
            "one-hot, gaps filled)")


def _split_rows(data: dict, base, dataset, split: str) -> np.ndarray:
    """The positions of `split`'s rows in the dataset, split by the app's own code."""
    from dataclasses import replace

    from engine.data import prepare_data

    positions = np.arange(len(dataset.x), dtype=np.float64).reshape(-1, 1)
    numbered = replace(dataset, x=positions, feature_names=["row"], texts={})  # rows only
    split_x = prepare_data({**data, "scaling": "none"}, base, dataset=numbered).splits[split].x
    return split_x[:, 0].astype(np.int64)


def _head(inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {name: np.asarray(x[:VERIFY_SAMPLES], dtype=np.float32)
            for name, x in inputs.items()}

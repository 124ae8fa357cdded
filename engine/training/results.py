"""Evaluation and prediction results as plain data: test figures, per-sample predictions
with class probabilities and the predicted class (the seed's `predict` and `argmax`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.data.binding import ONE_HOT, SPARSE, Binding
from engine.data.prepare import PreparedData
from engine.losses import probabilities


@dataclass
class OutputPredictions:
    output: str
    task: str  # "classification" or "regression"
    predicted: np.ndarray  # class numbers, or values
    true: np.ndarray
    probabilities: np.ndarray | None = None  # (samples, classes) for classification
    class_names: list[str] | None = None

    def predicted_names(self) -> list[str]:
        if not self.class_names:
            return [f"{v:g}" for v in self.predicted]
        return [self.class_names[int(i)] for i in self.predicted]

    def confusion_matrix(self) -> np.ndarray:
        """Rows: true class, columns: predicted class (classification only)."""
        n = len(self.class_names or []) or int(max(self.true.max(), self.predicted.max())) + 1
        matrix = np.zeros((n, n), dtype=np.int64)
        np.add.at(matrix, (self.true.astype(np.int64), self.predicted.astype(np.int64)), 1)
        return matrix


MISCLASSIFIED_LIMIT = 40  # misclassified images kept for the Results tab


@dataclass
class MisclassifiedImage:
    """A test image the model got wrong: its sample number in the split, the image as the
    model saw it ((h, w) or (h, w, channels)), and the true and predicted class names."""

    index: int
    image: np.ndarray
    true: str
    predicted: str


@dataclass
class Predictions:
    split: str
    indices: np.ndarray  # sample numbers inside the split
    outputs: dict[str, OutputPredictions]
    # for image data: the first misclassified samples of the first classification output
    misclassified: list[MisclassifiedImage] = field(default_factory=list)
    image_data: bool = False  # whether the samples are images (the grid shows even none)


def make_predictions(raw, binding: Binding, data: PreparedData, split: str,
                     indices: np.ndarray, graph=None) -> Predictions:
    """`raw` is what `model.predict` gave (an array, or one per output in model order);
    `graph`, when given, says which outputs give logits: those become probabilities."""
    outputs = list(binding.outputs.values())
    arrays = raw if isinstance(raw, list | tuple) else [raw]
    if isinstance(raw, dict):
        arrays = [raw[b.name] for b in outputs]
    targets = data.splits[split].targets
    found = {}
    for node_id, b, values in zip(binding.outputs, outputs, arrays, strict=False):
        values = _shown_values(values, graph, node_id)
        true = targets[b.target][indices]
        info = data.dataset.target(b.target)
        if b.encoding in (SPARSE, ONE_HOT):
            found[b.name] = OutputPredictions(b.name, "classification", values.argmax(axis=-1),
                                              true, values, info.class_names)
        elif info.is_classification and values.shape[-1] == 1 and info.n_classes <= 2:
            p = values[:, 0]
            found[b.name] = OutputPredictions(b.name, "classification",
                                              (p >= 0.5).astype(np.int64), true,
                                              np.stack([1 - p, p], axis=1), info.class_names)
        else:
            found[b.name] = OutputPredictions(b.name, "regression", values.reshape(len(values)),
                                              true)
    predictions = Predictions(split, indices, found)
    if data.is_image:
        predictions.image_data = True
        predictions.misclassified = misclassified_images(predictions, data)
    return predictions


def _shown_values(values, graph, node_id: str) -> np.ndarray:
    """An output's predictions as the Results tab shows them: logits (an Output with
    from_logits) become probabilities, other values stay as they are."""
    node = graph.node(node_id) if graph is not None and graph.has_node(node_id) else None
    if node is None or node.kind is None:
        return np.asarray(values)
    return probabilities(values, node.kind.resolved(node.params))


def misclassified_images(predictions: Predictions, data: PreparedData,
                         limit: int = MISCLASSIFIED_LIMIT) -> list[MisclassifiedImage]:
    """The first `limit` samples whose predicted class is not the true one (of the first
    classification output), with their images; [] for tables or regression."""
    out = next((o for o in predictions.outputs.values() if o.task == "classification"), None)
    if out is None:
        return []
    wrong = np.flatnonzero(out.predicted.astype(np.int64) != out.true.astype(np.int64))[:limit]
    if not len(wrong):
        return []
    rows = np.asarray(predictions.indices, np.int64)[wrong]
    part = data.splits[predictions.split]
    images = part.images(rows) if hasattr(part, "images") else np.asarray(part.x)[rows]
    names = out.class_names or []

    def name(value) -> str:
        value = int(value)
        return names[value] if 0 <= value < len(names) else str(value)

    return [MisclassifiedImage(int(row), np.asarray(image), name(out.true[k]),
                               name(out.predicted[k]))
            for row, image, k in zip(rows, images, wrong, strict=True)]

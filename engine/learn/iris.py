"""The seed's perceptron on iris petals: is this flower an Iris setosa?"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: The seed's plotting box: petal length 0..5 cm, petal width 0..2 cm.
AXES = (0.0, 5.0, 0.0, 2.0)
DEFAULT_QUERY = (2.0, 0.5)


@dataclass
class IrisPerceptron:
    classifier: object
    petals: np.ndarray  # (150, 2) petal length, petal width
    is_setosa: np.ndarray  # (150,) 0/1

    def predict(self, length: float, width: float) -> int:
        return int(self.classifier.predict(np.array([[length, width]]))[0])

    def line(self) -> tuple[float, float]:
        """Slope a and intercept b of the decision line: width = a * length + b."""
        w = self.classifier.coef_[0]
        return float(-w[0] / w[1]), float(-self.classifier.intercept_[0] / w[1])

    def region_grid(self, columns: int = 500, rows: int = 200) -> np.ndarray:
        """Predicted class over AXES as a (columns, rows) array, x along the first axis."""
        xs = np.linspace(AXES[0], AXES[1], columns)
        ys = np.linspace(AXES[2], AXES[3], rows)
        gx, gy = np.meshgrid(xs, ys, indexing="ij")
        classes = self.classifier.predict(np.c_[gx.ravel(), gy.ravel()])
        return classes.reshape(columns, rows)


def fit_iris_perceptron() -> IrisPerceptron:
    from sklearn.datasets import load_iris
    from sklearn.linear_model import Perceptron

    iris = load_iris()
    petals = iris.data[:, (2, 3)]
    is_setosa = (iris.target == 0).astype(int)
    classifier = Perceptron(max_iter=1000, tol=1e-3, random_state=42)
    classifier.fit(petals, is_setosa)
    return IrisPerceptron(classifier, petals, is_setosa)

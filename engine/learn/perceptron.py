"""A threshold logic unit trained with the perceptron rule w <- w + eta (y - y_hat) x."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

DEFAULT_LEARNING_RATE = 0.1
TIE_TOLERANCE = 1e-9  # relative to |w|·|x| + |b|: rounding of a sum that is mathematically 0

GATE_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
GATE_TARGETS: dict[str, np.ndarray] = {
    "AND": np.array([0, 0, 0, 1]),
    "OR": np.array([0, 1, 1, 1]),
    "NAND": np.array([1, 1, 1, 0]),
    "XOR": np.array([0, 1, 1, 0]),
}


def heaviside(z: np.ndarray | float) -> np.ndarray:
    """0 when z < 0, 1 when z >= 0."""
    return (np.asarray(z) >= 0).astype(float)


def sign(z: np.ndarray | float) -> np.ndarray:
    """-1 when z < 0, 0 when z == 0, +1 when z > 0."""
    return np.sign(np.asarray(z, dtype=float))


STEP_FUNCTIONS: dict[str, Callable[[np.ndarray | float], np.ndarray]] = {
    "heaviside": heaviside,
    "sign": sign,
}


def gate_dataset(gate: str) -> tuple[np.ndarray, np.ndarray]:
    """The four input pairs of a logic gate and its 0/1 outputs."""
    if gate not in GATE_TARGETS:
        raise ValueError(f"unknown gate {gate!r}; choose one of {', '.join(GATE_TARGETS)}")
    return GATE_INPUTS.copy(), GATE_TARGETS[gate].copy()


def linearly_separable(points: np.ndarray, classes: np.ndarray) -> bool:
    """Whether one straight line puts every class-1 point on one side and class-0 on the other.

    Solved exactly as a linear programme: find w, b with s_i (w·x_i + b) >= 1, s_i = ±1.
    """
    from scipy.optimize import linprog

    points = np.asarray(points, dtype=float)
    classes = np.asarray(classes)
    if len(set(classes.tolist())) < 2:
        return True
    signs = np.where(classes == 1, 1.0, -1.0)
    a_ub = -signs[:, None] * np.c_[points, np.ones(len(points))]
    result = linprog(
        c=np.zeros(3),
        A_ub=a_ub,
        b_ub=-np.ones(len(points)),
        bounds=[(None, None)] * 3,
        method="highs",
    )
    return bool(result.status == 0)


class PerceptronTrainer:
    """One TLU on 2-D inputs, trained a sample at a time in a fixed order.

    Class labels are 0/1; with the sign step the targets become -1/+1 so the error y - y_hat
    keeps its meaning.
    """

    def __init__(
        self,
        points: np.ndarray,
        classes: np.ndarray,
        learning_rate: float = DEFAULT_LEARNING_RATE,
        step: str = "heaviside",
    ) -> None:
        if step not in STEP_FUNCTIONS:
            raise ValueError(f"unknown step function {step!r}; choose heaviside or sign")
        if learning_rate <= 0:
            raise ValueError(f"learning rate must be positive, got {learning_rate}")
        self.points = np.asarray(points, dtype=float).reshape(-1, 2)
        self.classes = np.asarray(classes, dtype=int).reshape(-1)
        self.learning_rate = float(learning_rate)
        self.step_name = step
        self.weights = np.zeros(2)
        self.bias = 0.0
        self.sample_index = 0
        self.epoch = 0
        self.errors_this_epoch = 0
        self.errors_per_epoch: list[int] = []

    @property
    def targets(self) -> np.ndarray:
        return self.classes if self.step_name == "heaviside" else 2 * self.classes - 1

    def weighted_sums(self, points: np.ndarray) -> np.ndarray:
        """w·x + b of each point, exactly 0 for a point on the line.

        The weights add up rounded steps of eta (0.1 + 0.1 - 0.3 is not 0 in floating
        point), so a point that lies on the line mathematically can come out at -2.8e-17;
        a sum within rounding of its terms' size is that tie, and the step function's own
        rule decides it (heaviside(0) = 1, sign(0) = 0).
        """
        points = np.asarray(points, dtype=float).reshape(-1, 2)
        z = points @ self.weights + self.bias
        size = np.abs(points) @ np.abs(self.weights) + abs(self.bias)
        return np.where(np.abs(z) <= TIE_TOLERANCE * size, 0.0, z)

    def outputs(self, points: np.ndarray) -> np.ndarray:
        return STEP_FUNCTIONS[self.step_name](self.weighted_sums(points))

    def on_boundary(self) -> np.ndarray:
        """Indices of the training points that lie exactly on the decision line."""
        if len(self.points) == 0:
            return np.zeros(0, dtype=int)
        return np.flatnonzero(self.weighted_sums(self.points) == 0.0)

    def predict_class(self, points: np.ndarray) -> np.ndarray:
        """0/1 class of each point (sign's 0 output counts as class 0)."""
        return (self.outputs(points) > 0).astype(int)

    def misclassified(self) -> int:
        return int(np.sum(self.outputs(self.points) != self.targets))

    def train_sample(self) -> bool:
        """Apply the rule to the next sample; True when the weights changed."""
        if len(self.points) == 0:
            return False
        x = self.points[self.sample_index]
        error = float(self.targets[self.sample_index] - self.outputs(x)[0])
        if error != 0.0:
            self.weights = self.weights + self.learning_rate * error * x
            self.bias += self.learning_rate * error
            self.errors_this_epoch += 1
        self.sample_index += 1
        if self.sample_index == len(self.points):
            self.errors_per_epoch.append(self.errors_this_epoch)
            self.errors_this_epoch = 0
            self.sample_index = 0
            self.epoch += 1
        return error != 0.0

    def train_epoch(self) -> int:
        """Run the samples left in this epoch; returns the epoch's error count."""
        if len(self.points) == 0:
            return 0
        start_epoch = self.epoch
        while self.epoch == start_epoch:
            self.train_sample()
        return self.errors_per_epoch[-1]

    @property
    def converged(self) -> bool:
        return bool(self.errors_per_epoch) and self.errors_per_epoch[-1] == 0

    def decision_line(
        self, x_range: tuple[float, float], y_range: tuple[float, float]
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """Two end points of w1·x + w2·y + b = 0 spanning the box, or None without a line."""
        w1, w2 = self.weights
        if abs(w1) < 1e-12 and abs(w2) < 1e-12:
            return None
        if abs(w2) >= abs(w1):
            xs = np.array(x_range, dtype=float)
            return xs, -(w1 * xs + self.bias) / w2
        ys = np.array(y_range, dtype=float)
        return -(w2 * ys + self.bias) / w1, ys

"""A 2-H-1 multilayer perceptron in numpy, trained by backpropagation on XOR.

Hidden activation tanh (or "linear" to show why non-linearity matters), sigmoid output,
binary cross-entropy, full-batch gradient descent from a fixed seed: fast and deterministic.
"""

from __future__ import annotations

import numpy as np

XOR_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_TARGETS = np.array([0.0, 1.0, 1.0, 0.0])

HIDDEN_ACTIVATIONS = ("tanh", "linear")
DEFAULT_SEED = 42
DEFAULT_LEARNING_RATE = 0.5


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -60.0, 60.0)))


class XorMLP:
    def __init__(
        self,
        hidden_units: int = 4,
        hidden_activation: str = "tanh",
        learning_rate: float = DEFAULT_LEARNING_RATE,
        seed: int = DEFAULT_SEED,
    ) -> None:
        if hidden_activation not in HIDDEN_ACTIVATIONS:
            raise ValueError(f"hidden activation must be tanh or linear, got {hidden_activation!r}")
        if hidden_units < 1:
            raise ValueError(f"the hidden layer needs at least one unit, got {hidden_units}")
        rng = np.random.default_rng(seed)
        self.hidden_activation = hidden_activation
        self.learning_rate = float(learning_rate)
        # Glorot-uniform like Keras's Dense default, zero biases.
        limit_1 = np.sqrt(6.0 / (2 + hidden_units))
        limit_2 = np.sqrt(6.0 / (hidden_units + 1))
        self.w1 = rng.uniform(-limit_1, limit_1, size=(2, hidden_units))
        self.b1 = np.zeros(hidden_units)
        self.w2 = rng.uniform(-limit_2, limit_2, size=(hidden_units, 1))
        self.b2 = np.zeros(1)
        self.steps = 0
        self.losses: list[float] = []

    @property
    def hidden_units(self) -> int:
        return self.w1.shape[1]

    def _hidden(self, points: np.ndarray) -> np.ndarray:
        z = points @ self.w1 + self.b1
        return np.tanh(z) if self.hidden_activation == "tanh" else z

    def predict_proba(self, points: np.ndarray) -> np.ndarray:
        points = np.asarray(points, dtype=float).reshape(-1, 2)
        return _sigmoid(self._hidden(points) @ self.w2 + self.b2)[:, 0]

    def loss(self) -> float:
        p = np.clip(self.predict_proba(XOR_INPUTS), 1e-7, 1 - 1e-7)
        t = XOR_TARGETS
        return float(-np.mean(t * np.log(p) + (1 - t) * np.log(1 - p)))

    def accuracy(self) -> float:
        predicted = (self.predict_proba(XOR_INPUTS) >= 0.5).astype(float)
        return float(np.mean(predicted == XOR_TARGETS))

    def train_step(self) -> float:
        """One full-batch gradient-descent step on the four XOR samples; returns the loss."""
        x, t = XOR_INPUTS, XOR_TARGETS[:, None]
        hidden = self._hidden(x)
        p = _sigmoid(hidden @ self.w2 + self.b2)
        # Sigmoid + cross-entropy: dL/dz_out = p - t (averaged over the batch).
        d_out = (p - t) / len(x)
        grad_w2 = hidden.T @ d_out
        grad_b2 = d_out.sum(axis=0)
        d_hidden = d_out @ self.w2.T
        if self.hidden_activation == "tanh":
            d_hidden = d_hidden * (1.0 - hidden**2)
        grad_w1 = x.T @ d_hidden
        grad_b1 = d_hidden.sum(axis=0)
        self.w1 -= self.learning_rate * grad_w1
        self.b1 -= self.learning_rate * grad_b1
        self.w2 -= self.learning_rate * grad_w2
        self.b2 -= self.learning_rate * grad_b2
        self.steps += 1
        current = self.loss()
        self.losses.append(current)
        return current

    def train(self, steps: int) -> float:
        for _ in range(steps):
            self.train_step()
        return self.loss()

    def probability_grid(self, low: float = -0.5, high: float = 1.5, size: int = 60) -> np.ndarray:
        """Output probability on a size x size grid over [low, high]², x along the first axis."""
        axis = np.linspace(low, high, size)
        gx, gy = np.meshgrid(axis, axis, indexing="ij")
        return self.predict_proba(np.c_[gx.ravel(), gy.ravel()]).reshape(size, size)

    def hidden_lines(self) -> list[tuple[float, float, float]]:
        """(w_x, w_y, b) of each hidden unit: its line is w_x·x + w_y·y + b = 0."""
        return [
            (float(self.w1[0, j]), float(self.w1[1, j]), float(self.b1[j]))
            for j in range(self.hidden_units)
        ]

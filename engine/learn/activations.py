"""Activation functions and their derivatives, as plotted in the seed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

LEAKY_SLOPE = 0.05
ELU_ALPHA = 1.0

Curve = Callable[[np.ndarray], np.ndarray]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


@dataclass(frozen=True)
class Activation:
    name: str
    function: Curve
    derivative: Curve
    saturates: bool
    note: str


def _f(values: Curve) -> Curve:
    return lambda z: np.asarray(values(np.asarray(z, dtype=float)), dtype=float)


ACTIVATIONS: tuple[Activation, ...] = (
    Activation(
        "sigmoid",
        _f(_sigmoid),
        _f(lambda z: _sigmoid(z) * (1 - _sigmoid(z))),
        True,
        "saturates at 0 and 1; its slope is at most 0.25 and vanishes for large |z|",
    ),
    Activation(
        "tanh",
        _f(np.tanh),
        _f(lambda z: 1 - np.tanh(z) ** 2),
        True,
        "saturates at -1 and 1; centred on 0, slope 1 at the origin",
    ),
    Activation(
        "ReLU",
        _f(lambda z: np.maximum(0.0, z)),
        _f(lambda z: (z > 0).astype(float)),
        False,
        "slope 1 for z > 0 passes gradients on unchanged; 0 for z <= 0",
    ),
    Activation(
        "leaky ReLU",
        _f(lambda z: np.where(z > 0, z, LEAKY_SLOPE * z)),
        _f(lambda z: np.where(z > 0, 1.0, LEAKY_SLOPE)),
        False,
        f"like ReLU but slope {LEAKY_SLOPE} below 0, so units never die",
    ),
    Activation(
        "ELU",
        _f(lambda z: np.where(z > 0, z, ELU_ALPHA * np.expm1(np.minimum(z, 0.0)))),
        _f(lambda z: np.where(z > 0, 1.0, ELU_ALPHA * np.exp(np.minimum(z, 0.0)))),
        True,
        "smooth; saturates at -α for very negative z only",
    ),
    Activation(
        "softplus",
        _f(lambda z: np.logaddexp(0.0, z)),
        _f(_sigmoid),
        False,
        "a smooth ReLU: log(1 + e^z); its slope is the sigmoid",
    ),
    Activation(
        "step",
        _f(lambda z: (z >= 0).astype(float)),
        _f(np.zeros_like),
        True,
        "Heaviside: slope 0 everywhere (undefined at 0), so gradient descent cannot use it",
    ),
    Activation(
        "sign",
        _f(np.sign),
        _f(np.zeros_like),
        True,
        "-1, 0 or +1: slope 0 everywhere (undefined at 0)",
    ),
)

BY_NAME: dict[str, Activation] = {activation.name: activation for activation in ACTIVATIONS}

SATURATION_NOTE = (
    "Sigmoid and tanh saturate: for large |z| their output flattens and their derivative falls "
    "towards 0. Backpropagation multiplies these derivatives layer by layer (the chain rule), so "
    "in saturated units the error gradient shrinks and the lower layers barely learn. ReLU and its "
    "relatives keep slope 1 for z > 0 and pass the gradient on. The step and sign functions have "
    "slope 0 everywhere, which is why MLPs replaced them with smooth activations."
)


def get_activation(name: str) -> Activation:
    if name not in BY_NAME:
        raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(BY_NAME)}")
    return BY_NAME[name]

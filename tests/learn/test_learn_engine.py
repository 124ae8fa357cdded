"""The Learn area's maths: the seed's truth tables, the perceptron rule, iris, XOR, activations."""

import numpy as np
import pytest

from engine.learn.activations import ACTIVATIONS, get_activation
from engine.learn.iris import DEFAULT_QUERY, fit_iris_perceptron
from engine.learn.neurons import (
    NETWORKS,
    gate_name,
    threshold_truth_table,
)
from engine.learn.perceptron import (
    DEFAULT_LEARNING_RATE,
    PerceptronTrainer,
    gate_dataset,
    linearly_separable,
)
from engine.learn.xor_mlp import XorMLP

# Rows (A, B) = 00, 01, 10, 11.
SEED_TABLES = {
    "C = A": [0, 0, 1, 1],
    "C = A ∧ B": [0, 0, 0, 1],
    "C = A ∨ B": [0, 1, 1, 1],
    "C = A ∧ ¬B": [0, 0, 1, 0],
}


def test_mcculloch_pitts_networks_give_the_seeds_truth_tables():
    assert {net.formula: net.truth_table() for net in NETWORKS} == SEED_TABLES


@pytest.mark.parametrize(
    ("weights", "threshold", "name"),
    [
        ((1, 1), 2, "AND"),
        ((1, 1), 1, "OR"),
        ((-1, -1), -1, "NAND"),
        ((-1, -1), 0, "NOR"),
        ((1, 0), 1, "A"),
        ((1, -1), 1, "A AND NOT B"),
        ((-1, 0), 0, "NOT A"),
        ((0, 0), 1, "always 0"),
    ],
)
def test_free_threshold_neuron_is_named_by_its_gate(weights, threshold, name):
    assert gate_name(threshold_truth_table(*weights, threshold)) == name


def test_gate_name_rejects_a_table_of_the_wrong_length():
    with pytest.raises(ValueError, match="four 0/1 outputs"):
        gate_name([0, 1])


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND"])
@pytest.mark.parametrize("step", ["heaviside", "sign"])
def test_perceptron_rule_separates_linear_gates_within_20_epochs(gate, step):
    trainer = PerceptronTrainer(*gate_dataset(gate), DEFAULT_LEARNING_RATE, step)
    for _ in range(20):
        if trainer.train_epoch() == 0:
            break
    assert trainer.converged
    assert trainer.misclassified() == 0
    points, classes = gate_dataset(gate)
    assert trainer.predict_class(points).tolist() == classes.tolist()


def test_perceptron_never_solves_xor_in_1000_epochs():
    trainer = PerceptronTrainer(*gate_dataset("XOR"))
    errors = [trainer.train_epoch() for _ in range(1000)]
    assert min(errors) > 0
    assert not trainer.converged
    assert not linearly_separable(*gate_dataset("XOR"))


def test_one_sample_step_applies_the_rule():
    trainer = PerceptronTrainer(*gate_dataset("AND"), learning_rate=0.5)
    trainer.train_sample()  # (0, 0) -> target 0, heaviside(0) = 1: error -1
    assert trainer.weights.tolist() == [0.0, 0.0]
    assert trainer.bias == -0.5
    assert trainer.sample_index == 1


def test_decision_line_lies_on_w_dot_x_plus_b_zero():
    trainer = PerceptronTrainer(*gate_dataset("OR"))
    for _ in range(5):
        trainer.train_epoch()
    xs, ys = trainer.decision_line((-1, 2), (-1, 2))
    z = np.c_[xs, ys] @ trainer.weights + trainer.bias
    assert np.allclose(z, 0)


def test_bad_perceptron_settings_are_refused_with_a_message():
    with pytest.raises(ValueError, match="learning rate"):
        PerceptronTrainer(*gate_dataset("AND"), learning_rate=0)
    with pytest.raises(ValueError, match="step function"):
        PerceptronTrainer(*gate_dataset("AND"), step="relu")


def test_iris_perceptron_calls_the_seeds_query_setosa():
    model = fit_iris_perceptron()
    assert DEFAULT_QUERY == (2.0, 0.5)
    assert model.predict(*DEFAULT_QUERY) == 1
    assert model.predict(4.5, 1.5) == 0
    grid = model.region_grid(50, 20)
    assert set(np.unique(grid).tolist()) == {0, 1}


def test_numpy_mlp_solves_xor_with_a_fixed_seed():
    mlp = XorMLP(hidden_units=4, hidden_activation="tanh")
    mlp.train(1000)
    assert mlp.accuracy() == 1.0
    assert mlp.losses[-1] < mlp.losses[0]
    again = XorMLP(hidden_units=4, hidden_activation="tanh")
    again.train(1000)
    assert np.array_equal(again.w1, mlp.w1)


def test_linear_mlp_cannot_solve_xor():
    mlp = XorMLP(hidden_units=4, hidden_activation="linear")
    mlp.train(1000)
    assert mlp.accuracy() <= 0.75


@pytest.mark.parametrize("activation", ACTIVATIONS, ids=lambda a: a.name)
def test_derivatives_match_finite_differences(activation):
    z = np.array([-4.0, -1.3, -0.4, 0.3, 0.9, 2.5, 5.0])  # away from the kinks at 0
    h = 1e-6
    numeric = (activation.function(z + h) - activation.function(z - h)) / (2 * h)
    assert np.allclose(activation.derivative(z), numeric, atol=1e-5)


def test_unknown_activation_is_named_in_the_error():
    with pytest.raises(ValueError, match="swish"):
        get_activation("swish")

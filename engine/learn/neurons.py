"""McCulloch-Pitts neurons as logic gates, and naming the gate a threshold neuron computes."""

from __future__ import annotations

from dataclasses import dataclass, field

#: The four input combinations (A, B), in truth-table order.
INPUT_ROWS: tuple[tuple[int, int], ...] = ((0, 0), (0, 1), (1, 0), (1, 1))

#: McCulloch and Pitts' neuron fires when at least this many excitatory connections are active.
FIRING_THRESHOLD = 2


@dataclass(frozen=True)
class McCullochPittsNetwork:
    """Inputs A and B wired to one output neuron C.

    `excitatory` counts the connections from each input to C (two connections from A mean A alone
    makes C fire); an active input listed in `inhibitory` blocks C whatever else is active.
    """

    name: str
    formula: str
    excitatory: dict[str, int] = field(default_factory=dict)
    inhibitory: frozenset[str] = frozenset()

    def fires(self, a: int, b: int) -> int:
        active = {"A": bool(a), "B": bool(b)}
        if any(active[source] for source in self.inhibitory):
            return 0
        signals = sum(count for source, count in self.excitatory.items() if active[source])
        return int(signals >= FIRING_THRESHOLD)

    def truth_table(self) -> list[int]:
        return [self.fires(a, b) for a, b in INPUT_ROWS]


#: The seed's four networks (figure 10-3 of Hands-On ML).
NETWORKS: tuple[McCullochPittsNetwork, ...] = (
    McCullochPittsNetwork("identity", "C = A", {"A": 2}),
    McCullochPittsNetwork("and", "C = A ∧ B", {"A": 1, "B": 1}),
    McCullochPittsNetwork("or", "C = A ∨ B", {"A": 2, "B": 2}),
    McCullochPittsNetwork("and_not", "C = A ∧ ¬B", {"A": 2}, frozenset({"B"})),
)

#: Every Boolean function of two inputs, keyed by its outputs for INPUT_ROWS.
GATE_NAMES: dict[tuple[int, int, int, int], str] = {
    (0, 0, 0, 0): "always 0",
    (0, 0, 0, 1): "AND",
    (0, 0, 1, 0): "A AND NOT B",
    (0, 0, 1, 1): "A",
    (0, 1, 0, 0): "B AND NOT A",
    (0, 1, 0, 1): "B",
    (0, 1, 1, 0): "XOR",
    (0, 1, 1, 1): "OR",
    (1, 0, 0, 0): "NOR",
    (1, 0, 0, 1): "XNOR",
    (1, 0, 1, 0): "NOT B",
    (1, 0, 1, 1): "A OR NOT B",
    (1, 1, 0, 0): "NOT A",
    (1, 1, 0, 1): "B OR NOT A",
    (1, 1, 1, 0): "NAND",
    (1, 1, 1, 1): "always 1",
}


def threshold_fires(weight_a: float, weight_b: float, threshold: float, a: int, b: int) -> int:
    """A free threshold neuron: fires when w_A·A + w_B·B reaches the threshold."""
    return int(weight_a * a + weight_b * b >= threshold)


def threshold_truth_table(weight_a: float, weight_b: float, threshold: float) -> list[int]:
    return [threshold_fires(weight_a, weight_b, threshold, a, b) for a, b in INPUT_ROWS]


def gate_name(outputs: list[int] | tuple[int, ...]) -> str:
    """The gate whose truth table (in INPUT_ROWS order) is `outputs`."""
    key = tuple(int(v) for v in outputs)
    if key not in GATE_NAMES:
        raise ValueError(f"a truth table needs four 0/1 outputs, got {list(outputs)}")
    return GATE_NAMES[key]

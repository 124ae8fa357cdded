"""The words and written-out numbers of the backpropagation walk-through: each step's
explanation and the chain rule for one weight. Plain text, no Qt."""

from __future__ import annotations

from dataclasses import dataclass

from engine.data.binding import LOSS_WORDS

DIGITS = 4
TERMS_SHOWN = 8  # samples written out in the chain rule (the sum always covers the batch)



def number(value: float) -> str:
    """How every number of the walk-through is written (the view shows the same text)."""
    return f"{value:+.{DIGITS}f}"


@dataclass
class ChainTerm:
    sample: int
    x: float  # the weight's input for this sample (1 for a bias)
    d_a: float  # dL/da_j
    slope: float | None  # f'(z_j) (None for softmax: dL/dz comes from its Jacobian)
    d_z: float  # dL/dz_j
    product: float  # x * dL/dz_j


@dataclass
class ChainRule:
    layer: str
    row: int  # -1: the bias
    column: int
    source: str  # the node whose output feeds this weight
    activation: str | None
    terms: list[ChainTerm]
    gradient: float
    old: float
    new: float
    learning_rate: float
    downstream: tuple[str, list[tuple[float, float]]] | None = None

    @property
    def weight_name(self) -> str:
        if self.row < 0:
            return f"b[{self.column + 1}] of {self.layer}"
        return f"w[{self.row + 1},{self.column + 1}] of {self.layer}"

    @property
    def term_sum(self) -> float:
        return sum(t.product for t in self.terms)

    def lines(self) -> list[str]:
        """The chain rule for this weight with the actual numbers, line by line."""
        j = self.column + 1
        x_name = "1 (bias)" if self.row < 0 else f"x{self.row + 1} (output {self.row + 1} of " \
                                                  f"{self.source})"
        f = self.activation or "f"
        lines = [f"Chain rule for {self.weight_name}: the weight's input is {x_name}.",
                 f"z{j} = Σ x·w + b,  a{j} = {f}(z{j}),  so  ∂L/∂w = Σ over samples of "
                 f"x · ∂L/∂a{j} · {f}′(z{j})"]
        if any(t.slope is None for t in self.terms):
            lines[-1] = (f"z{j} = Σ x·w + b, a = {f}(z): ∂L/∂z{j} comes through the {f} "
                         f"Jacobian, so ∂L/∂w = Σ over samples of x · ∂L/∂z{j}")
        if self.downstream is not None:
            following, pairs = self.downstream
            sums = " + ".join(f"({number(d)} × {number(w)})" for d, w in pairs[:TERMS_SHOWN])
            more = " + …" if len(pairs) > TERMS_SHOWN else ""
            total = self.terms[0].d_a
            lines.append(f"∂L/∂a{j} (sample 1) = Σk ∂L/∂zk of {following} × w[{j},k] = "
                         f"{sums}{more} = {number(total)}")
        for t in self.terms[:TERMS_SHOWN]:
            if t.slope is None:
                lines.append(f"sample {t.sample + 1}: {number(t.x)} × {number(t.d_z)} = "
                             f"{number(t.product)}")
            else:
                lines.append(f"sample {t.sample + 1}: {number(t.x)} × {number(t.d_a)} × "
                             f"{number(t.slope)} = {number(t.product)}")
        if len(self.terms) > TERMS_SHOWN:
            lines.append(f"… and {len(self.terms) - TERMS_SHOWN} more samples")
        lines.append(f"∂L/∂w = sum of the {len(self.terms)} terms = {number(self.term_sum)}"
                     f"   (TensorFlow's GradientTape: {number(self.gradient)})")
        lines.append(f"update: w ← w − η·∂L/∂w = {number(self.old)} − {self.learning_rate:g} × "
                     f"{number(self.gradient)} = {number(self.new)}")
        return lines


def loss_word(name: str) -> str:
    return LOSS_WORDS.get(name, name)


def describe_steps(walk) -> list[tuple[str, str, str, str | None]]:
    """(kind, title, text, node) of every step, in order: the seed's algorithm steps 0-7."""
    steps = [("batch", f"Pick a mini-batch of {walk.batch_size} samples",
              "One mini-batch goes through the network at a time (the seed's step 0); "
              "an epoch is one pass over every mini-batch of the training set.", None)]
    layers = [n for n in walk.nodes if not n.is_input]
    for node in layers:
        if node.z is not None:
            text = (f"Each neuron of {node.name} sums its weighted inputs, z = x·W + b, and "
                    f"applies its activation, a = {node.activation}(z). Its outputs go to "
                    f"the next layer (forward pass, steps 1-3).")
        else:
            text = f"{node.name} ({node.layer_class}) passes its inputs on, reshaped or joined."
        steps.append(("forward", f"Forward: {node.name}", text, node.name))
    words = ", ".join(f"{loss_word(loss)} on {name}" for name, loss in walk.loss_names.items())
    steps.append(("loss", f"Loss = {number(walk.loss)}",
                  f"The loss compares the outputs with the targets ({words}; step 4).", None))
    for node in reversed(layers):
        text = ("∂L/∂a: how much the loss changes with each output of "
                f"{node.name}, carried back by the chain rule (steps 5-6).")
        if node.z is not None:
            text += " ∂L/∂z = ∂L/∂a · f′(z); each weight's gradient is Σ x · ∂L/∂z."
        steps.append(("backward", f"Backward: {node.name}", text, node.name))
    if walk.chain is not None:
        steps.append(("chain", f"Chain rule for {walk.chain.weight_name}",
                      "One weight's gradient written out with the batch's numbers.",
                      walk.chain.layer))
    steps.append(("update", f"Update: w ← w − {walk.learning_rate:g} · ∂L/∂w",
                  "Gradient descent moves every weight and bias against its gradient "
                  "(step 7): what one SGD train_on_batch does.", None))
    return steps


RANDOM_IN_TRAINING = ("Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
                      "GaussianDropout", "GaussianNoise", "AlphaDropout")


def inference_note(walk) -> str:
    """A sentence when the walk-through differs from a training step: layers that are random
    in training (Dropout, noise) are run in inference mode, passing their input on."""
    found = sorted({n.layer_class for n in walk.nodes if n.layer_class in RANDOM_IN_TRAINING})
    if not found:
        return ""
    return (f" Note: {', '.join(found)} runs in inference mode here (it passes its input "
            "on); in training it drops or perturbs a random share, so a real train_on_batch "
            "differs from these numbers.")

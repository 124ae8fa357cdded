"""The declaration of the project's `training` section: each setting with its default.

The learning rate's default depends on the optimizer (engine.losses.default_learning_rate),
so it is declared as null and `learning_rate(spec)` asks for it."""

from __future__ import annotations

from engine.losses import OPTIMIZERS, default_learning_rate
from engine.params import BOOL, CHOICE, FLOAT, INT, JSON, ParamSpec
from engine.sections.section import Section

MAX_SEED = 2**31 - 1

TRAINING = Section("training", (
    ParamSpec("optimizer.name", CHOICE, "sgd", "The optimizer.", choices=tuple(OPTIMIZERS),
              label="Optimizer"),
    ParamSpec("optimizer.learning_rate", FLOAT, None, "Step size (0.01 for sgd, 0.001 "
              "for the others when not set).", minimum=1e-12, nullable=True,
              label="Learning rate"),
    ParamSpec("optimizer.momentum", FLOAT, 0.0, "Momentum of SGD.", minimum=0.0,
              maximum=1.0, max_exclusive=True, label="Momentum (SGD)"),
    ParamSpec("optimizer.nesterov", BOOL, False, "Nesterov momentum for SGD."),
    ParamSpec("epochs", INT, 30, "Passes over the training split.", minimum=1,
              maximum=1_000_000, label="Epochs"),
    ParamSpec("batch_size", INT, 32, "Samples per step (the global batch when mirrored).",
              minimum=1, maximum=1 << 24, label="Batch size"),
    ParamSpec("seed", INT, None, "Same seed, same data, same result on the CPU (null: "
              "unseeded).", minimum=0, maximum=MAX_SEED, nullable=True, label="Seed"),
    ParamSpec("early_stopping.monitor", JSON, "val_loss", "The history entry early stopping "
              "watches."),
    ParamSpec("early_stopping.patience", INT, 10, "Epochs without improvement before "
              "stopping.", minimum=0, maximum=1_000_000, label="Patience"),
    ParamSpec("early_stopping.restore_best_weights", BOOL, True, "Go back to the best "
              "epoch's weights when stopping.", label="restore best weights"),
    ParamSpec("checkpoint.monitor", JSON, "val_loss", "The history entry the checkpoint "
              "watches."),
    ParamSpec("checkpoint.save_best_only", BOOL, True, "Keep only the best epoch's model.",
              label="best only"),
    ParamSpec("tensorboard", BOOL, False, "Write TensorBoard logs of each run into "
              "NAME.dendrite-logs beside the project.", label="TensorBoard logs"),
), objects=("optimizer", "early_stopping", "checkpoint"))


def learning_rate(spec: dict | None) -> float:
    """The written learning rate, or the optimizer's usual one."""
    rate = TRAINING.value(spec, "optimizer.learning_rate")
    if rate is None:
        rate = default_learning_rate(str(TRAINING.value(spec, "optimizer.name")))
    return float(rate)

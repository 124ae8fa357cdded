"""The declaration of the project's `data` section: each setting with its default."""

from __future__ import annotations

from engine.params import BOOL, CHOICE, FLOAT, INT, SHAPE, STR_LIST, ParamSpec
from engine.sections.section import Section

SCALINGS = ("none", "standard", "divide255")
COLOR_MODES = ("rgb", "grayscale")
MAX_SEED = 2**31 - 1

DATA = Section("data", (
    ParamSpec("scaling", CHOICE, "none",
              "none; standard: scikit-learn's StandardScaler fitted on the training split; "
              "divide255: pixels to 0-1.", choices=SCALINGS, nullable=True, label="Scaling"),
    ParamSpec("split.test", FLOAT, 0.2, "Fraction held out for the test split (a dataset "
              "with its own test split keeps it; null: none).", minimum=0.0, maximum=1.0,
              max_exclusive=True, nullable=True, label="Test fraction"),
    ParamSpec("split.validation", FLOAT, 0.2, "Fraction of the rest held out for validation "
              "(null: none).", minimum=0.0, maximum=1.0, max_exclusive=True, nullable=True,
              label="Validation fraction"),
    ParamSpec("split.seed", INT, 42, "Seed of the shuffle before splitting (null: a new "
              "shuffle each time).", minimum=0, maximum=MAX_SEED, nullable=True,
              label="Split seed"),
    ParamSpec("dataset.samples", INT, 200, "Points a synthetic set draws.", minimum=1,
              maximum=10_000_000, label="Samples"),
    ParamSpec("dataset.noise", FLOAT, 0.1, "Noise of a synthetic set.", minimum=0.0,
              maximum=100.0, label="Noise"),
    ParamSpec("dataset.keep_columns", STR_LIST, [], "CSV columns used in full even when "
              "they look like an id or have many rare categories (names).",
              label="Keep columns"),
    ParamSpec("dataset.leave_out", STR_LIST, [], "CSV columns never used as features "
              "(names).", label="Leave out columns"),
    ParamSpec("dataset.as_images", BOOL, False, "Read digits, MNIST or Fashion-MNIST as "
              "images with one channel (8x8x1, 28x28x1), the input of Conv2D.",
              label="As images"),
    ParamSpec("dataset.image_size", SHAPE, [64, 64], "An image folder's images are resized "
              "to [height, width].", label="Image size"),
    ParamSpec("dataset.color_mode", CHOICE, "rgb", "An image folder's images read with 3 "
              "channels (rgb) or 1 (grayscale).", choices=COLOR_MODES, label="Colour mode"),
    ParamSpec("dataset.text_columns", STR_LIST, [], "CSV columns read as text: each becomes "
              "sequence_length word numbers (a TextVectorization adapted on the training "
              "split), the input of an Embedding.", label="Text columns"),
    ParamSpec("dataset.max_tokens", INT, 1000, "Vocabulary size of the text columns (with "
              "0 for padding and 1 for unknown words): the Embedding's input_dim.",
              minimum=3, maximum=10_000_000, label="Vocabulary size"),
    ParamSpec("dataset.sequence_length", INT, 20, "Words kept of each text (shorter texts "
              "padded with 0).", minimum=1, maximum=100_000, label="Sequence length"),
    ParamSpec("dataset.seed", INT, None, "Seed of a synthetic set (null: new points each "
              "time).", minimum=0, maximum=MAX_SEED, nullable=True, label="Data seed"),
), objects=("dataset", "split", "inputs", "targets"))


def scaling_of(spec: dict | None) -> str:
    """The scaling the section asks for (null reads as the default)."""
    return DATA.value(spec, "scaling") or DATA.default("scaling")


def has_split(spec: dict | None, name: str) -> bool:
    """Whether the section holds out a `test` or `validation` split."""
    return bool(DATA.value(spec, f"split.{name}"))

"""Preprocessing layers inside the model: Normalization, Rescaling, CenterCrop, and the
augmentation layers (RandomFlip, RandomRotation, RandomZoom, RandomTranslation), which act
only while training and pass images through unchanged at prediction."""

from dataclasses import replace

from engine.catalogue import _rules
from engine.catalogue._keras_args import (
    BOOL,
    CHOICE,
    FILL_MODES,
    FLOAT,
    INT,
    JSON,
    ParamSpec,
    keras_kind,
)
from engine.catalogue.base import Inferred, ShapeError

GROUP = "Preprocessing"


def _numbers(value, name: str) -> list | None:
    if value is None:
        return None
    values = value if isinstance(value, list | tuple) else [value]
    if not values or not all(isinstance(v, int | float) and not isinstance(v, bool)
                             for v in values):
        raise ShapeError(f"{name}: expected a number or a list of numbers, got "
                         f"{str(value)[:60]}", "param")
    return list(values)


def _normalization_infer(p, shapes):
    (shape,) = shapes
    axis = p["axis"]
    channels = shape[_rules.axis_index(axis, len(shape))]
    mean, variance = _numbers(p["mean"], "mean"), _numbers(p["variance"], "variance")
    if (mean is None) != (variance is None):
        raise ShapeError("give both mean and variance, or neither (then the layer learns them "
                         "from the training data)", "param")
    if mean is None:  # mean, variance and the count of samples seen, kept as weights
        return Inferred(tuple(shape), 0, 2 * channels + 1)
    for name, values in (("mean", mean), ("variance", variance)):
        if len(values) not in (1, channels):
            raise ShapeError(f"{name} has {len(values)} values; axis {axis} has {channels}",
                             "param")
    return Inferred(tuple(shape))


def _plain_numbers(value):
    return list(value) if isinstance(value, list | tuple) else value


def _normalization_from_keras(config):
    axis = config.get("axis", -1)
    axis = list(axis) if isinstance(axis, list | tuple) else [axis]
    if len(axis) != 1:
        return None
    return {"axis": axis[0], "mean": _plain_numbers(config.get("mean")),
            "variance": _plain_numbers(config.get("variance")),
            "invert": config.get("invert", False)}


NORMALIZATION = keras_kind(
    "Normalization", GROUP, "Subtracts a mean and divides by a standard deviation per "
    "feature; without values given it learns them from the training data (adapt).",
    (ParamSpec("axis", INT, -1, "The feature axis (counted with the batch axis as 0).",
               minimum=-8, maximum=8),
     ParamSpec("mean", JSON, None, "Mean per feature (empty: learned from the data).",
               nullable=True),
     ParamSpec("variance", JSON, None, "Variance per feature (empty: learned from the "
               "data).", nullable=True),
     ParamSpec("invert", BOOL, False, "Undo a normalisation instead.")),
    _normalization_infer, from_keras=_normalization_from_keras)

RESCALING = keras_kind(
    "Rescaling", GROUP, "Multiplies every value by scale, then adds offset (1/255 maps pixel "
    "values to 0-1).",
    (ParamSpec("scale", FLOAT, 1 / 255, "Factor applied first.", minimum=-1e9, maximum=1e9,
               key=True),
     ParamSpec("offset", FLOAT, 0.0, "Added after scaling.", minimum=-1e9, maximum=1e9)),
    lambda p, s: _rules.same_shape(s), positional=("scale",))


def _image_size(p, shapes, what: str):
    (shape,) = shapes
    (height, width), channels = _rules.spatial_input(shape, 2, what)
    return height, width, channels


def _center_crop_infer(p, shapes):
    _image_size(p, shapes, "CenterCrop")
    return Inferred((p["height"], p["width"], shapes[0][-1]))


def _side(name: str) -> ParamSpec:
    return ParamSpec(name, INT, 224, f"Output {name} in pixels (a smaller image is resized).",
                     minimum=1, maximum=100_000, key=True)


CENTER_CROP = keras_kind(
    "CenterCrop", GROUP, "Cuts the central part of each image to a fixed size.",
    (_side("height"), _side("width")), _center_crop_infer, positional=("height", "width"))


def _augment_infer(what: str):
    def infer(p, shapes):
        _image_size(p, shapes, what)
        return Inferred(tuple(shapes[0]))
    return infer


def _seed() -> ParamSpec:
    return ParamSpec("seed", INT, None, "Seed of the random draws (empty: new ones each run).",
                     minimum=0, maximum=2**31 - 1, nullable=True)


def _fill() -> tuple[ParamSpec, ...]:
    return (ParamSpec("fill_mode", CHOICE, "reflect", "How pixels outside the image are "
                      "filled.", choices=FILL_MODES),
            ParamSpec("interpolation", CHOICE, "bilinear", "How pixels are resampled.",
                      choices=("bilinear", "nearest")),
            ParamSpec("fill_value", FLOAT, 0.0, "The value outside the image when fill_mode "
                      "is 'constant'.", minimum=-1e9, maximum=1e9))


def _factor(name: str, default, help_text: str, nullable: bool = False) -> ParamSpec:
    return ParamSpec(name, FLOAT, default, help_text, minimum=-1.0, maximum=1.0,
                     nullable=nullable, key=not nullable)


RANDOM_FLIP = keras_kind(
    "RandomFlip", GROUP, "While training, flips images at random (at prediction it passes "
    "them through).",
    (ParamSpec("mode", CHOICE, "horizontal_and_vertical", "Which flips.", key=True,
               choices=("horizontal", "vertical", "horizontal_and_vertical")), _seed()),
    _augment_infer("RandomFlip"))

RANDOM_ROTATION = keras_kind(
    "RandomRotation", GROUP, "While training, rotates images by a random angle up to "
    "factor x 360 degrees either way.",
    (ParamSpec("factor", FLOAT, 0.1, "Largest rotation, as a fraction of a full turn.",
               minimum=0.0, maximum=1.0, key=True), *_fill(), _seed()),
    _augment_infer("RandomRotation"), positional=("factor",))

def _rotation_from_keras(read):
    """Keras writes a factor f as (-f, f): read it back as f."""
    def from_keras(config):
        factor = config.get("factor")
        if isinstance(factor, list | tuple):
            if len(factor) != 2 or factor[0] != -factor[1]:
                return None
            config = {**config, "factor": float(factor[1])}
        return read(config)
    return from_keras


RANDOM_ROTATION = replace(RANDOM_ROTATION,
                          from_keras=_rotation_from_keras(RANDOM_ROTATION.from_keras))

RANDOM_ZOOM = keras_kind(
    "RandomZoom", GROUP, "While training, zooms images in or out at random (a negative "
    "factor zooms in).",
    (_factor("height_factor", 0.1, "Largest zoom of the height, as a fraction."),
     _factor("width_factor", None, "Largest zoom of the width (empty: as the height).",
             nullable=True), *_fill(), _seed()),
    _augment_infer("RandomZoom"), positional=("height_factor",))

RANDOM_TRANSLATION = keras_kind(
    "RandomTranslation", GROUP, "While training, shifts images at random by up to a "
    "fraction of their height and width.",
    (_factor("height_factor", 0.1, "Largest vertical shift, as a fraction of the height."),
     _factor("width_factor", 0.1, "Largest horizontal shift, as a fraction of the width."),
     *_fill(), _seed()),
    _augment_infer("RandomTranslation"), positional=("height_factor", "width_factor"))

KINDS = (NORMALIZATION, RESCALING, CENTER_CROP, RANDOM_FLIP, RANDOM_ROTATION, RANDOM_ZOOM,
         RANDOM_TRANSLATION)

"""Regularisation layers: SpatialDropout1D/2D, GaussianNoise, ActivityRegularization.
They change nothing at prediction; while training they add noise or a penalty."""

from engine.catalogue import _rules
from engine.catalogue._keras_args import FLOAT, INT, ParamSpec, keras_kind

GROUP = "Regularisation"


def _rate() -> ParamSpec:
    return ParamSpec("rate", FLOAT, 0.2, "Fraction of channels dropped while training.",
                     minimum=0.0, maximum=1.0, max_exclusive=True, key=True)


def _seed() -> ParamSpec:
    return ParamSpec("seed", INT, None, "Seed of the random draws (empty: new ones each run).",
                     minimum=0, maximum=2**31 - 1, nullable=True)


def _spatial(dims: int):
    what = f"SpatialDropout{dims}D"

    def infer(p, shapes):
        _rules.spatial_input(shapes[0], dims, what)
        return _rules.same_shape(shapes)
    return keras_kind(what, GROUP, "Drops whole channels (feature maps) at random while "
                      "training, rather than single values: better for convolutions.",
                      (_rate(), _seed()), infer, positional=("rate",))


SPATIAL_DROPOUT1D = _spatial(1)
SPATIAL_DROPOUT2D = _spatial(2)

GAUSSIAN_NOISE = keras_kind(
    "GaussianNoise", GROUP, "Adds random normal noise to every value while training.",
    (ParamSpec("stddev", FLOAT, 0.1, "Standard deviation of the noise.", minimum=0.0,
               maximum=1e6, key=True), _seed()),
    lambda p, s: _rules.same_shape(s), positional=("stddev",))

ACTIVITY_REGULARIZATION = keras_kind(
    "ActivityRegularization", GROUP, "Adds a penalty on the size of the values passing "
    "through to the training loss; the values are unchanged.",
    (ParamSpec("l1", FLOAT, 0.0, "L1 penalty factor.", minimum=0.0, maximum=1e3, key=True),
     ParamSpec("l2", FLOAT, 0.0, "L2 penalty factor.", minimum=0.0, maximum=1e3, key=True)),
    lambda p, s: _rules.same_shape(s))

KINDS = (SPATIAL_DROPOUT1D, SPATIAL_DROPOUT2D, GAUSSIAN_NOISE, ACTIVITY_REGULARIZATION)

"""How the live boundary colours an output surface: class regions for one sigmoid unit or a
softmax, a value scale for regression."""

import numpy as np

from gui.learn.plot_style import REGION_0_COLOUR, REGION_1_COLOUR
from gui.training.live_view import REGION_COLOURS, surface_colours


def _rgb(name):
    from PySide6.QtGui import QColor

    colour = QColor(name)
    return [colour.red(), colour.green(), colour.blue()]


def test_a_sigmoid_output_blends_the_two_regions():
    surface = np.array([[[0.0], [1.0]], [[0.5], [1.0]]])
    colours = surface_colours(surface, "classification")
    assert colours.shape == (2, 2, 3)
    assert list(colours[0, 0]) == _rgb(REGION_0_COLOUR)
    assert list(colours[0, 1]) == _rgb(REGION_1_COLOUR)


def test_softmax_regions_take_the_likeliest_class_paler_when_unsure():
    surface = np.array([[[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [1 / 3, 1 / 3, 1 / 3]]])
    colours = surface_colours(surface, "classification")
    assert list(colours[0, 0]) == _rgb(REGION_COLOURS[0])
    assert list(colours[0, 1]) == _rgb(REGION_COLOURS[2])
    assert list(colours[0, 2]) == [255, 255, 255]  # no class is likelier: white


def test_a_regression_surface_spans_the_value_scale():
    surface = np.linspace(-3, 5, 16).reshape(4, 4, 1)
    colours = surface_colours(surface, "regression").astype(int)
    assert not np.array_equal(colours[0, 0], colours[-1, -1])
    flat = surface_colours(np.zeros((3, 3, 1)), "regression")
    assert (flat == flat[0, 0]).all()

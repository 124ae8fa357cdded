"""Every catalogue kind reads back from the Keras layer it builds: an imported layer of that
class becomes a node of that kind (not a KerasLayer box), with the same parameters."""

from __future__ import annotations

import pytest

from engine.catalogue import KINDS
from engine.compiler import make_layer
from engine.importer.mapping import catalogue_node

LAYER_KINDS = sorted(k.type for k in KINDS.values()
                     if k.group not in ("Inputs", "Outputs", "Imported"))
# parameters other than the defaults, so that a kind that drops one on import is caught
CHANGED = {
    "Conv2D": {"filters": 8, "kernel_size": [5, 3], "strides": [2, 1], "padding": "same",
               "activation": "relu", "kernel_l2": 0.01,
               "kernel_initializer": {"class_name": "VarianceScaling", "config": {
                   "scale": 2.0, "mode": "fan_out", "distribution": "truncated_normal"}}},
    "Conv1D": {"padding": "causal", "dilation_rate": [2], "kernel_l1": 0.001,
               "kernel_l2": 0.002},
    "DepthwiseConv2D": {"depth_multiplier": 2, "use_bias": False},
    "MaxPooling2D": {"pool_size": [3, 3], "strides": [2, 2], "padding": "same"},
    "ZeroPadding2D": {"padding": [[0, 1], [2, 3]]},
    "LSTM": {"units": 7, "return_sequences": True, "dropout": 0.25, "bidirectional": True},
    "GRU": {"reset_after": False, "bidirectional": True, "merge_mode": "ave"},
    "ReLU": {"max_value": 6.0},
    "Normalization": {"mean": [1.0, 2.0], "variance": [3.0, 4.0]},
    "Dot": {"axes": [1, 2], "normalize": True},
    "PReLU": {"shared_axes": [1, 2]},
    "LayerNormalization": {"axis": [-1], "epsilon": 1e-6},
    "Embedding": {"input_dim": 50, "output_dim": 3, "mask_zero": True},
    "Dense": {"units": 3, "kernel_l1": 0.01, "kernel_l2": 0.02},
}


def test_every_layer_kind_is_checked():
    assert set(CHANGED) <= set(LAYER_KINDS)


@pytest.mark.parametrize("type_name", LAYER_KINDS)
@pytest.mark.parametrize("changed", [False, True])
def test_a_layer_of_each_kind_imports_as_that_kind(type_name, changed):
    kind = KINDS[type_name]
    params = {**kind.defaults(), **(CHANGED.get(type_name, {}) if changed else {})}
    layer = make_layer(kind.layer(kind.resolved(params), "the_layer"))
    config = layer.get_config()
    found = catalogue_node(layer, type(layer).__name__, config, "the_layer")
    assert found is not None, f"{type_name} was kept as a KerasLayer: {config}"
    found_type, found_params = found
    assert found_type == type_name
    assert kind.resolved(found_params) == kind.resolved(params)

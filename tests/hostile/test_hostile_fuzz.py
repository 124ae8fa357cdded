"""Fuzzing the checks that run before Keras reads a model file: whatever the bytes or the
config, the answer is a clear refusal (ImportRefused) or a config that names only Keras's
own things; a hostile object hidden anywhere in a config is always found. The CI profile
runs a few hundred examples; HYPOTHESIS_PROFILE=thorough runs 10,000 each."""

from __future__ import annotations

import io
import json
import zipfile

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from engine.importer import ImportRefused
from engine.importer.compile_info import read_compile_config
from engine.importer.safety import read_raw_config, refuse_code
from engine.safe_config import find_code
from tests.hostile.hostile_files import dense_layer, input_layer

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["class_name", "module", "config", "registered_name",
                                       "value", "activation", "name", "layers"])
                      | st.text(max_size=6), inner, max_size=4),
    max_leaves=30)

HOSTILE = st.sampled_from([
    {"class_name": "Lambda", "config": {"name": "l"}},
    {"class_name": "__lambda__", "config": {"code": "AAAA"}},
    {"value": ["4wEAAAAA", None, None]},
    {"module": "builtins", "class_name": "function", "config": "exec"},
    {"module": "os", "class_name": "function", "config": "system"},
    {"class_name": "TFSMLayer", "config": {"filepath": "/tmp/x"}},
    {"class_name": "Evil", "config": {}, "registered_name": "pkg>Evil"},
    {"class_name": "Dense", "config": {"activation": "builtins.eval"}},
])

FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@given(JSON)
def test_the_code_check_answers_every_config(config):
    found = find_code(config)
    assert found is None or isinstance(found, str)


@given(JSON, HOSTILE, st.integers(0, 50))
def test_a_hostile_object_hidden_anywhere_is_found(config, hostile, where):
    holders = [config] if isinstance(config, dict | list) else []
    stack = list(holders)
    while stack:  # every container in the tree, in order
        item = stack.pop(0)
        children = list(item.values()) if isinstance(item, dict) else list(item)
        stack.extend(c for c in children if isinstance(c, dict | list))
        holders.extend(c for c in children if isinstance(c, dict | list))
    if not holders:
        config = holders_root = [hostile]
    else:
        holders_root = holders[where % len(holders)]
        if isinstance(holders_root, dict):
            holders_root["planted"] = hostile
        else:
            holders_root.append(hostile)
    assert find_code(config) is not None


@given(st.dictionaries(st.sampled_from(["loss", "loss_weights", "metrics", "optimizer",
                                        "optimizer_config"]), JSON, max_size=5),
       st.lists(st.text(min_size=1, max_size=4), min_size=1, max_size=3, unique=True))
def test_any_compile_config_is_read_or_left_out(config, outputs):
    """What a file says it was compiled with is only read for the project's loss and
    optimizer: odd values are left out (with a note), never an exception."""
    found, optimizer, notes = read_compile_config(config, outputs)
    assert set(found) == set(outputs)
    assert optimizer is None or isinstance(optimizer, dict)


def _archive(config_bytes: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("config.json", config_bytes)
        archive.writestr("metadata.json", "{}")
    return buffer.getvalue()


def _mutate(data: bytes, cut: int, flips) -> bytes:
    data = bytearray(data[:max(cut, 1)] if cut < len(data) else data)
    for index, value in flips:
        if data:
            data[index % len(data)] = value
    return bytes(data)


VALID = json.dumps({"class_name": "Functional", "config": {
    "name": "m", "layers": [input_layer(), dense_layer("y", "relu")]}}).encode()


@FUZZ
@example(_mutate(_archive(VALID), 736, [(604, 64)]))  # "zip file version 6.4"
@given(st.binary(max_size=400) | st.builds(
    lambda cut, flips: _mutate(_archive(VALID), cut, flips),
    st.integers(0, 2000), st.lists(st.tuples(st.integers(0, 2000), st.integers(0, 255)),
                                   max_size=8)))
def test_any_bytes_as_a_keras_file_are_read_or_refused_plainly(tmp_path, data):
    path = tmp_path / "fuzz.keras"
    path.write_bytes(data)
    try:
        doc, _ = read_raw_config(path)
        refuse_code(doc, path)
    except ImportRefused as exc:
        assert str(exc)


@FUZZ
@given(st.text(max_size=300) | st.builds(
    lambda cut, junk: VALID.decode()[:cut] + junk, st.integers(0, len(VALID)),
    st.text(max_size=20)))
def test_any_text_as_a_config_is_read_or_refused_plainly(tmp_path, text):
    path = tmp_path / "fuzz.keras"
    path.write_bytes(_archive(text.encode("utf-8", "surrogatepass")))
    try:
        doc, _ = read_raw_config(path)
        refuse_code(doc, path)
    except ImportRefused as exc:
        assert str(exc)


H5_SIGNATURE = b"\x89HDF\r\n\x1a\n"


@FUZZ
@given(st.binary(max_size=600).map(lambda tail: H5_SIGNATURE + tail) | st.binary(max_size=200))
def test_any_bytes_as_an_h5_file_are_read_or_refused_plainly(tmp_path, data):
    path = tmp_path / "fuzz.h5"
    path.write_bytes(data)
    try:
        doc, _ = read_raw_config(path)
        refuse_code(doc, path)
    except ImportRefused as exc:
        assert str(exc)

"""User text reaching generated code: identifiers, comments and literals stay inert."""

import ast
import keyword

from hypothesis import given
from hypothesis import strategies as st

from engine.export.identifiers import class_identifier, comment_text, identifier, literal


@given(st.lists(st.text(max_size=30), min_size=1, max_size=8))
def test_identifiers_are_valid_unique_and_never_keywords(texts):
    taken: set[str] = set()
    names = [identifier(t, taken) for t in texts]
    assert len(set(names)) == len(names)
    for name in names:
        assert name.isidentifier() and name.isascii()
        assert not keyword.iskeyword(name) and not keyword.issoftkeyword(name)


def test_identifier_keeps_readable_names_and_avoids_builtins():
    taken: set[str] = set()
    assert identifier("dense_1", taken) == "dense_1"
    assert identifier("class", taken) == "class_"
    assert identifier("input", taken) == "input_"
    assert identifier("model", taken) == "model_"
    assert identifier("1st layer", taken) == "layer_1st_layer"
    assert identifier("dense_1", taken) == "dense_1_2"


@given(st.text(max_size=200))
def test_comment_text_never_breaks_the_line(text):
    line = "# " + comment_text(text)
    assert len(line.splitlines()) == 1
    tree = ast.parse(line + "\nx = 1\n")
    assert len(tree.body) == 1


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text()
                    | st.floats(allow_nan=False, allow_infinity=False),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                    max_leaves=10))
def test_literals_read_back_as_the_same_data(value):
    assert ast.literal_eval(literal(value)) == value


def test_class_identifier_from_a_hostile_title():
    name = class_identifier("__import__('os').system('touch x')\n# é")
    assert name.isidentifier() and name.endswith("Model")

"""A search outside the Search tab: `check` and the Problems list say once that a parameter
is searched and what training uses (the low end, the first value, a repeated layer once),
never that it is a bad value; Start trains with those values; a bad search is still an
error naming the place. The repeated layer: a search builds 1..N copies of it."""

import io
from contextlib import redirect_stdout

from engine.commands.check import check
from engine.project_analysis import analyse_project
from engine.project_io import save_project
from engine.search import search_space
from engine.search.space import REPEAT, plain_project
from engine.search.tuner import concrete
from tests.runs.helpers import recording_session, regression_project, train_once

UNITS = {"search": {"min": 16, "max": 128}}


def _searched(tmp_path, **params):
    project = regression_project(tmp_path / "s.dendrite", epochs=1)
    hidden = project.graph.by_name("hidden").id
    for key, value in {"units": UNITS, **params}.items():
        project.graph.set_param(hidden, key, value)
    project.set_setting("training", "optimizer.learning_rate", {"search": [0.02, 0.1]})
    save_project(project, project.path)
    return project


def test_check_notes_each_search_once_and_training_uses_the_low_or_first_value(tmp_path):
    project = _searched(tmp_path, activation={"search": ["tanh", "relu"]})
    out = io.StringIO()
    with redirect_stdout(out):
        code = check(str(project.path))
    text = out.getvalue()
    assert code == 0, text
    assert text.count("units is searched") == 1
    assert ("units is searched (16-128); outside a search training uses 16, the low end of "
            "the range") in text
    assert "activation is searched (tanh | relu); outside a search training uses " \
        "'tanh', the first value of the list" in text.replace('"', "'")
    assert "training.optimizer.learning_rate: searched (0.02 | 0.1); outside a search " \
        "training uses 0.02" in text
    assert "ERROR" not in text

    session, events = recording_session()
    train_once(session, project)
    model = session.trainer.model
    hidden = model.get_layer("hidden")
    assert hidden.units == 16 and hidden.activation.__name__ == "tanh"
    assert abs(float(model.optimizer.learning_rate.numpy()) - 0.02) < 1e-9
    assert session.is_trained()


def test_a_bad_search_is_an_error_naming_the_node_and_the_value(tmp_path):
    project = _searched(tmp_path)
    project.graph.set_param(project.graph.by_name("hidden").id, "units",
                            {"search": {"min": 64, "max": 8}})
    errors = [p.describe() for p in analyse_project(project).errors]
    assert errors == ["ERROR node n2 (hidden): graph.nodes[1].params.units: units: the range "
                      "is backwards: min 64 is greater than max 8"]
    price = project.graph.by_name("price").id
    project.graph.node(price).params[REPEAT] = {"search": {"min": 1, "max": 3}}
    messages = [p.message for p in analyse_project(project).errors]
    assert "repeat: only a layer with one input and one output can be repeated" in messages


def test_a_repeated_layer_becomes_one_to_n_copies_in_the_searched_model(tmp_path):
    from engine.compiler import build_model

    project = _searched(tmp_path, repeat={"search": {"min": 1, "max": 5}})
    assert [p.message for p in analyse_project(project).warnings if "repeat" in p.message] == \
        ["repeat is searched (1-5); outside a search training uses the layer once"]
    hidden = project.graph.by_name("hidden")
    assert hidden.kind.label(hidden.params) == "16-128 · relu · x1-5"  # the canvas card
    dimensions = search_space(project)
    assert "hidden.repeat from 1 to 5 (linear)" in [d.describe() for d in dimensions]
    for count in (1, 3):
        trial = concrete(project, {"hidden.units": 24, "hidden.repeat": count,
                                   "training.optimizer.learning_rate": 0.1}, dimensions)
        assert analyse_project(trial).ok
        model = build_model(trial.graph)
        dense = [layer.name for layer in model.layers if type(layer).__name__ == "Dense"]
        assert dense == ["hidden", *[f"hidden_{n}" for n in range(2, count + 1)], "price"]
        assert all(model.get_layer(n).units == 24 for n in dense[:-1])
    plain = plain_project(project)  # what Start trains: the layer once, the low values
    assert REPEAT not in plain.graph.by_name("hidden").params
    assert plain.graph.by_name("hidden").params["units"] == 16
    assert REPEAT in project.graph.by_name("hidden").params  # the project keeps its search

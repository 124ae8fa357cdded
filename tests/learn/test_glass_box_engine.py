"""The glass box's numbers are the real Keras model's: backprop steps equal one SGD
train_on_batch, the traced activations equal sub-models of each layer, and the headless
`trace` and `gradients` commands print them."""

from argparse import Namespace

import numpy as np
import pytest

from engine.commands import gradients as gradients_command
from engine.commands import trace as trace_command
from engine.graph import Graph
from engine.learn.backprop import chain_rule, demo_walkthrough, walk_through
from engine.learn.backprop_text import number
from engine.learn.glass_model import build_sgd_model, single
from engine.learn.trace import Tracer, neuron_maps, open_trace, parse_sample, plane_grid
from main import build_parser
from tests.conftest import PROJECTS

TOLERANCE = 1e-6


def _assert_walk_equals_train_on_batch(model, walk):
    model.train_on_batch(single(walk.inputs), single(walk.targets))
    assert walk.weighted
    for node in walk.weighted:
        layer = model.get_layer(node.name)
        np.testing.assert_allclose(layer.kernel.numpy(), node.kernel_new, atol=TOLERANCE)
        np.testing.assert_allclose(layer.bias.numpy(), node.bias_new, atol=TOLERANCE)
        assert np.abs(node.kernel_new - node.kernel).max() > 0  # the step really moved


def _wide_and_deep_graph() -> Graph:
    """The seed's Wide & Deep shape: input straight to a Concatenate and through two layers."""
    graph = Graph()
    graph.add_node("Input", {"shape": [5]}, "input", node_id="n1")
    graph.add_node("Dense", {"units": 6, "activation": "relu"}, "deep1", node_id="n2")
    graph.add_node("Dense", {"units": 4, "activation": "relu"}, "deep2", node_id="n3")
    graph.add_node("Concatenate", {}, "concat", node_id="n4")
    graph.add_node("Output", {"units": 1, "loss": "mse"}, "value", node_id="n5")
    for source, target in (("n1", "n2"), ("n2", "n3"), ("n1", "n4"), ("n3", "n4"),
                           ("n4", "n5")):
        graph.connect(source, target)
    return graph


def test_demo_steps_go_forward_loss_backward_chain_update_and_equal_sgd():
    model, _graph, walk = demo_walkthrough()
    kinds = [step.kind for step in walk.steps]
    assert kinds == ["batch", "forward", "forward", "loss", "backward", "backward", "chain",
                     "update"]
    hidden = walk.node("hidden")
    assert hidden.z.shape == hidden.a.shape == (4, 3)
    np.testing.assert_allclose(hidden.a, np.tanh(hidden.z), atol=TOLERANCE)
    np.testing.assert_allclose(hidden.d_z, hidden.d_a * (1 - hidden.a ** 2), atol=TOLERANCE)
    _assert_walk_equals_train_on_batch(model, walk)


def test_the_written_chain_rule_adds_up_to_the_tapes_gradient():
    _model, _graph, walk = demo_walkthrough()
    chain = walk.chain
    assert (chain.layer, chain.row, chain.column) == ("hidden", 0, 0)
    for term in chain.terms:
        assert term.product == pytest.approx(term.x * term.d_a * term.slope, abs=TOLERANCE)
    assert chain.term_sum == pytest.approx(chain.gradient, abs=TOLERANCE)
    assert chain.new == pytest.approx(chain.old - walk.learning_rate * chain.gradient,
                                      abs=TOLERANCE)
    text = "\n".join(chain.lines())
    assert number(chain.gradient) in text and number(chain.new) in text
    # dL/da of the hidden unit comes back from the output layer's dL/dz times the weight
    following, pairs = chain.downstream
    assert following == "output"
    assert sum(d * w for d, w in pairs) == pytest.approx(chain.terms[0].d_a, abs=TOLERANCE)

    bias = chain_rule(walk, ("output", -1, 0))
    assert all(term.x == 1.0 for term in bias.terms)
    assert bias.gradient == pytest.approx(walk.node("output").bias_grad[0], abs=TOLERANCE)
    with pytest.raises(ValueError, match="has no weight"):
        chain_rule(walk, ("hidden", 5, 0))


def test_a_branching_regression_network_equals_sgd_too():
    graph = _wide_and_deep_graph()
    model, rate = build_sgd_model(graph, {"optimizer": {"name": "adam", "learning_rate": 0.05},
                                          "seed": 7})
    assert model.optimizer.__class__.__name__ == "SGD" and rate == 0.05
    rng = np.random.default_rng(0)
    x = {"input": rng.normal(size=(6, 5)).astype("float32")}
    y = {"value": rng.normal(size=(6, 1)).astype("float32")}
    walk = walk_through(model, graph, x, y, rate)
    assert walk.node("concat").a.shape == (6, 9)
    assert walk.loss == pytest.approx(float(np.mean((walk.node("value").a - y["value"]) ** 2)),
                                      rel=1e-5)
    _assert_walk_equals_train_on_batch(model, walk)


def test_a_dense_layer_on_a_grid_input_equals_sgd_and_is_not_followed():
    graph = Graph()
    graph.add_node("Input", {"shape": [3, 4]}, "input", node_id="n1")
    graph.add_node("Dense", {"units": 5, "activation": "relu"}, "rows", node_id="n2")
    graph.add_node("Flatten", {}, "flat", node_id="n3")
    graph.add_node("Output", {"units": 1, "loss": "mse"}, "value", node_id="n4")
    for source, target in (("n1", "n2"), ("n2", "n3"), ("n3", "n4")):
        graph.connect(source, target)
    model, rate = build_sgd_model(graph, {"seed": 3})
    rng = np.random.default_rng(2)
    x = {"input": rng.normal(size=(4, 3, 4)).astype("float32")}
    y = {"value": rng.normal(size=(4, 1)).astype("float32")}
    walk = walk_through(model, graph, x, y, rate)
    assert walk.node("rows").z.shape == (4, 3, 5)
    assert [n.name for n in walk.followable] == ["value"]
    assert walk.chain.layer == "value"
    with pytest.raises(ValueError, match="not a Dense layer on flat inputs"):
        chain_rule(walk, ("rows", 0, 0))
    _assert_walk_equals_train_on_batch(model, walk)


@pytest.mark.parametrize("example", ["wide_and_deep_aux_output", "fashion_mnist_300_100"])
def test_the_seeds_models_equal_sgd_on_a_random_batch(example):
    """Two inputs and two weighted losses (0.9/0.1), and the 784-300-100-10 classifier."""
    from engine.project_io import load_project

    project = load_project(PROJECTS / f"{example}.dendrite")
    model, rate = build_sgd_model(project.graph, project.training)
    rng = np.random.default_rng(1)
    x = {t.name: rng.normal(size=(5, *t.shape[1:])).astype("float32") for t in model.inputs}
    if example.startswith("fashion"):
        y = {name: rng.integers(0, 10, size=(5,)) for name in model.output_names}
    else:
        y = {name: rng.normal(size=(5, 1)).astype("float32") for name in model.output_names}
    walk = walk_through(model, project.graph, x, y, rate)
    model.train_on_batch(x if len(x) > 1 else single(x), y if len(y) > 1 else single(y))
    for node in walk.weighted:
        layer = model.get_layer(node.name)
        np.testing.assert_allclose(layer.kernel.numpy(), node.kernel_new, atol=TOLERANCE)
        np.testing.assert_allclose(layer.bias.numpy(), node.bias_new, atol=TOLERANCE)
    assert walk.chain.term_sum == pytest.approx(walk.chain.gradient, abs=TOLERANCE)


def test_trace_equals_a_sub_model_of_every_layer():
    import keras

    model, _graph, _walk = demo_walkthrough()
    tracer = Tracer(model)
    samples = np.array([[0.0, 1.0], [1.0, 1.0], [0.3, -0.2]], dtype="float32")
    for sample in samples:
        traced = tracer.trace({"input": sample[None, :]})
        assert [t.name for t in traced] == ["input", "hidden", "output"]
        for node in traced:
            alone = keras.Model(model.inputs, model.get_layer(node.name).output)
            expected = np.asarray(alone({"input": sample[None, :]}))[0]
            np.testing.assert_allclose(node.values, expected, atol=TOLERANCE)
    assert traced[-1].is_output and not traced[0].is_output


def test_neuron_maps_equal_each_layers_sub_model_on_the_grid():
    import keras

    model, _graph, _walk = demo_walkthrough()
    found = neuron_maps(Tracer(model), "input", (-0.5, 1.5), (0.0, 1.0), size=9)
    grid = plane_grid((-0.5, 1.5), (0.0, 1.0), 9)
    assert grid[1].tolist() == [-0.5, 0.125]  # the second feature varies fastest
    assert set(found.maps) == {"hidden", "output"}
    for name, maps in found.maps.items():
        alone = keras.Model(model.inputs, model.get_layer(name).output)
        expected = np.asarray(alone({"input": grid})).reshape(9, 9, -1)
        np.testing.assert_allclose(maps, expected, atol=TOLERANCE)
    assert found.maps["hidden"].shape == (9, 9, 3)


def test_neuron_maps_need_an_input_of_two_features():
    from engine.project_io import load_project

    xor = open_trace(load_project(PROJECTS / "xor.dendrite")).neuron_maps(size=8)
    assert xor.maps["hidden"].shape == (8, 8, 4)
    assert xor.x_range[0] < xor.x_range[1]
    assert open_trace(load_project(PROJECTS / "digits.dendrite")).neuron_maps() is None


def test_a_typed_sample_is_read_or_refused_by_name():
    np.testing.assert_array_equal(parse_sample("1, 2.5 -3", (3,)), [1.0, 2.5, -3.0])
    assert parse_sample("1 2 3 4", (2, 2)).shape == (2, 2)
    with pytest.raises(ValueError, match=r"value 2 \('x'\) is not a number"):
        parse_sample("1, x", (2,))
    with pytest.raises(ValueError, match="takes 2 numbers, got 3"):
        parse_sample("1 2 3", (2,))
    with pytest.raises(ValueError, match="not a finite number"):
        parse_sample("nan 1", (2,))


def test_main_knows_trace_and_gradients():
    args = build_parser().parse_args(["trace", "p.dendrite", "--sample", "3"])
    assert (args.command, args.sample) == ("trace", 3)
    args = build_parser().parse_args(["gradients", "p.dendrite", "--batch", "8"])
    assert (args.command, args.batch) == ("gradients", 8)


def test_trace_command_prints_every_node_and_the_target(capsys):
    code = trace_command.run(Namespace(file=str(PROJECTS / "xor.dendrite"), sample=2))
    out = capsys.readouterr().out
    assert code == 0
    assert "sample 2 of the test split" in out
    for name in ("input (InputLayer, 2):", "hidden (Dense, 4):", "output (Dense, 1):"):
        assert name in out
    assert "target:" in out


def test_trace_and_gradients_refuse_bad_numbers_and_files(capsys, tmp_path):
    xor = str(PROJECTS / "xor.dendrite")
    assert trace_command.run(Namespace(file=xor, sample=10_000)) == 2
    assert "the test split has samples 0 to 79" in capsys.readouterr().err
    assert gradients_command.run(Namespace(file=xor, batch=0)) == 2
    assert "--batch must be at least 1" in capsys.readouterr().err
    broken = tmp_path / "broken.dendrite"
    broken.write_text("{ not json")
    assert gradients_command.run(Namespace(file=str(broken), batch=4)) == 2
    assert "broken.dendrite" in capsys.readouterr().err


def test_gradients_command_prints_each_layers_gradients(capsys):
    code = gradients_command.run(Namespace(file=str(PROJECTS / "xor.dendrite"), batch=8))
    out = capsys.readouterr().out
    assert code == 0
    assert "first 8 training samples" in out
    for line in ("hidden kernel (2x4) dL/dW:", "hidden bias (4) dL/db:",
                 "output kernel (4x1) dL/dW:", "output bias (1) dL/db:"):
        assert line in out


@pytest.mark.slow
def test_a_trained_project_is_traced_with_its_saved_weights(tmp_path):
    from engine.project_io import load_project, save_project
    from engine.training.state import save_state
    from engine.training.trainer import Trainer

    project = load_project(PROJECTS / "xor.dendrite")
    project.path = tmp_path / "xor.dendrite"
    trainer = Trainer.from_project(project)
    trainer.prepare()
    assert trainer.train(epochs=1).reason == "finished"
    project.extra["trained"] = save_state(project.path, trainer)
    save_project(project, project.path)

    session = open_trace(load_project(project.path))
    assert session.opened.trained and "(trained)" in session.title
    for saved, opened in zip(trainer.model.weights, session.opened.model.weights, strict=True):
        np.testing.assert_array_equal(saved.numpy(), opened.numpy())
    expected = trainer.model.predict(session.opened.x("test", [4]), verbose=0)
    np.testing.assert_allclose(session.sample(4).node("output").values, expected[0],
                               atol=TOLERANCE)


def test_a_logits_output_is_traced_with_its_probabilities():
    """digits with its output giving logits: the traced sample's p is softmax of them."""
    from engine.project_io import load_project

    project = load_project(PROJECTS / "digits.dendrite")
    output = next(n for n in project.graph.nodes if n.kind is not None and n.kind.is_output)
    project.graph.set_param(output.id, "activation", "linear")
    project.graph.set_param(output.id, "from_logits", True)
    session = open_trace(project)
    traced = session.sample(0).node(output.name)
    assert traced.probabilities is not None
    assert abs(float(traced.probabilities.sum()) - 1.0) < 1e-6
    expected = np.exp(traced.values - traced.values.max())
    np.testing.assert_allclose(traced.probabilities, expected / expected.sum(), rtol=1e-5)

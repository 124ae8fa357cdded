"""The seed's Wide & Deep with an auxiliary output: two inputs on column ranges, two outputs
with loss weights; the history has every output's loss."""

from engine.data import REGRESSION
from engine.graph import Graph
from engine.training import RecordingListener, Trainer
from tests.data.helpers import prepared, table


def wide_and_deep_aux() -> Graph:
    graph = Graph()
    wide = graph.add_node("Input", {"shape": [5]}, "wide_input").id
    deep = graph.add_node("Input", {"shape": [6]}, "deep_input").id
    h1 = graph.add_node("Dense", {"units": 8, "activation": "relu"}, "dense").id
    h2 = graph.add_node("Dense", {"units": 8, "activation": "relu"}, "dense_1").id
    concat = graph.add_node("Concatenate", {}, "concatenate").id
    main = graph.add_node("Output", {"units": 1, "loss": "mse", "loss_weight": 0.9},
                          "main_output").id
    aux = graph.add_node("Output", {"units": 1, "loss": "mse", "loss_weight": 0.1},
                         "aux_output").id
    graph.connect(deep, h1)
    graph.connect(h1, h2)
    graph.connect(wide, concat, 0)
    graph.connect(h2, concat, 1)
    graph.connect(concat, main)
    graph.connect(h2, aux)
    return graph


def test_two_inputs_two_outputs_train_with_every_loss_in_the_history():
    graph = wide_and_deep_aux()
    spec = {"inputs": {"n1": {"columns": "0-4"}, "n2": {"columns": "2-7"}},
            "targets": {"n6": "target", "n7": "target"}}
    data = prepared(table(n=80, task=REGRESSION), scaling="standard")
    trainer = Trainer(graph, spec, {"optimizer": {"name": "sgd", "learning_rate": 0.01},
                                    "epochs": 2, "batch_size": 16, "seed": 0}, prepared=data)
    events = RecordingListener()
    assert trainer.train(events).reason == "finished", events.of("error")
    keys = set(trainer.history.keys())
    assert {"loss", "main_output_loss", "aux_output_loss", "val_loss",
            "val_main_output_loss", "val_aux_output_loss"} <= keys
    last = trainer.history.last()
    weighted = 0.9 * last["main_output_loss"] + 0.1 * last["aux_output_loss"]
    assert abs(last["loss"] - weighted) < 0.05 * max(1.0, last["loss"])
    figures = trainer.evaluate()
    assert "main_output_loss" in figures
    predictions = trainer.predict([0, 1])
    assert set(predictions.outputs) == {"main_output", "aux_output"}
    assert predictions.outputs["main_output"].predicted.shape == (2,)

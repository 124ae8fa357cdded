"""A CSV file with a text column, missing values and a target trains end to end."""

import math

import pytest

from engine.project import Project
from engine.project_io import save_project
from engine.training import History, RecordingListener, Trainer
from tests.data.helpers import make_graph


@pytest.mark.slow
def test_csv_with_text_and_missing_values_trains_with_counts_reported(tmp_path):
    lines = ["id,size,colour,weight,kind"]
    colours = ["red", "green", "blue"]
    for i in range(60):
        size = "" if i % 10 == 3 else f"{1 + (i % 5) * 0.5}"
        colour = "" if i % 20 == 7 else colours[i % 3]
        lines.append(f"item-{i:03d},{size},{colour},{10 + i % 7},{'big' if i % 5 > 2 else 'small'}")
    (tmp_path / "items.csv").write_text("\n".join(lines) + "\n")
    graph = make_graph([("features", None)], [("kind", 2, "softmax",
                                              "sparse_categorical_crossentropy")])
    data = {"dataset": {"source": "csv", "path": "items.csv", "target": "kind"},
            "scaling": "standard", "split": {"test": 0.2, "validation": 0.2, "seed": 0}}
    project = Project("items", graph, data, {"optimizer": {"name": "adam"}, "epochs": 2,
                                             "batch_size": 8, "seed": 0})
    save_project(project, tmp_path / "items.dendrite")
    trainer = Trainer.from_project(project)
    binding = trainer.prepare()
    assert binding.ok, binding.problems
    counts = trainer.prepared.report.counts
    assert counts == {"encoded_columns": 1, "filled_values": 9, "filled_columns": 2,
                      "left_out_columns": 1}
    assert binding.bound_shapes == {"n1": (5,)}  # size, 3 colours, weight
    assert trainer.prepared.class_names == ["big", "small"]
    events = RecordingListener()
    assert trainer.train(events).reason == "finished"
    assert len(events.of("epoch")) == 2
    assert set(trainer.evaluate()) == {"loss"}


def test_history_csv_and_json_keep_missing_values_empty(tmp_path):
    history = History()
    history.append({"loss": 1.0})
    history.append({"loss": 0.5, "val_loss": 0.7})
    assert history.values["val_loss"][0] != history.values["val_loss"][0]  # NaN
    assert history.to_dict() == {"loss": [1.0, 0.5], "val_loss": [None, 0.7]}
    assert History.from_dict(history.to_dict()).values["loss"] == [1.0, 0.5]
    text = history.write_csv(tmp_path / "h.csv").read_text().splitlines()
    assert text == ["epoch,loss,val_loss", "1,1.0,", "2,0.5,0.7"]
    assert math.isnan(History.from_dict({"a": [None]}).values["a"][0])

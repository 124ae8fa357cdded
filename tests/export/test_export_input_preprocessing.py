"""The engine says what preprocessing each Input gets inside an exported model; the summary
prints it under the table."""

import io
from pathlib import Path

import numpy as np
import pandas as pd

from engine.commands._project_commands import summary
from engine.export.input_preprocessing import input_preprocessing
from engine.project_io import load_project

PROJECTS = Path(__file__).resolve().parents[2] / "projects"


def test_the_summary_names_the_scaling_layer_an_export_puts_after_the_input():
    out = io.StringIO()
    summary(str(PROJECTS / "california_housing.dendrite"), out=out)
    assert ("Preprocessing of input: exported models take the raw data: standard scaling "
            "inside the model (Normalization)") in out.getvalue()


def test_a_csv_with_text_and_gaps_gets_per_column_inputs_and_no_scaling_gets_none(tmp_path):
    frame = pd.DataFrame({"rooms": [1.0, np.nan, 3.0, 4.0], "city": ["Oslo", None, "Lyon", "Oslo"],
                          "price": [1.0, 2.0, 3.0, 4.0]})
    frame.to_csv(tmp_path / "homes.csv", index=False)
    project = load_project(PROJECTS / "california_housing.dendrite")
    data = {**project.data, "dataset": {"source": "csv", "path": "homes.csv",
                                        "target": "price"}}
    stages = input_preprocessing(project.graph, data, tmp_path)
    (stage,) = stages.values()
    assert stage.label == "text one-hot + gaps filled + standard scaling (in export)"
    assert stage.layers == ("StringLookup", "keras.ops.where", "Normalization")
    assert "one input per CSV column" in stage.detail
    assert input_preprocessing(project.graph, {**data, "scaling": "none"}, tmp_path) != {}
    plain = {**project.data, "scaling": "none"}
    assert input_preprocessing(project.graph, plain) == {}

"""The Summary panel shows what an exported model does to each Input's raw data (the
data's scaling, a CSV's column encoding), in the very words of the CLI `summary`, and follows
a scaling chosen on the Data form."""

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from engine.commands._project_commands import summary as cli_summary
from gui.panels import SummaryPanel
from gui.training.data_form import DataForm
from tests.gui.panels.conftest import open_document

PROJECTS = Path(__file__).resolve().parents[3] / "projects"
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def cli_preprocessing_lines(path: Path) -> list[str]:
    out = io.StringIO()
    cli_summary(str(path), out=out, err=io.StringIO())
    return [line for line in out.getvalue().splitlines() if line.startswith("Preprocessing")]


def test_the_panel_shows_the_clis_preprocessing_rows_and_follows_the_scaling(show, qtbot):
    document = open_document("california_housing.dendrite")
    panel = show(SummaryPanel(document), 760, 360)
    expected = cli_preprocessing_lines(PROJECTS / "california_housing.dendrite")
    assert expected == ["Preprocessing of input: exported models take the raw data: standard "
                        "scaling inside the model (Normalization)"]
    assert panel.preprocessing_label.isVisible()
    assert panel.preprocessing_label.text().splitlines() == expected

    form = show(DataForm(document))
    form.scaling.setFocus()
    qtbot.keyClicks(form.scaling, "none")  # keyboard choice: one undoable data edit
    assert document.project.data["scaling"] == "none"
    assert not panel.preprocessing_label.isVisible()
    document.undo_stack.undo()
    assert panel.preprocessing_label.text().splitlines() == expected


def test_a_csv_with_text_and_gaps_shows_its_column_encoding(show, tmp_path):
    frame = pd.DataFrame({"rooms": [1.0, np.nan, 3.0, 4.0],
                          "city": ["Oslo", None, "Lyon", "Oslo"], "price": [1.0, 2.0, 3.0, 4.0]})
    frame.to_csv(tmp_path / "homes.csv", index=False)
    document = open_document("california_housing.dendrite")
    panel = show(SummaryPanel(document), 760, 360)
    spec = {**document.project.data, "dataset": {
        "source": "csv", "path": str(tmp_path / "homes.csv"), "target": "price"}}
    document.set_section("data", spec)
    text = panel.preprocessing_label.text()
    assert text.startswith("Preprocessing of input: exported models take the raw data: one "
                           "input per CSV column, text one-hot, gaps filled, standard scaling")
    assert "StringLookup" in text and "keras.ops.where" in text

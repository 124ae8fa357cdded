"""`main.py train`: a line per epoch with every figure, then the test evaluation."""

import csv

import pytest

from main import main
from tests.conftest import PROJECTS


@pytest.mark.slow
def test_train_digits_one_epoch_with_history_and_export(tmp_path, capsys):
    history = tmp_path / "h.csv"
    model_file = tmp_path / "digits.keras"
    code = main(["train", str(PROJECTS / "digits.dendrite"), "--epochs", "1",
                 "--history", str(history), "--export", str(model_file)])
    out = capsys.readouterr().out
    assert code == 0, out
    epoch_line = next(line for line in out.splitlines() if line.startswith("epoch 1/1"))
    for key in ("loss=", "accuracy=", "val_loss=", "val_accuracy="):
        assert key in epoch_line
    assert any(line.startswith("test: ") and "accuracy=" in line for line in out.splitlines())
    rows = list(csv.reader(history.open()))
    assert rows[0][0] == "epoch" and len(rows) == 2
    import keras

    assert keras.models.load_model(model_file).count_params() > 0


def test_unusable_binding_exits_2_with_the_message(tmp_path, capsys):
    text = (PROJECTS / "digits.dendrite").read_text().replace('"units": 10', '"units": 1')
    project = tmp_path / "bad.dendrite"
    project.write_text(text)
    assert main(["train", str(project), "--epochs", "1"]) == 2
    err = capsys.readouterr().err
    assert "Output digit has 1 unit with sparse categorical cross-entropy, but the target " \
           "has 10 classes" in err


def test_bad_export_name_is_refused(capsys):
    assert main(["train", str(PROJECTS / "digits.dendrite"), "--export", "m.zip"]) == 2
    assert "--export" in capsys.readouterr().err

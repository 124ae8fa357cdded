"""training.distribution: read with its default, a bad value named plainly; multi_host is
refused in the app and by `main.py train`, with the commands for an exported script."""

import json

import pytest

from engine.training.settings import SettingsError, read_settings
from main import main
from tests.conftest import PROJECTS
from tests.training.helpers import classifier_trainer


def test_the_default_is_one_device_and_each_choice_is_read():
    assert read_settings({}).distribution == "none"
    assert read_settings({"distribution": "mirrored"}).devices is None
    chosen = read_settings({"distribution": {"strategy": "mirrored",
                                             "devices": ["/gpu:0", "/gpu:1"]}})
    assert (chosen.distribution, chosen.devices) == ("mirrored", ("/gpu:0", "/gpu:1"))
    assert read_settings({"distribution": "multi_host"}).distribution == "multi_host"


@pytest.mark.parametrize(("value", "message"), [
    ("gpus", 'training.distribution: expected one of "none", "mirrored", "multi_host", '
             "got 'gpus'"),
    (2, 'expected one of "none", "mirrored", "multi_host" or {"strategy": "mirrored", '
        '"devices": [...]}, got 2'),
    ({"strategy": "multi_host", "devices": ["/gpu:0"]},
     "training.distribution.devices: only mirrored runs on chosen devices, not multi_host"),
    ({"strategy": "mirrored", "devices": []},
     'expected a list of device names such as ["/gpu:0", "/gpu:1"], got []'),
])
def test_a_bad_distribution_is_named_with_what_is_expected(value, message):
    with pytest.raises(SettingsError) as raised:
        read_settings({"distribution": value})
    assert message in str(raised.value)


def test_the_trainer_refuses_multi_host_and_says_to_export_the_script():
    trainer = classifier_trainer({"distribution": "multi_host"})
    errors = []

    class Listener:
        def on_error(self, event):
            errors.append(event.message)

    done = trainer.train(Listener())
    assert done.reason == "error" and trainer.model is None
    assert "Export the Python script" in errors[0]
    assert "--coordinator HOST:PORT --num-processes N --process-id I" in errors[0]


def test_train_command_refuses_multi_host_with_the_command_for_each_machine(capsys):
    assert main(["train", str(PROJECTS / "xor.dendrite"), "--strategy", "multi_host"]) == 2
    err = capsys.readouterr().err
    assert "not started from the app" in err
    assert "--process-id 0" in err and "--process-id 1" in err
    assert "uv sync --extra multihost" in err
    assert f"uv run main.py export {PROJECTS / 'xor.dendrite'} --to model.py" in err


def test_train_command_names_a_bad_distribution_in_the_project(tmp_path, capsys):
    spec = json.loads((PROJECTS / "xor.dendrite").read_text())
    spec["training"]["distribution"] = "all"
    project = tmp_path / "bad.dendrite"
    project.write_text(json.dumps(spec))
    assert main(["train", str(project)]) == 2
    assert "training.distribution: expected one of" in capsys.readouterr().err

"""`training.tensorboard: true` writes TensorBoard logs of each run beside the project."""

from engine.runs.tensorboard import logs_folder
from tests.runs.helpers import recording_session, regression_project, train_once


def test_a_run_with_tensorboard_on_writes_its_logs_beside_the_project(tmp_path):
    path = tmp_path / "house.dendrite"
    project = regression_project(path)
    project.set_setting("training", "tensorboard", True)
    session, events = recording_session()
    assert train_once(session, project).reason == "finished"
    written = list(logs_folder(path).rglob("events.out.tfevents.*"))
    assert written, "no TensorBoard event file was written"
    notices = events.of("start")[0].notices
    assert any("tensorboard --logdir" in n for n in notices)

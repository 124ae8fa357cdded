"""Child of the sidecar kill test: saves a trained project the way the window does (the
project, then its trained-state sidecar, then the project again with the sidecar's entry)
and kills itself with SIGKILL at the step named on the command line."""

import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from engine.project import Project  # noqa: E402
from engine.project_io import save_project  # noqa: E402
from engine.training.signature import graph_signature  # noqa: E402
from engine.training.state import save_state  # noqa: E402
from tests.data.helpers import make_graph  # noqa: E402
from tests.faults.hostile_files import fake_trainer  # noqa: E402

FIRST_SHAPES = [(3, 4), (4,), (4, 1), (1,)]
SECOND_SHAPES = [(3, 6), (6,), (6, 1), (1,)]


def save_like_the_window(project, path, trainer, kill_after: str) -> None:
    save_project(project, path)
    if kill_after == "project":
        os.kill(os.getpid(), signal.SIGKILL)
    entry = save_state(path, trainer)
    if kill_after == "sidecar":
        os.kill(os.getpid(), signal.SIGKILL)
    project.extra["trained"] = entry
    save_project(project, path)


def main(path: str, kill_after: str) -> None:
    graph = make_graph([("features", [3])], [("out", 1, "linear", "mse")], hidden=4)
    project = Project("killed", graph)
    save_like_the_window(project, path, fake_trainer(graph_signature(graph), FIRST_SHAPES),
                         "never")
    graph.set_param(graph.by_name("hidden").id, "units", 6)  # edited, trained again, saved
    second = fake_trainer(graph_signature(graph), SECOND_SHAPES, seed=1)
    save_like_the_window(project, path, second, kill_after)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

"""Child of the save crash test. Saves a 302-node project once ("round 0"), then saves a
changed one ("round 1") with the operating-system calls of the write counted; given a number
K, it kills itself with SIGKILL at the K-th of those calls, before the call runs. With K = 0
it reports how many such calls one save makes."""

import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from engine.graph import Graph  # noqa: E402
from engine.project import Project  # noqa: E402
from engine.project_io import save_project  # noqa: E402

HOOKED = ("open", "write", "fsync", "replace", "rename", "close")


def big_graph() -> Graph:
    graph = Graph()
    previous = graph.add_node("Input", params={"shape": [8]}).id
    for _ in range(300):
        node = graph.add_node("Dense", params={"units": 8}).id
        graph.connect(previous, node)
        previous = node
    graph.connect(previous, graph.add_node("Output", params={"units": 1, "loss": "mse"}).id)
    return graph


def main(path: str, kill_at: int) -> None:
    graph = big_graph()
    save_project(Project(name="round 0", graph=graph), path)
    graph.set_param(graph.nodes[1].id, "units", 9)
    calls = 0

    def hooked(name, real):
        def call(*args, **kwargs):
            nonlocal calls
            calls += 1
            if calls == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return call

    real_calls = {name: getattr(os, name) for name in HOOKED}
    for name, real in real_calls.items():
        setattr(os, name, hooked(name, real))
    save_project(Project(name="round 1", graph=graph), path)
    for name, real in real_calls.items():
        setattr(os, name, real)
    print(calls, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))

"""Child of the save crash test: saves a large project over the same file for ever, changing
it each time, until it is killed."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from engine.graph import Graph  # noqa: E402
from engine.project import Project  # noqa: E402
from engine.project_io import save_project  # noqa: E402


def main(path: str) -> None:
    graph = Graph()
    previous = graph.add_node("Input", params={"shape": [8]}).id
    for _ in range(1500):
        node = graph.add_node("Dense", params={"units": 8}).id
        graph.connect(previous, node)
        previous = node
    graph.connect(previous, graph.add_node("Output", params={"units": 1, "loss": "mse"}).id)
    first = graph.nodes[1].id
    round_ = 0
    print("saving", flush=True)
    while True:
        round_ += 1
        graph.set_param(first, "units", 1 + round_ % 1000)
        save_project(Project(name=f"round {round_}", graph=graph), path)


if __name__ == "__main__":
    main(sys.argv[1])

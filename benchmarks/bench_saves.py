"""Saves that cannot lose data, and what they cost (issue 17).

- close: how long the main window's close takes while a dataset load is still running (a
  stand-in load that takes 20 s). Before the fix the close waited for the load.
- sidecar: reading a trained-state sidecar of 10 M float32 weights (40 MB) with every check
  of engine.training.state_archive, against a bare `np.load` of the same file.
- bomb: refusing a sidecar whose weights inflate to 3 GiB (the file is 20 MB).
- save: an atomic project save (temporary, fsync, rename, folder fsync), 2,000 nodes.

    uv run python benchmarks/bench_saves.py [--reps 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(function, reps: int) -> list[float]:
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def show(name: str, times: list[float]) -> None:
    print(f"{name:58s} median {statistics.median(times) * 1000:9.2f} ms   "
          f"best {min(times) * 1000:9.2f} ms")


def bench_close(folder: Path) -> None:
    from PySide6.QtWidgets import QApplication

    import gui.training.data_panel as data_panel
    from gui.app import create_window
    from gui.background import background_jobs

    os.environ["DENDRITE_DATA_DIR"] = str(folder / "appdata")
    app = QApplication.instance() or QApplication([])
    release = threading.Event()

    def slow_load(spec, base_dir):
        release.wait(20)
        raise RuntimeError("stand-in load ends")

    data_panel.load_data = slow_load
    window = create_window(str(ROOT / "projects" / "xor.dendrite"), autosave=False)
    window.show()
    app.processEvents()
    window.training_ui.data_panel.load()
    time.sleep(0.2)
    start = time.perf_counter()
    window.close()
    show("close the window while a 20 s dataset load runs", [time.perf_counter() - start])
    release.set()
    background_jobs().wait_all()


def bench_sidecar(folder: Path, reps: int) -> None:
    import numpy as np

    from engine.training.state import read_state_file
    from tests.faults.hostile_files import deflated_zeros, npy_bytes, npy_header, write_zip

    path = folder / "big.dendrite-state.npz"
    meta = {"format": "dendrite-trained-state", "version": 1, "graph_signature": "s",
            "history": {"loss": [1.0]}, "weights": ["w"], "optimizer": [],
            "bound_shapes": {}}
    np.savez(path, meta=np.frombuffer(json.dumps(meta).encode(), np.uint8),
             weight_0000=np.ones(10_000_000, np.float32))
    show("read a 40 MB sidecar, every check", timed(lambda: read_state_file(path), reps))

    def bare():
        with np.load(path) as archive:
            return [archive[k] for k in archive.files]

    show("the same file, bare np.load", timed(bare, reps))
    matches = 3 * 1024**3 // 258
    header = npy_header((1 + 258 * matches,))
    encoded = np.frombuffer(json.dumps(meta).encode(), np.uint8)
    write_zip(path, [("meta.npy", npy_bytes(encoded), 0, 0, len(npy_bytes(encoded))),
                     ("weight_0000.npy", deflated_zeros(matches, header), 8, 0,
                      len(header) + 1 + 258 * matches)])

    def refuse():
        try:
            read_state_file(path)
        except Exception as exc:  # noqa: BLE001 - the refusal is what is timed
            return str(exc)
        raise AssertionError("the bomb was read")

    show("refuse a sidecar that inflates to 3 GiB (20 MB file)", timed(refuse, reps))


def bench_save(folder: Path, reps: int) -> None:
    from engine.graph import Graph
    from engine.project import Project
    from engine.project_io import save_project

    graph = Graph()
    previous = graph.add_node("Input", params={"shape": [8]}).id
    for _ in range(1998):
        node = graph.add_node("Dense", params={"units": 8}).id
        graph.connect(previous, node)
        previous = node
    graph.connect(previous, graph.add_node("Output", params={"units": 1, "loss": "mse"}).id)
    project = Project("big", graph)
    show("atomic save, 2,000-node chain", timed(
        lambda: save_project(project, folder / "big.dendrite"), reps))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        bench_save(folder, args.reps)
        bench_sidecar(folder, args.reps)
        bench_close(folder)


if __name__ == "__main__":
    main()

"""Auto-layout and opening a project in the real main window, at 1,000 and 5,000 nodes
(issue 11: each under 1 s).

Each size gets a fresh process, so every figure is a first run (the worst case: no warm
caches, the window's panels built once before). Opening is File > Open's path: reading the
file, the analysis, the canvas items and every panel, then the events Qt has queued.
Auto-layout is View > Auto-Layout: one undoable macro of a move per node, then every view.
Wall time and the process's CPU time (which a loaded machine stretches less) are printed.
The graph: 10% Inputs, 75% one-input layers, 10% four-input Concatenates, 5% Outputs,
placed at random so that the layout moves every node.

    uv run python benchmarks/bench_layout_open.py [--sizes 1000 5000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def project_document(n_nodes: int, seed: int = 0) -> dict:
    rng = random.Random(seed)
    nodes, edges, produced = [], [], []

    def add(kind: str, params: dict) -> str:
        node_id = f"n{len(nodes) + 1}"
        nodes.append({"id": node_id, "type": kind, "params": params,
                      "position": [rng.uniform(-5000, 5000), rng.uniform(-5000, 5000)]})
        return node_id

    for _ in range(n_nodes // 10):
        produced.append(add("Input", {"shape": [8]}))
    for _ in range(n_nodes * 3 // 4):
        node = add("Dense", {"units": 8, "activation": "relu"})
        edges.append({"source": rng.choice(produced[-50:]), "target": node, "target_port": 0})
        produced.append(node)
    for _ in range(n_nodes // 10):
        node = add("Concatenate", {})
        for port, source in enumerate(rng.sample(produced[-200:], 4)):
            edges.append({"source": source, "target": node, "target_port": port})
        produced.append(node)
    while len(nodes) < n_nodes:
        node = add("Output", {"units": 1, "loss": "mse"})
        edges.append({"source": rng.choice(produced), "target": node, "target_port": 0})
    return {"format": "dendrite-project", "version": 1, "name": f"{n_nodes} nodes",
            "graph": {"nodes": nodes, "edges": edges}}


def measure(n_nodes: int) -> dict:
    """In this process: open a project of n_nodes in the main window, then auto-lay it out."""
    os.environ.setdefault("DENDRITE_DATA_DIR", tempfile.mkdtemp(prefix="dendrite-bench-"))
    from PySide6.QtWidgets import QApplication

    from gui.app import create_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="dendrite-bench-"))
    path = folder / f"graph_{n_nodes}.dendrite"
    path.write_text(json.dumps(project_document(n_nodes)), encoding="utf-8")
    window = create_window(None, autosave=False)
    window.resize(1600, 1000)
    window.show()
    app.processEvents()

    started, cpu = time.perf_counter(), time.process_time()
    assert window.files.open_path(path, ask=False), window.files.last_error
    app.processEvents()
    opened, opened_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert len(window.canvas.canvas.nodes) == n_nodes

    started, cpu = time.perf_counter(), time.process_time()
    window.document.auto_layout()
    app.processEvents()
    laid_out, laid_out_cpu = time.perf_counter() - started, time.process_time() - cpu
    assert window.document.undo_stack.count() == 1  # one undo step for every move

    window.document.undo_stack.setClean()
    window.close()
    path.unlink()
    folder.rmdir()
    return {"nodes": n_nodes, "edges": len(window.document.graph.edges),
            "open_s": opened, "open_cpu_s": opened_cpu, "layout_s": laid_out,
            "layout_cpu_s": laid_out_cpu}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child's own run
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return 0
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for size in args.sizes:
        child = subprocess.run([sys.executable, __file__, "--one", str(size)], cwd=ROOT,
                               capture_output=True, text=True, check=True)
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        print(f"{figures['nodes']:,} nodes / {figures['edges']:,} edges: open "
              f"{figures['open_s']:.2f} s ({figures['open_cpu_s']:.2f} s CPU), auto-layout "
              f"{figures['layout_s']:.2f} s ({figures['layout_cpu_s']:.2f} s CPU) "
              f"(target < 1 s each; first run in a fresh process)")
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

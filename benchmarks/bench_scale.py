"""`main.py check` and `summary` on big projects (issue 17: a 100,000-node chain in under
10 s; a shared name reported once; growth linear in the nodes).

Each run is the real command in a fresh process (Python's start and imports included):
wall time, CPU time and peak memory of that process. The chains are Input -> Dense(4) x
(n-2) -> Output with no names (each made on load), as the issue's attack used; the shared
name case gives all 20,000 nodes one name; the last case is a 1,000,000-node file, over the
size limit, refused before it is read.

    uv run python benchmarks/bench_scale.py [--sizes 25000 50000 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.engine.helpers import chain_document  # noqa: E402


def write_big_chain(path: Path, n_nodes: int) -> None:
    """The chain of `chain_document`, written node by node (a million nodes as one Python
    document would take gigabytes here)."""
    with path.open("w", encoding="utf-8") as out:
        out.write('{"format": "dendrite-project", "version": 1, "graph": {"nodes": [')
        for i in range(n_nodes):
            kind = "Input" if i == 0 else "Output" if i == n_nodes - 1 else "Dense"
            params = {"Input": {"shape": [4]}, "Output": {"units": None, "loss": "mse"},
                      "Dense": {"units": 4}}[kind]
            out.write(("," if i else "") + json.dumps(
                {"id": f"n{i}", "type": kind, "params": params, "position": [i * 10.0, 0.0],
                 "name": f"layer_{i}"}))
        out.write('], "edges": [')
        out.write(",".join(json.dumps({"source": f"n{i - 1}", "target": f"n{i}"})
                           for i in range(1, n_nodes)))
        out.write("]}}")


def run_command(command: str, path: Path) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    child = subprocess.run([sys.executable, str(ROOT / "main.py"), command, str(path)],
                           cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = (child.stdout + child.stderr).splitlines()
    return {"wall": wall, "cpu": cpu, "peak_mb": after.ru_maxrss / 1024, "exit": child.returncode,
            "lines": len(lines), "last": lines[-1][:120] if lines else ""}


def show(label: str, figures: dict) -> None:
    print(f"{label}: {figures['wall']:.2f} s wall, {figures['cpu']:.2f} s CPU, peak "
          f"{figures['peak_mb']:.0f} MB (largest child so far), exit {figures['exit']}, "
          f"{figures['lines']:,} lines; last: {figures['last']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000])
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="dendrite-scale-") as folder:
        measure_all(Path(folder), args.sizes)
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    return 0


def measure_all(folder: Path, sizes: list[int]) -> None:
    for size in sizes:
        path = folder / f"chain_{size}.dendrite"
        path.write_text(json.dumps(chain_document(size)), encoding="utf-8")
        megabytes = path.stat().st_size / 1e6
        for command in ("check", "summary"):
            show(f"{command} chain of {size:,} unnamed nodes ({megabytes:.1f} MB)",
                 run_command(command, path))
    path = folder / "shared_20000.dendrite"
    path.write_text(json.dumps(chain_document(20_000, shared_name="same")), encoding="utf-8")
    show("check 20,000 nodes sharing one name", run_command("check", path))
    path = folder / "chain_1000000.dendrite"
    write_big_chain(path, 1_000_000)
    show(f"check 1,000,000 nodes ({path.stat().st_size / 1e6:.0f} MB, over the size limit)",
         run_command("check", path))


if __name__ == "__main__":
    sys.exit(main())

"""The engine is the model of everything: importing any part of it loads neither Qt nor
TensorFlow (TensorFlow loads inside the functions that need it, so the window opens first)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import importlib, pkgutil, sys
import engine
names = [m.name for m in pkgutil.walk_packages(engine.__path__, "engine.")]
for name in names:
    importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "tensorflow", "keras"))
print(len(names), loaded)
"""


def test_importing_every_engine_module_loads_neither_qt_nor_tensorflow():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    count, loaded = done.stdout.strip().split(" ", 1)
    assert int(count) > 40  # every module was imported, not just the package
    assert loaded == "[]"

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = ROOT / "projects"


def test_summary_of_fashion_mnist_prints_the_seed_figures():
    out = subprocess.run([sys.executable, "main.py", "summary",
                          str(PROJECTS / "fashion_mnist.dendrite")],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for figure in ("235,500", "90,300", "3,010", "Total params: 328,810"):
        assert figure in out

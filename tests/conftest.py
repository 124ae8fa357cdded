import gc
import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PROJECTS = ROOT / "projects"

# settings, recent files and recovery files of a test run never touch the user's own: Qt's
# test-mode standard paths, and the app's data folder in a temporary one (tests that need
# their own set DENDRITE_DATA_DIR themselves)
if "DENDRITE_DATA_DIR" not in os.environ:
    import tempfile

    os.environ["DENDRITE_DATA_DIR"] = tempfile.mkdtemp(prefix="dendrite-tests-")
try:
    from PySide6.QtCore import QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
except ImportError:  # pragma: no cover
    pass

try:
    from hypothesis import settings

    settings.register_profile("ci", max_examples=200, deadline=None)
    settings.register_profile("thorough", max_examples=10_000, deadline=None)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
except ImportError:  # pragma: no cover
    pass


def pytest_sessionfinish(session, exitstatus):
    """The offscreen platform's clipboard crashes at exit while it still owns mime data that
    a copy/paste test put there; empty it first."""
    app_module = sys.modules.get("PySide6.QtWidgets")
    app = app_module.QApplication.instance() if app_module else None
    if app is not None:
        app.clipboard().clear()
        app.processEvents()


@pytest.fixture(autouse=True)
def _collect_garbage_after_each_test():
    """Collects cyclic garbage at the end of each test, in the GUI thread, while that test's
    Qt objects are its own: garbage left to pile up over hundreds of tests was finalised all
    at once in a later test and crashed it there."""
    yield
    gc.collect()

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


def pytest_configure(config):
    """As in the app (gui/gc_policy.py): Python's cyclic collector never runs on its own, so it
    cannot run in a worker thread (TensorFlow's import, training, exports) and finalise Qt
    objects there; the fixture below collects in the main thread instead."""
    gc.disable()


@pytest.fixture(autouse=True)
def _collect_garbage_in_the_main_thread(request):
    """After a test that made Qt objects, a full collection in the GUI thread while those
    objects are its own; after any other, only the generations gc's thresholds say are due."""
    yield
    if {"qapp", "qtbot"} & set(request.fixturenames):
        gc.collect()
    else:
        from gui.gc_policy import collect_due

        collect_due()

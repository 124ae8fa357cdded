"""While the training worker has work, the interpreter hands its lock to the window every
millisecond (the window's Python slots and curve paints wait for it), and the usual switch
interval comes back once the worker is idle again or shut down."""

import sys
import threading

import pytest

from gui.training.worker import BUSY_SWITCH_INTERVAL, SessionRunner

pytestmark = pytest.mark.gui


def test_switch_interval_is_short_only_while_the_worker_has_work(qtbot):
    usual = sys.getswitchinterval()
    runner = SessionRunner()
    release = threading.Event()
    try:
        with qtbot.waitSignal(runner.idle, timeout=10_000):
            runner._submit(release.wait, 10)
            assert runner.busy and sys.getswitchinterval() == pytest.approx(
                BUSY_SWITCH_INTERVAL)
            runner._submit(release.wait, 10)  # a second job keeps the short interval
            release.set()
        assert not runner.busy and sys.getswitchinterval() == pytest.approx(usual)
        release.clear()
        runner._submit(release.wait, 10)
        assert sys.getswitchinterval() == pytest.approx(BUSY_SWITCH_INTERVAL)
        release.set()
        runner.shutdown()
        assert sys.getswitchinterval() == pytest.approx(usual)
    finally:
        release.set()
        runner.shutdown()
        sys.setswitchinterval(usual)

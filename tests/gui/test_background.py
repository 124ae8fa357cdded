"""The one worker-thread helper: results and error messages come back to the GUI thread,
queued jobs run in order and finish before the thread is joined, one-shot threads are kept
until they end."""

import threading

import pytest
from PySide6.QtCore import QObject, Slot

from gui.background import Job, WorkerThread, background_jobs, run_in_background

pytestmark = pytest.mark.gui


class Receiver(QObject):
    def __init__(self):
        super().__init__()
        self.results, self.failures, self.threads = [], [], []

    @Slot(object)
    def took(self, value) -> None:
        self.results.append(value)
        self.threads.append(threading.current_thread())

    @Slot(str)
    def failed(self, message: str) -> None:
        self.failures.append(message)


def where_and_what(value):
    return threading.current_thread().name != "MainThread", value


def refuse(name):
    raise ValueError(f"{name} cannot be written here")


def test_results_and_errors_come_back_to_the_gui_thread_in_order(qtbot):
    receiver = Receiver()
    thread = WorkerThread("test-worker", nice=False)
    for value in range(3):
        job = Job(where_and_what, value)
        job.succeeded.connect(receiver.took)
        thread.submit(job)
    job = Job(refuse, "model.keras")
    job.failed.connect(receiver.failed)
    thread.submit(job)
    thread.shutdown()  # the queued jobs finish first
    qtbot.waitUntil(lambda: len(receiver.results) == 3 and bool(receiver.failures),
                    timeout=5000)
    assert receiver.results == [(True, 0), (True, 1), (True, 2)]  # ran off the GUI thread
    assert set(receiver.threads) == {threading.main_thread()}  # answered in it
    assert receiver.failures == ["model.keras cannot be written here"]
    assert thread.isFinished()


def test_a_one_shot_job_is_kept_until_its_thread_has_ended(qtbot):
    receiver = Receiver()
    job = Job(where_and_what, "done")
    job.succeeded.connect(receiver.took)
    run_in_background(job)
    background_jobs().wait_all()
    qtbot.waitUntil(lambda: receiver.results == [(True, "done")], timeout=5000)
    qtbot.waitUntil(lambda: len(background_jobs().running) == 0, timeout=5000)

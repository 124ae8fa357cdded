"""Training in a worker thread, stopped from another thread between batches."""

import threading

from engine.training import RecordingListener, TrainerBusy
from tests.training.helpers import classifier_trainer


def test_stop_from_another_thread_ends_training_at_a_batch_boundary():
    trainer = classifier_trainer({"epochs": 500}, n=200)
    trainer.report_interval = 0.0
    first_batch = threading.Event()

    class Listener(RecordingListener):
        def on_batch(self, event):
            self.events.append(event)
            first_batch.set()

    events = Listener()
    result = {}
    worker = threading.Thread(target=lambda: result.update(done=trainer.train(events)))
    worker.start()
    assert first_batch.wait(60)
    assert trainer.is_running
    try:
        trainer.train()
    except TrainerBusy:
        pass
    else:
        raise AssertionError("a second run must be refused while one trains")
    trainer.stop()
    worker.join(60)
    assert not worker.is_alive()
    assert result["done"].reason == "stopped"
    assert len(trainer.history) < 500
    assert events.events[-1] is result["done"]
    assert not trainer.is_running


def test_same_seed_gives_the_same_weights_in_a_worker_thread():
    import numpy as np

    here = classifier_trainer()
    here.train()
    there = classifier_trainer()
    worker = threading.Thread(target=there.train)
    worker.start()
    worker.join(60)
    for ours, theirs in zip(here.model.get_weights(), there.model.get_weights(), strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=1e-7)

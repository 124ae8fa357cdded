"""Training in a worker thread, stopped from another thread between batches."""

import threading

from engine.training import RecordingListener, TrainerBusy
from tests.training.test_trainer import classifier_trainer


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

"""The garbage-collection policy: collections happen in the GUI thread when due, and the
freeze after TensorFlow loads never runs a full collection (which froze the window)."""

import gc

from gui import gc_policy


def _generations_collected(action) -> list[int]:
    seen = []

    def record(phase, info):
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(record)
    try:
        action()
    finally:
        gc.callbacks.remove(record)
    return seen


def test_freezing_after_a_big_import_runs_no_full_collection(qapp):
    gc_policy.install()
    frozen_before = gc.get_freeze_count()
    kept = [[i] for i in range(1000)]
    seen = _generations_collected(gc_policy.freeze_long_lived)
    assert 2 not in seen
    assert gc.get_freeze_count() >= frozen_before + len(kept)


def test_a_due_generation_is_collected_on_the_timer_and_none_when_nothing_is_due(qapp):
    gc_policy.install()
    assert not gc.isenabled()  # automatic collection stays off: only the GUI timer collects
    gc.collect()
    assert _generations_collected(gc_policy.collect_due) == []
    threshold = gc.get_threshold()[0]
    garbage = [[] for _ in range(threshold + 50)]  # allocations push generation 0 past due
    seen = _generations_collected(gc_policy.collect_due)
    assert seen and seen[0] in (0, 1, 2)
    del garbage

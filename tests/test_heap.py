"""A server worker's long-lived objects frozen out of the cyclic collector (cancu/heap.py):
frozen after warm-up, and on a newer checkpoint the previous checkpoint's cycles
collected and what stays frozen again."""
from __future__ import annotations

import gc
import weakref

import pytest

from cancu.heap import FrozenHeap


class _Cycle:
    def __init__(self):
        self.me = self


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


def test_freezing_keeps_what_exists_out_of_collections(unfrozen):
    heap = FrozenHeap(lambda: "c1")
    kept = [_Cycle() for _ in range(100)]
    heap.freeze()
    assert heap.frozen_at == "c1"
    assert gc.get_freeze_count() >= len(kept)
    tracked = {id(o) for o in gc.get_objects()}
    assert not any(id(o) in tracked for o in kept)      # a full collection does not walk them


def test_on_a_newer_checkpoint_the_old_ones_cycles_are_collected(unfrozen):
    checkpoint = ["c1"]
    heap = FrozenHeap(lambda: checkpoint[0])
    old = _Cycle()
    gone = weakref.ref(old)
    heap.freeze()
    del old
    gc.collect()
    assert gone() is not None           # frozen: a cycle no one holds stays
    heap.follow()
    assert heap.frozen_at == "c1" and gone() is not None      # the same checkpoint: nothing to do
    checkpoint[0] = "c2"
    heap.follow()
    assert heap.frozen_at == "c2"
    assert gone() is None
    assert gc.get_freeze_count() > 0


def test_young_collections_come_a_tenth_as_often():
    from cancu.heap import YOUNG_THRESHOLD, collect_less_often
    before = gc.get_threshold()
    young = []

    def count(phase, info):
        if phase == "start" and info["generation"] == 0:
            young.append(1)

    def collections_while_keeping(n: int) -> int:
        young.clear()
        gc.callbacks.append(count)
        try:
            kept = [[] for _ in range(n)]     # tracked objects that stay: each counts
        finally:
            gc.callbacks.remove(count)
        del kept
        return len(young)

    try:
        gc.set_threshold(700, *before[1:])
        assert collections_while_keeping(3 * YOUNG_THRESHOLD) >= 25
        collect_less_often()
        assert gc.get_threshold() == (YOUNG_THRESHOLD, *before[1:])
        assert collections_while_keeping(3 * YOUNG_THRESHOLD) <= 3
    finally:
        gc.set_threshold(*before)

"""A server worker's long-lived objects kept out of Python's cyclic garbage collector.

After warm-up a worker holds some 200,000 container objects that live as long as
their checkpoint (registry, catalogue and its indexes, templates, gazetteer). Every
few hundred requests the collector's oldest generation fills and a full collection
walks all of them: 100-140 ms of CPU at 10k documents with the GIL held, during which
every thread of the worker waits (measured with gc.callbacks over a mix of pages).
`gc.freeze()` moves what exists now out of the collector's reach; a full collection
then walks only what requests made since (13-18 ms).

Frozen objects are never collected as cycles, so when the worker moves on to a newer
checkpoint the previous one's would stay: `follow` then lets the frozen objects go
back to the collector, collects them once and freezes again (one full collection per
checkpoint, as the collector did every few hundred requests before). It does not warm
the new checkpoint: a stream of uploads publishes one per document, and requests make
what they need of it as before.

What requests build and keep for the rest of a checkpoint after warm-up (the audit's rows,
the search's passage words, chain nodes) is not frozen, so full collections still came
every 170 or so requests, 11-26 ms each with the GIL held. `collect_less_often` lets ten
times as many objects be made before a young collection (Python's default is 700): over
3,000 requests of the bench/web.py mix at 10k documents, no full collection instead of 18,
and the collector's CPU 480 → 265 ms (young collections take 2 ms instead of 0.05, a tenth
as often). A request's garbage is nearly all freed by reference counts, not by the
collector; what waits for a young collection is at most those 7,000 objects more.
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Callable


# Allocations (net of deallocations) of tracked objects before a young collection.
YOUNG_THRESHOLD = 7000


def collect_less_often() -> None:
    """Young collections after YOUNG_THRESHOLD allocations, the older generations' thresholds unchanged."""
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)


class FrozenHeap:
    """`checkpoint()` names the checkpoint the worker reads."""

    def __init__(self, checkpoint: Callable[[], str]):
        self._checkpoint = checkpoint
        self._frozen_at: str | None = None
        self._lock = threading.Lock()

    def freeze(self, at: str | None = None) -> None:
        """Collect what warm-up (or the requests on the previous checkpoint) left
        behind, then freeze what stays; `at`: the checkpoint read (default: now)."""
        at = self._checkpoint() if at is None else at
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self._frozen_at = at

    def follow(self) -> None:
        """After a request: on a newer checkpoint than the one frozen, collect and
        freeze again. One thread does it; the others go on."""
        if self._checkpoint() == self._frozen_at or not self._lock.acquire(blocking=False):
            return
        try:
            now = self._checkpoint()
            if now != self._frozen_at:
                self.freeze(now)
        finally:
            self._lock.release()

    @property
    def frozen_at(self) -> str | None:
        return self._frozen_at

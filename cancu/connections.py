"""The server's worker processes share their clients' connections out evenly.

A client (a browser, an API client, bench/web.py's twenty) keeps its connection open
between requests, and every request on it goes to the worker process that accepted it.
gunicorn lets whichever worker is first take each new connection, and under a burst one
often took most of them: 16, 14 and 13 of 20 at 10k documents (counted with `ss` while a
load ran), so its clients queued for one core while the other worker's had it nearly to
themselves, and the page times of the crowded worker made the p95.

Here each worker publishes, in memory the workers share (made by the arbiter before it
forks them), how many connections it holds, and takes no new one while it holds more than
the fewest any live worker holds; the worker holding the fewest always takes them, so the
counts never differ by more than one (20 clients: 10 and 10). Allowing one more than the
fewest let them end 11 and 9, in two bench runs of three at 10k documents (counted with
`ss`): the eleven clients of the crowded worker made the p95 (worst p95 140, 145, 137 ms
against 135, 126, 135 ms with the counts even, the two rules run in turn). A worker that
stopped looks again every `RECHECK_S`, so the next connection waits that long at most. A worker whose loop has not run for `STALE_S` (its main thread stuck
behind a request) is not counted, so the others do not wait for it.

`BalancedThreadWorker` is gunicorn's threaded worker with that rule. It overrides methods
of gunicorn 27's `ThreadWorker` (its accept loop); tests/test_serve.py runs a real
server, and fails (five runs in six, on gunicorn's own accepting) if a release moves them.
"""
from __future__ import annotations

import multiprocessing
import os
import time

from gunicorn.workers.gthread import ThreadWorker

# How soon a worker that stopped taking connections looks again. Not sooner: at 0.01 s its main
# thread took the GIL from the request being computed a hundred times a second (workers 5.4-6.2
# ms of CPU a request under load, against 5.2-5.4 for gunicorn's own accepting, in turn).
RECHECK_S = 0.1
STALE_S = 2.0       # a worker's loop runs at least once a second when idle (gunicorn's timeout)


class ConnectionShares:
    """Per worker process, a slot in shared memory: its pid, the connections it holds and
    when its loop last ran. Made before the workers are forked; a worker claims a slot
    when it starts, the arbiter frees it when the worker exits (`release`)."""

    def __init__(self, slots: int):
        self._pid = multiprocessing.RawArray("i", slots)
        self._held = multiprocessing.RawArray("i", slots)
        self._seen = multiprocessing.RawArray("d", slots)
        self._claiming = multiprocessing.Lock()    # two starting workers never take one slot

    def claim(self, pid: int) -> int | None:
        """A free slot for `pid`, or None when all are taken (that worker then takes
        connections as gunicorn does: first come). A worker killed while claiming leaves
        the lock held: the next claim waits a second for it, then goes without a slot."""
        if not self._claiming.acquire(timeout=1.0):
            return None
        try:
            for slot, owner in enumerate(self._pid):
                if owner == 0:
                    self._held[slot], self._seen[slot] = 0, time.monotonic()
                    self._pid[slot] = pid
                    return slot
            return None
        finally:
            self._claiming.release()

    def release(self, pid: int) -> None:
        """Free the slot of a worker that exited (the arbiter calls it: it takes no lock,
        so a worker that died holding one cannot stop the arbiter)."""
        for slot, owner in enumerate(self._pid):
            if owner == pid:
                self._pid[slot] = 0
                self._held[slot] = 0

    def publish(self, slot: int, held: int) -> None:
        self._held[slot], self._seen[slot] = held, time.monotonic()

    def may_take(self, slot: int) -> bool:
        """Whether the worker of `slot` may take a new connection: it holds no more than
        the live worker holding the fewest. (Its own count is published before it asks;
        another's may lag behind a connection it just took, which only makes this worker
        wait.)"""
        now = time.monotonic()
        fewest = min((held for owner, held, seen in zip(self._pid, self._held, self._seen)
                      if owner and now - seen < STALE_S), default=0)
        return self._held[slot] <= fewest


class BalancedThreadWorker(ThreadWorker):
    """gunicorn's threaded worker, taking new connections only within its share. The shares
    are the application's (`shares` attribute of the gunicorn application object)."""

    _slot: int | None = None
    _refusing = False

    def run(self) -> None:
        # Counted from when the app is loaded and the loop starts (a worker warms up for
        # seconds first: counted then, it would stop the others taking connections).
        self._shares: ConnectionShares | None = getattr(self.app, "shares", None)
        if self._shares is not None:
            self._slot = self._shares.claim(os.getpid())
        super().run()

    def set_accept_enabled(self, enabled: bool) -> None:
        # The loop asks for accepting again on each turn while it is off: the share is
        # looked at then, and after each connection taken (`accept`).
        fair = self._fair()
        self._refusing = enabled and not fair
        super().set_accept_enabled(enabled and fair)

    def accept(self, listener) -> None:
        super().accept(listener)
        if not self._fair():
            super().set_accept_enabled(False)
            self._refusing = True

    def murder_keepalived(self, force: bool = False) -> None:
        super().murder_keepalived(force)
        self._publish()      # once a turn of the loop: connections closed since are counted

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        super().wait_for_and_dispatch_events(min(timeout, RECHECK_S) if self._refusing else timeout)

    def _publish(self) -> None:
        if self._slot is not None:
            self._shares.publish(self._slot, self.nr_conns)

    def _fair(self) -> bool:
        if self._slot is None:
            return True
        self._publish()
        return self._shares.may_take(self._slot)

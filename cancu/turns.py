"""Requests of one server process take turns at the CPU, in the order they came.

A worker's threads share one GIL, which switches between them every few
milliseconds: with eight requests in a worker each moves at an eighth of the
speed, so a page of 15 ms of CPU takes 120 ms and the heaviest pages set the
p95 (bench/web.py at 10k documents, 2 workers × 8 threads, cache off: worst p95
307 ms). Taken in turns, a request has the core to itself once its turn comes:
its time is the queue before it plus its own CPU, alike for every page.

The threads stay for what waits without the CPU: a SPARQL query runs in a process
of its own, an upload waits for the store's one writer; such waits give the turn
away (`released`), and a request with a body (an upload) takes no turn at all. A
request waits at most `patience` seconds for its turn and then runs beside the one
holding it, sharing the GIL as before: a long export does not stop a worker's other
pages for its whole length, and a request that gave its turn away while holding a
lock another one waits on gets on after that long at worst, never deadlocks.

Off unless `enable`d (cancu/serve.py does, in each worker): the CLI, the tests' app
and the one-thread tools run as before.
"""
from __future__ import annotations

import os
import select
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager


class _Doorbell:
    """How a waiting thread is told its turn has come: a byte written to its own pipe.
    The write gives up the GIL while it wakes the waiter; a lock's release or an event's
    set wakes it with the GIL held, and the waker, preempted right there by the thread it
    woke, stalled its whole process (about a tenth of a loaded worker's GIL time). One per
    thread, closed with it."""

    def __init__(self) -> None:
        self._read, self._write = os.pipe()
        # poll, not select: a server process holds many files (the store's), and select
        # refuses a descriptor numbered past 1023.
        self._poll = select.poll()
        self._poll.register(self._read, select.POLLIN)

    def ring(self) -> None:
        os.write(self._write, b"\0")

    def wait(self, seconds: float) -> bool:
        """Whether it rang within `seconds` (the ring is not taken)."""
        return bool(self._poll.poll(seconds * 1000))

    def take(self) -> None:
        """Take the ring (waits for it)."""
        os.read(self._read, 1)

    def __del__(self) -> None:
        for fd in (self._read, self._write):
            try:
                os.close(fd)
            except OSError:
                pass


class Turns:
    def __init__(self, patience_s: float = 0.25):
        self.patience_s = patience_s
        self.enabled = False
        self._lock = threading.Lock()
        self._busy = False                      # a request holds the turn
        self._waiting: deque[_Doorbell] = deque()
        self._mine = threading.local()          # .held: this thread holds the turn; .bell
        self.given_up = 0                       # waits that ran out of patience (tests read it)

    def enable(self) -> None:
        self.enabled = True

    def held(self) -> bool:
        return getattr(self._mine, "held", False)

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Run the block in this thread's turn (at once when off, or already held)."""
        if not self.enabled or self.held():
            yield
            return
        self._acquire()
        try:
            yield
        finally:
            if self.held():                     # not when patience ran out (here or in `released`)
                self._release()

    @contextmanager
    def released(self) -> Iterator[None]:
        """Give the turn away while the block waits for something else, then queue again."""
        if not self.held():
            yield
            return
        self._release()
        try:
            yield
        finally:
            self._acquire(first=True)      # it waited its turn once already

    def _acquire(self, first: bool = False) -> None:
        """Take the turn, waiting in order (`first`: before the others), or go on without
        it once patience runs out (`held()` tells which)."""
        with self._lock:
            if not self._busy:
                self._busy = True
                self._mine.held = True
                return
            bell = self._bell()
            if first:
                self._waiting.appendleft(bell)
            else:
                self._waiting.append(bell)
        if not bell.wait(self.patience_s):
            with self._lock:
                if bell in self._waiting:       # still queued: leave the queue, run anyway
                    self._waiting.remove(bell)
                    self.given_up += 1
                    return
        bell.take()                             # rung (just now, if patience ran out meanwhile)
        self._mine.held = True

    def _bell(self) -> _Doorbell:
        bell = getattr(self._mine, "bell", None)
        if bell is None:
            bell = self._mine.bell = _Doorbell()
        return bell

    def _release(self) -> None:
        self._mine.held = False
        with self._lock:
            if self._waiting:
                self._waiting.popleft().ring()  # the turn passes on: still busy
            else:
                self._busy = False


# One per process: the server's worker threads share it.
TURNS = Turns()


class TakeTurns:
    """WSGI middleware: each GET or HEAD request computes its response in its turn (the body
    an app streams after returning is sent outside it). A request with a body (an upload,
    a SPARQL query by POST, a sign-in) takes none: the app reads that body from the client
    as it comes, and a slow client would hold the turn. Nor do the paths of `elsewhere`,
    whose work runs in another process: a SPARQL query's server part (parsing it, passing
    the answer on) is under a millisecond of CPU, and queueing for the turn before the
    query and again after it doubled its time under load. How long a request waited for its
    turn goes in `environ[WAITED]` (ms), for the request log: a page slow only in the queue
    is not a slow page."""

    def __init__(self, app, turns: Turns = TURNS, elsewhere: frozenset[str] = frozenset()):
        self.app = app
        self.turns = turns
        self.elsewhere = elsewhere

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") not in _WITHOUT_BODY or environ.get("PATH_INFO") in self.elsewhere:
            return self.app(environ, start_response)
        asked = time.perf_counter()
        with self.turns.hold():
            environ[WAITED] = (time.perf_counter() - asked) * 1000
            return self.app(environ, start_response)


WAITED = "cancu.turn_wait_ms"
_WITHOUT_BODY = ("GET", "HEAD")

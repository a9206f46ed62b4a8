"""Connections shared out over the server's worker processes (cancu/connections.py): the
rule on the shared counts. A real two-worker server sharing a burst of clients out evenly:
tests/test_serve.py."""
from __future__ import annotations

import time

from cancu import connections
from cancu.connections import ConnectionShares


def test_a_worker_takes_connections_only_while_it_holds_no_more_than_the_fewest():
    shares = ConnectionShares(slots=4)
    a, b = shares.claim(101), shares.claim(102)
    shares.publish(a, 3)
    shares.publish(b, 1)
    assert not shares.may_take(a) and shares.may_take(b)
    shares.publish(b, 2)        # one apart: the one holding more waits (11 to 9 otherwise)
    assert not shares.may_take(a) and shares.may_take(b)
    shares.publish(b, 3)
    assert shares.may_take(a) and shares.may_take(b)


def test_a_worker_alone_always_takes_connections():
    shares = ConnectionShares(slots=2)
    a = shares.claim(101)
    shares.publish(a, 50)
    assert shares.may_take(a)


def test_a_worker_that_left_or_stopped_looping_is_not_waited_for(monkeypatch):
    shares = ConnectionShares(slots=4)
    a, b, c = shares.claim(101), shares.claim(102), shares.claim(103)
    shares.publish(a, 5)
    shares.publish(b, 0)
    shares.publish(c, 5)
    assert not shares.may_take(a)
    shares.release(102)                       # exited: the arbiter frees its slot
    assert shares.may_take(a)
    b = shares.claim(104)                     # its replacement, holding none yet
    assert not shares.may_take(a)
    # The replacement's loop has not run for longer than STALE_S (stuck behind a request).
    now = time.monotonic()
    shares.publish(a, 5)
    shares.publish(c, 5)
    monkeypatch.setattr(connections.time, "monotonic", lambda: now + connections.STALE_S + 1)
    shares.publish(a, 5)
    shares.publish(c, 5)
    assert shares.may_take(a)


def test_slots_run_out_without_failing():
    shares = ConnectionShares(slots=1)
    assert shares.claim(101) == 0
    assert shares.claim(102) is None


def test_a_lock_left_held_by_a_dead_worker_stops_neither_claims_nor_the_arbiter():
    shares = ConnectionShares(slots=4)
    a = shares.claim(101)
    shares._claiming.acquire()          # as a worker killed inside `claim` leaves it
    started = time.monotonic()
    assert shares.claim(102) is None    # goes without a slot, after a second
    assert time.monotonic() - started < 5
    shares.release(101)                 # the arbiter, on a worker's exit: no lock taken
    assert shares.claim(103) is None
    shares._claiming.release()
    assert shares.claim(103) == a

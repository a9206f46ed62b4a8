"""Connections shared out over the server's worker processes (cancu/connections.py): the
rule on the shared counts, and a real two-worker server holding a burst of kept-open
connections half each."""
from __future__ import annotations

import http.client
import re
import shutil
import threading
import time
from collections import Counter

import pytest

from cancu import connections
from cancu.cli import main
from cancu.connections import ConnectionShares
from tests.gold import PLANS
from tests.server import serving


def test_a_worker_takes_connections_while_it_holds_at_most_one_more_than_the_fewest():
    shares = ConnectionShares(slots=4)
    a, b = shares.claim(101), shares.claim(102)
    shares.publish(a, 3)
    shares.publish(b, 1)
    assert not shares.may_take(a) and shares.may_take(b)
    shares.publish(b, 2)
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


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory):
    root = tmp_path_factory.mktemp("connections")
    inbox = root / "in"
    inbox.mkdir()
    for plan in sorted(PLANS.glob("*.txt"))[:1]:
        shutil.copy(plan, inbox / plan.name)
    assert main(["--home", str(root / "ws"), "ingest", str(inbox)]) == 0
    with serving(root / "ws", root / "serve.log", "--workers", "2") as srv:
        yield srv


def _workers_answering(srv) -> set[str]:
    return set(re.findall(r"pid (\d+)$", srv.log.read_text(errors="replace"), re.M))


def test_clients_arriving_together_are_shared_out_evenly(two_workers):
    """Twelve clients arriving together, each asking for pages on one kept-open connection:
    gunicorn gave each new connection to the first worker to take it, and a busy worker
    often took most (under load at 10k documents 16, 14 and 13 of 20). With gunicorn's own
    accepting this test failed in two runs of three (8 to 4 both times)."""
    srv = two_workers
    deadline = time.monotonic() + 60
    n = 0
    while len(_workers_answering(srv)) < 2:        # both workers up (each warms up apart)
        assert time.monotonic() < deadline, srv.log.read_text(errors="replace")[-2000:]
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
        conn.request("GET", f"/api/v1/stats?probe=up-{n}")
        conn.getresponse().read()
        conn.close()
        n += 1
        time.sleep(0.2)
    time.sleep(1.5)      # every worker's loop has run since (an idle loop turns once a second)
    for burst in range(3):
        errors: list[str] = []

        def client(i: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
            try:
                for k in range(4):
                    conn.request("GET", f"/?q=ke+hoach&page={k + 1}&probe=b{burst}-c{i}-r{k}")
                    r = conn.getresponse()
                    r.read()
                    if r.status != 200:
                        errors.append(f"{i}: {r.status}")
            finally:
                conn.close()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        time.sleep(0.3)
        log = srv.log.read_text(errors="replace")
        held = Counter(re.search(rf"probe=b{burst}-c{i}-r0 200 .* pid (\d+)$", log, re.M).group(1)
                       for i in range(12))
        assert len(held) == 2 and max(held.values()) - min(held.values()) <= 2, (burst, held)
        time.sleep(2.5)  # the workers see the closed connections go

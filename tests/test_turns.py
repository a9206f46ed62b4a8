"""Requests of a server process take turns at the CPU (cancu/turns.py): in order of
arrival, a wait for another process or for the store's writer gives the turn away,
and nobody waits past its patience."""
from __future__ import annotations

import threading
import time

import pytest

from cancu.turns import WAITED, TakeTurns, Turns


def _start(target, *args) -> threading.Thread:
    t = threading.Thread(target=target, args=args, daemon=True)
    t.start()
    return t


def _wait_until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.001)


def test_turns_are_taken_in_the_order_requests_came():
    turns = Turns(patience_s=10)
    turns.enable()
    order: list[int] = []
    release_first = threading.Event()

    def first():
        with turns.hold():
            order.append(0)
            release_first.wait(5)

    def later(i: int):
        with turns.hold():
            order.append(i)

    threads = [_start(first)]
    _wait_until(lambda: order == [0])
    for i in range(1, 6):
        threads.append(_start(later, i))
        _wait_until(lambda: len(turns._waiting) == i)      # queued before the next one comes
    release_first.set()
    for t in threads:
        t.join(5)
    assert order == [0, 1, 2, 3, 4, 5]
    assert turns.given_up == 0 and not turns._busy


def test_one_request_at_a_time_holds_the_turn():
    turns = Turns(patience_s=10)
    turns.enable()
    inside, most = [0], [0]
    lock = threading.Lock()

    def request():
        with turns.hold():
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.002)
            with lock:
                inside[0] -= 1

    threads = [_start(request) for _ in range(8)]
    for t in threads:
        t.join(5)
    assert most[0] == 1


def test_a_wait_elsewhere_gives_the_turn_away_and_comes_back_first():
    turns = Turns(patience_s=10)
    turns.enable()
    events: list[str] = []
    in_wait, wait_over = threading.Event(), threading.Event()

    def sparql_request():
        with turns.hold():
            events.append("sparql starts")
            with turns.released():
                in_wait.set()
                wait_over.wait(5)
            events.append("sparql answers")

    def page(name: str, hold_s: float = 0.0):
        with turns.hold():
            events.append(name)
            time.sleep(hold_s)

    a = _start(sparql_request)
    assert in_wait.wait(5)
    b = _start(page, "page during the wait", 0.05)      # not blocked by the query's wait
    _wait_until(lambda: "page during the wait" in events)
    c = _start(page, "page queued after")
    _wait_until(lambda: len(turns._waiting) == 1)
    wait_over.set()                                      # back from the query: before the queued page
    for t in (a, b, c):
        t.join(5)
    assert events == ["sparql starts", "page during the wait", "sparql answers", "page queued after"]
    assert not turns._busy


def test_a_request_waits_no_longer_than_its_patience():
    turns = Turns(patience_s=0.05)
    turns.enable()
    done = threading.Event()
    ran: list[float] = []

    def long_export():
        with turns.hold():
            done.wait(5)

    def page():
        t0 = time.monotonic()
        with turns.hold():
            ran.append(time.monotonic() - t0)

    a = _start(long_export)
    _wait_until(lambda: turns._busy)
    b = _start(page)
    b.join(5)
    assert ran and ran[0] < 1.0 and turns.given_up == 1
    assert not turns._waiting
    assert turns._busy              # the export still holds it: the page gave back nothing it did not hold
    done.set()
    a.join(5)
    assert not turns._busy
    with turns.hold():              # and the turn is free for the next
        assert turns.held()


def test_off_until_enabled_and_a_held_turn_is_not_taken_twice():
    turns = Turns()
    with turns.hold():
        assert not turns.held()         # off: nothing taken
    turns.enable()
    with turns.hold():
        with turns.hold():              # a nested hold (middleware, then a service) does not wait on itself
            assert turns.held()
        assert turns.held()
    assert not turns.held() and not turns._busy


def test_the_middleware_computes_the_response_in_a_turn():
    turns = Turns()
    turns.enable()
    seen = []

    def app(environ, start_response):
        seen.append(turns.held())
        start_response("200 OK", [])
        return [b"ok"]

    environ: dict = {"REQUEST_METHOD": "GET"}
    body = TakeTurns(app, turns)(environ, lambda status, headers: None)
    assert body == [b"ok"] and seen == [True] and not turns._busy
    assert environ[WAITED] >= 0.0           # the request log shows the wait
    # A request with a body reads it from the client as it comes: no turn, no wait shown.
    posted: dict = {"REQUEST_METHOD": "POST"}
    assert TakeTurns(app, turns)(posted, lambda status, headers: None) == [b"ok"]
    assert seen == [True, False] and WAITED not in posted


def test_a_path_whose_work_runs_elsewhere_takes_no_turn_even_while_another_holds_it():
    from cancu.serve import RUN_ELSEWHERE

    turns = Turns()
    turns.enable()
    seen = []

    def app(environ, start_response):
        seen.append((environ["PATH_INFO"], turns.held()))
        return [b"ok"]

    middleware = TakeTurns(app, turns, elsewhere=RUN_ELSEWHERE)
    with turns.hold():                  # a page computing in this worker
        done = _start(middleware, {"REQUEST_METHOD": "GET", "PATH_INFO": "/sparql"}, None)
        done.join(5)
        assert not done.is_alive()      # answered without waiting for the page's turn
    page: dict = {"REQUEST_METHOD": "GET", "PATH_INFO": "/search"}
    middleware(page, None)
    assert seen == [("/sparql", False), ("/search", True)] and WAITED in page


@pytest.fixture
def enabled_turns():
    from cancu.turns import TURNS
    was = TURNS.enabled
    TURNS.enable()
    yield TURNS
    TURNS.enabled = was


def test_a_sparql_query_and_an_upload_run_without_the_turn(enabled_turns, tmp_path):
    """The services give the turn away while a query process answers and while an
    upload is ingested (the store's writer may be busy for seconds)."""
    from cancu.contract.views import SparqlLimits
    from cancu.services import Services
    from cancu.workspace import Workspace

    services = Services(Workspace(tmp_path / "ws"))
    held_during: dict[str, bool] = {}

    class Pool:
        def run(self, request, timeout_s, queue_s):
            held_during["sparql"] = enabled_turns.held()
            return "answer"

    services.query_pool = lambda processes, memory_mb: Pool()
    # A SPARQL endpoint configured: the request needs no store of its own.
    services.__dict__["_endpoint"] = type("Endpoint", (), {"url": "http://example.invalid/sparql"})()

    def ingest(filename, data, max_bytes, wait_s):
        held_during["upload"] = enabled_turns.held()
        raise RuntimeError("stop here")

    services._ingest_upload = ingest
    with enabled_turns.hold():
        assert services.run_sparql("ASK {}", SparqlLimits(timeout_s=1, max_rows=1)) == "answer"
        with pytest.raises(RuntimeError):
            services.ingest_upload("a.txt", b"x")
        assert enabled_turns.held()                 # back in its turn after each
    assert held_during == {"sparql": False, "upload": False}


def test_threads_that_waited_leave_no_open_pipes_behind():
    """A waiting thread's doorbell is a pipe of its own, closed when the thread ends
    (a server's threads live long, but nothing here may leak a descriptor per thread)."""
    import gc
    import os

    turns = Turns(patience_s=10)
    turns.enable()

    def later():
        with turns.hold():
            pass

    before = len(os.listdir("/proc/self/fd"))
    for _ in range(3):
        release = threading.Event()

        def holder():
            with turns.hold():
                release.wait(5)

        a = _start(holder)
        _wait_until(lambda: turns._busy)
        waiters = [_start(later) for _ in range(5)]
        _wait_until(lambda: len(turns._waiting) == 5)
        release.set()
        for t in (a, *waiters):
            t.join(5)
        assert not turns._busy and turns.given_up == 0
    gc.collect()
    assert len(os.listdir("/proc/self/fd")) <= before


def test_a_waiter_whose_pipe_is_numbered_past_1023_still_gets_its_turn():
    """A server process holds many files (the store's): the doorbell's descriptors may be
    numbered past select's limit of 1023."""
    import os
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1100:
        pytest.skip(f"the hard limit of open files here is {hard}, below 1100")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1100), hard))
    padding = []
    try:
        while len(padding) < 1100 and (not padding or padding[-1] < 1030):
            padding.append(os.open(os.devnull, os.O_RDONLY))
        turns = Turns(patience_s=10)
        turns.enable()
        got = []
        release = threading.Event()

        def holder():
            with turns.hold():
                release.wait(5)

        def later():
            with turns.hold():
                got.append(True)

        a = _start(holder)
        _wait_until(lambda: turns._busy)
        b = _start(later)
        _wait_until(lambda: len(turns._waiting) == 1)
        assert turns._waiting[0]._read > 1023
        release.set()
        for t in (a, b):
            t.join(5)
        assert got == [True] and turns.given_up == 0
    finally:
        for fd in padding:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))

"""The SPARQL query processes (kg/sparql/pool.py, kg/sparql/worker.py) as a server
uses them: ordinary queries in a burst are served by the warm process instead of
each starting one (a start costs far more CPU than a query); a long query makes
the pool grow after a short wait; a process started in the background opens the
checkpoint before its first query; an idle process keeps the newest checkpoint
open and lets go of a superseded one."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from tests.test_web_support import built_workspace, services_for  # noqa: F401  (fixture)
from tests.threads import run_threads
from cancu.kg.sparql.pool import QueryProcesses
from cancu.kg.sparql.run import SparqlTimeout, normalise_newlines
from cancu.kg.sparql.worker import _Runner, _Yielder
from cancu.kg.store.graph import GraphStore

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def request(store: str, query: str) -> dict:
    return {"query": normalise_newlines(query), "store": store, "max_rows": 100, "max_bytes": 1 << 20,
            "format": "json"}


def checkpoint_of(built_workspace) -> str:  # noqa: F811
    services = services_for(built_workspace)
    try:
        return str(services.store.path)
    finally:
        services.close()


def holds_files_under(pid: int, folder: str) -> bool:
    fds = Path(f"/proc/{pid}/fd")
    for fd in fds.iterdir():
        try:
            if os.readlink(fd).startswith(folder + os.sep):
                return True
        except OSError:
            continue
    return False


def test_a_burst_of_short_queries_is_served_by_the_warm_process(built_workspace):  # noqa: F811
    store = checkpoint_of(built_workspace)
    pool = QueryProcesses(size=4, warm=1, queue_s=30, start_after_s=20)
    try:
        pool.run(request(store, "ASK {}"), timeout_s=30)
        answers = []
        run_threads(lambda: answers.append(pool.run(request(store, "ASK { ?s ?p ?o }"), timeout_s=30)),
                    [()] * 12, timeout=60)
        assert len(answers) == 12 and all(a.body for a in answers)
        assert pool.started == 1 and len(pool.pids()) == 1
    finally:
        pool.close()


def test_a_long_query_makes_the_pool_grow_after_a_short_wait(built_workspace):  # noqa: F811
    store = checkpoint_of(built_workspace)
    pool = QueryProcesses(size=2, warm=1, queue_s=30, start_after_s=0.2)
    try:
        pool.run(request(store, "ASK {}"), timeout_s=30)
        outcome: list = []

        def runaway():
            try:
                pool.run(request(store, RUNAWAY), timeout_s=8)
            except SparqlTimeout as e:
                outcome.append(e)

        long = threading.Thread(target=runaway)
        long.start()
        time.sleep(0.5)              # the warm process is in the runaway query
        t = time.monotonic()
        answer = pool.run(request(store, "ASK { ?s ?p ?o }"), timeout_s=30)
        waited = time.monotonic() - t
        assert answer.body and pool.started == 2
        assert waited < 6, waited    # a new process, not the end of the runaway (8 s)
        long.join(30)
        assert outcome and isinstance(outcome[0], SparqlTimeout)
    finally:
        pool.close()


def test_a_replacement_process_opens_the_checkpoint_before_its_first_query(built_workspace):  # noqa: F811
    store = checkpoint_of(built_workspace)
    pool = QueryProcesses(size=1, warm=1, queue_s=30)
    try:
        pool.run(request(store, "ASK {}"), timeout_s=30)
        _ignore_timeout(pool, request(store, RUNAWAY), 1)
        _wait_until(lambda: pool.pids())
        pids = pool.pids()
        assert len(pids) == 1 and pool.started == 2
        assert holds_files_under(pids[0], store)
    finally:
        pool.close()


def test_an_idle_process_keeps_the_newest_checkpoint_and_lets_go_of_an_older_one(tmp_path):
    snapshots = tmp_path / "store" / "snapshots"
    older, newer = snapshots / "100", snapshots / "200"
    GraphStore.open(older).close()
    (older / "ready").touch()
    runner = _Runner()
    runner.prepare(str(older))
    runner.let_go_if_superseded()
    assert runner.path == str(older) and runner.store is not None
    GraphStore.open(newer).close()
    (newer / "ready").touch()
    runner.let_go_if_superseded()
    assert runner.path is None and runner.store is None


def test_an_idle_process_lets_go_of_a_store_that_is_no_checkpoint(tmp_path):
    GraphStore.open(tmp_path / "plain").close()
    runner = _Runner()
    runner.prepare(str(tmp_path / "plain"))
    runner.let_go_if_superseded()
    assert runner.store is None


def nice_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


MEDIUM = "SELECT (COUNT(*) AS ?n) WHERE { ?a a ?c . ?d cancu:start ?f }"     # ~10⁶ pairs: a fraction of a second


def test_a_query_runs_at_the_servers_priority_until_it_runs_long(built_workspace):  # noqa: F811
    store = checkpoint_of(built_workspace)
    pool = QueryProcesses(size=1, warm=1, queue_s=30, yield_after_s=0.05)
    try:
        pool.run(request(store, "ASK {}"), timeout_s=30)
        first = pool.pids()[0]
        assert nice_of(first) == os.nice(0)          # ordinary queries do not queue behind the web workers
        answer = pool.run(request(store, MEDIUM), timeout_s=60)
        assert answer.body
        # It yielded the cores, so it is retired (it cannot raise its priority again) and replaced.
        _wait_until(lambda: pool.pids() and first not in pool.pids())
        assert pool.pids() and first not in pool.pids() and pool.started == 2
        assert nice_of(pool.pids()[0]) == os.nice(0)
        assert pool.run(request(store, "ASK {}"), timeout_s=30).body
    finally:
        pool.close()


def test_a_long_query_yields_the_cores_while_it_runs(built_workspace):  # noqa: F811
    store = checkpoint_of(built_workspace)
    pool = QueryProcesses(size=1, warm=1, queue_s=30, yield_after_s=0.2)
    try:
        pool.run(request(store, "ASK {}"), timeout_s=30)
        pid = pool.pids()[0]
        runaway = threading.Thread(target=lambda: _ignore_timeout(pool, request(store, RUNAWAY), 3))
        runaway.start()
        time.sleep(1.5)
        assert nice_of(pid) == os.nice(0) + 5
        runaway.join(30)
    finally:
        pool.close()


def test_a_query_waiting_for_a_core_is_not_lowered_only_one_using_the_cpu():
    """The allowance is CPU time: on a busy server an ordinary query can wait longer
    than the allowance for a core, and lowering it then retired its process for nothing."""
    seen = {}

    def queries() -> None:           # in a thread of its own: only its priority is lowered
        yielder = _Yielder()
        yielder.begin(0.05)
        time.sleep(0.4)              # waiting, as for a busy core: wall time, no CPU
        seen["after_waiting"] = yielder.lowered
        yielder.end()
        yielder.begin(0.05)
        deadline = time.monotonic() + 30
        while not yielder.lowered and time.monotonic() < deadline:
            sum(range(10_000))       # CPU time
        seen["after_computing"] = yielder.lowered
        yielder.end()

    thread = threading.Thread(target=queries)
    thread.start()
    thread.join(60)
    assert seen == {"after_waiting": False, "after_computing": True}


def _ignore_timeout(pool, req, timeout_s):
    try:
        pool.run(req, timeout_s=timeout_s)
    except SparqlTimeout:
        pass


def _wait_until(condition, seconds: float = 60) -> None:
    """Poll `condition` until it holds or `seconds` pass (the test's assertions then say which)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)

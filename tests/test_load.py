"""Load test of `cancu serve` on loopback: 50 client threads for 30 s over
the search, document, instrument, audit and SPARQL pages and their JSON API
equivalents; no request may fail. Prints p50/p95 per route.

The server runs with its response cache off, so every request is computed:
with the cache on, concurrent requests mostly read one stored copy and a race
in the code behind a page would go unseen (one did: whoosh readers sharing
file handles).

    CANCU_LOAD_SECONDS=120 .venv/bin/python -m pytest -s tests/test_load.py    # a longer run

30 s by default (thousands of requests, every route hundreds of times) keeps the whole
suite well under its 10 minutes on 2 cores; a longer run finds rarer races.
"""
from __future__ import annotations

import json
import os
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from cancu.cli import main
from tests.gold import PLANS
from tests.server import serving
from tests.threads import run_threads

SECONDS = float(os.environ.get("CANCU_LOAD_SECONDS", "30"))
CLIENTS = 50
MAX_REQUESTS = 200_000          # a bound whatever the speed
TIMEOUT = 30                    # per request
q = urllib.parse.quote
DOCS = sorted(p.name for p in PLANS.glob("*.txt"))
SPARQL = ["SELECT ?id WHERE { GRAPH ?g { ?g cancu:documentId ?id } }",
          "SELECT (COUNT(*) AS ?n) WHERE { ?m cancu:resolvedTo ?i }",
          "ASK { ?i a cancu:Instrument }"]
# Each route has a few variants so a response cache does not answer everything.
ROUTES: dict[str, list[str]] = {
    "search": ["/?q=" + q(s) for s in ("nghi dinh 59", "dân chủ ở cơ sở", "ubnd xa", "qd 217")],
    "document": [f"/document/{q(d)}" for d in DOCS],
    "instrument": ["/instrument?q=" + q(s) for s in ("Pháp lệnh 34/2007", "59/2023/NĐ-CP", "Luật 10/2022/QH15")],
    "audit": ["/audit", "/audit?finding=stale_during_period"],
    "sparql": ["/sparql?query=" + q(s) for s in SPARQL],
    "api-search": ["/api/v1/search?q=" + q(s) for s in ("tiep cong dan", "59/2023/NĐ-CP")],
    "api-document": [f"/api/v1/documents/{q(d)}?text=false" for d in DOCS],
    "api-instrument": ["/api/v1/instrument?q=" + q(s) for s in ("Pháp lệnh 34/2007", "59/2023/NĐ-CP")],
    "api-audit": ["/api/v1/audit"],
    "api-cites": ["/api/v1/cites?q=" + q("nđ 59")],
}
ACCEPT = {"sparql": "application/sparql-results+json"}


def get(url: str, accept: str | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("load") / "ws"
    assert main(["--home", str(home), "ingest", str(PLANS)]) == 0
    log = tmp_path_factory.mktemp("log") / "serve.log"
    with serving(home, log, "--host", "127.0.0.1", "--cache-size", "0") as srv:
        yield srv.base


def test_every_route_answers_correctly(server):
    for name, paths in ROUTES.items():
        for path in paths:
            status, body = get(server + path, ACCEPT.get(name))
            assert status == 200, (path, status, body[:300])
    _, body = get(server + "/api/v1/cites?q=" + q("59/2023/NĐ-CP"))
    rows = json.loads(body)["rows"]
    assert len(rows) == 8
    _, body = get(server + ROUTES["sparql"][0], ACCEPT["sparql"])
    ids = {b["id"]["value"] for b in json.loads(body)["results"]["bindings"]}
    assert ids == set(DOCS)


def test_fifty_clients_no_errors(server):
    names = list(ROUTES)
    times: dict[str, list[float]] = {n: [] for n in names}
    errors: list[str] = []
    lock = threading.Lock()
    issued = [0]
    stop = time.monotonic() + SECONDS

    def client(i: int) -> None:
        n = i
        while time.monotonic() < stop:
            with lock:
                if issued[0] >= MAX_REQUESTS:
                    return
                issued[0] += 1
            name = names[n % len(names)]
            paths = ROUTES[name]
            path = paths[(n // len(names)) % len(paths)]
            n += 1
            t0 = time.perf_counter()
            try:
                status, body = get(server + path, ACCEPT.get(name))
                ok = status == 200 and body
                why = f"HTTP {status}"
            except Exception as e:      # timeouts, resets: all count as errors
                ok, why = False, repr(e)
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                if ok:
                    times[name].append(ms)
                else:
                    errors.append(f"{name} {path}: {why}")

    started = time.perf_counter()
    run_threads(client, [(i,) for i in range(CLIENTS)], timeout=SECONDS + TIMEOUT + 30, daemon=True)
    wall = time.perf_counter() - started
    total = sum(len(v) for v in times.values())
    lines = [f"\n{CLIENTS} clients, {SECONDS:g} s, {total} requests in {wall:.1f} s "
             f"({total / wall:.0f}/s), {len(errors)} errors",
             f"{'route':<16}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"]
    for name, values in times.items():
        values.sort()
        if values:
            p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
            lines.append(f"{name:<16}{len(values):>6}{statistics.median(values):>9.1f}{p95:>9.1f}{values[-1]:>9.1f}")
    print("\n".join(lines))
    assert not errors, errors[:10]
    assert all(times[n] for n in names), {n: len(v) for n, v in times.items()}

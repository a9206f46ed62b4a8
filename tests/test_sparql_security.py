"""The /sparql endpoint against abuse (issue #14): federation (SERVICE) in every
spelling reaches no address; a query's own LIMIT does not lift the row cap, and
rows are read only up to the cap; a query past its time limit is stopped (its
process killed), so runaway queries cannot hold the server."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.test_web_support import built_workspace, services_for  # noqa: F401  (fixture)
from cancu.web.app import create_app
from tests.threads import run_threads, serving_forever

ROOT = Path(__file__).resolve().parent.parent


class Listener:
    """A loopback TCP socket that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                self.received.append(conn.recv(4096) or b"<connected>")
            except OSError:
                self.received.append(b"<connected>")
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture()
def listener():
    trap = Listener()
    yield trap
    trap.close()


@pytest.fixture(scope="module")
def services(built_workspace):  # noqa: F811
    s = services_for(built_workspace)
    yield s
    s.close()


def make_client(services, **config):
    return create_app(services, config={"TESTING": False, **config}).test_client()


def federated_spellings(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/sparql"
    return [
        f"SELECT * WHERE {{ # x\rSERVICE <{url}> {{ ?s ?p ?o }} }}",                 # the report's query
        f"SELECT * WHERE {{ # x\rSERVICE <{url}> {{ ?s ?p ?o }} \n}}",               # valid for CR-blind parsers too
        f"SELECT * WHERE {{ # x\r\nSERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p <http://x\u00a0#> . SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p <http://x\u00a0#> }}\rSELECT * WHERE {{ SERVICE <{url}> {{ }} }}",
        f"SELECT * WHERE {{ service <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SeRvIcE\t<{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE\u00a0<{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{\u3000SERVICE\u2003<{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"SELECT (EXISTS {{ SERVICE <{url}> {{ }} }} AS ?x) WHERE {{ }}",
        f"PREFIX remote: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE remote:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?where) SERVICE ?where {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?where {{ <{url}> }} SERVICE ?where {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/\\u0073parql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ #\u2028\rSERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ '''\r''' SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]


def test_no_spelling_of_service_reaches_the_network(services, listener):
    client = make_client(services)
    for query in federated_spellings(listener.port):
        for response in (client.get("/sparql", query_string={"query": query}),
                         client.post("/sparql", data={"query": query}),
                         client.post("/sparql", data=query.encode(), content_type="application/sparql-query")):
            assert response.status_code == 400, (query, response.status_code, response.data[:300])
    time.sleep(0.5)            # a connection in flight would have arrived by now
    assert listener.received == []


def test_federation_refused_on_the_parsed_query_even_past_the_text_check(services, listener, monkeypatch):
    """The text check (kg/sparql/text.py, in cancu.web.sparql) is only a first look: without it, the
    services still refuse every spelling, and nothing leaves."""
    import cancu.web.sparql
    monkeypatch.setattr(cancu.web.sparql, "forbidden_keyword", lambda query: None)
    client = make_client(services)
    for query in federated_spellings(listener.port):
        response = client.get("/sparql", query_string={"query": query})
        assert response.status_code == 400, (query, response.data[:300])
        message = response.get_json()["error"]["message"]
        assert "SERVICE" in message or "không hợp lệ" in message, (query, message)
    time.sleep(0.5)
    assert listener.received == []


def test_escaped_line_ends_inside_comments_hide_nothing_from_either_parser(services, listener):
    """A \\u000D escape does not end a comment for rdflib or Oxigraph, so what
    follows is comment for both: the query runs, nothing is federated."""
    client = make_client(services)
    url = f"http://127.0.0.1:{listener.port}/x"
    for escape in ("\\u000D", "\\U0000000d", "\\u000A", "\\u2028"):
        query = f"SELECT * WHERE {{ # x{escape}SERVICE <{url}> {{ ?s ?p ?o }} \n}}"
        r = client.get("/sparql", query_string={"query": query})
        assert r.status_code in (200, 400), (query, r.status_code)
    time.sleep(0.5)
    assert listener.received == []


def test_query_process_has_no_network_even_if_a_service_slips_through(listener):
    """The second wall: the process that runs queries cannot open an IP socket,
    so pyoxigraph's SERVICE client fails before any packet is sent."""
    script = ("import sys; from cancu.kg.sparql.sandbox import deny_network; assert deny_network() is None\n"
              "import pyoxigraph as ox\n"
              "try:\n"
              f"    list(ox.Store().query('SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}'))\n"
              "except OSError as e:\n"
              "    print('refused', e); sys.exit(0)\n"
              "sys.exit(3)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    time.sleep(0.5)
    assert listener.received == []


def test_updates_refused_by_the_parser_too(services, monkeypatch):
    import cancu.web.sparql
    monkeypatch.setattr(cancu.web.sparql, "forbidden_keyword", lambda query: None)
    monkeypatch.setattr(cancu.web.sparql, "query_form", lambda query: "SELECT")
    client = make_client(services)
    before = services.store.stats()["triples"]
    for query in ["DROP ALL", "CLEAR DEFAULT", "LOAD <http://127.0.0.1:9/x.ttl>", "drop\rall",
                  "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
                  "DELETE WHERE { ?s ?p ?o }", "SELECT * {} ; DROP ALL",
                  "PREFIX x: <http://x/> WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"]:
        r = client.get("/sparql", query_string={"query": query})
        assert r.status_code == 400, (query, r.data[:300])
    assert services.store.stats()["triples"] == before


# ------------------------------------------------------------------ row cap
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.parametrize("query,count_key", [
    (CARTESIAN + " LIMIT 1000000000", "bindings"),          # its own LIMIT, far past the cap
    (CARTESIAN, "bindings"),
    (CARTESIAN + " LIMIT 1000000000 OFFSET 5", "bindings"),
    ("CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } LIMIT 1000000000", "triples"),
    ("DESCRIBE ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 1000000000", "triples"),
])
def test_row_cap_holds_whatever_the_query_limit(services, query, count_key):
    """The store has ~10^4 triples, so these results have ~10^12 rows: only
    reading them one at a time up to the cap answers within the time limit."""
    client = make_client(services, SPARQL_MAX_ROWS=7, SPARQL_TIMEOUT_S=20)
    if count_key == "bindings":
        r = client.get("/sparql", query_string={"query": query})
        assert r.status_code == 200, r.data[:300]
        assert len(r.get_json(force=True)["results"]["bindings"]) == 7
    else:
        r = client.get("/sparql", query_string={"query": query, "format": "nt"})
        assert r.status_code == 200, r.data[:300]
        assert len(r.data.decode().strip().splitlines()) <= 7
    assert r.headers["X-SPARQL-Truncated"] == "true" and r.headers["X-SPARQL-Row-Limit"] == "7"


def test_results_under_the_cap_are_whole(services):
    client = make_client(services, SPARQL_MAX_ROWS=7)
    r = client.get("/sparql", query_string={"query": CARTESIAN + " LIMIT 7"})
    assert len(r.get_json(force=True)["results"]["bindings"]) == 7 and r.headers["X-SPARQL-Truncated"] == "false"


def test_truncation_is_shown_on_the_page(services):
    client = make_client(services, SPARQL_MAX_ROWS=3)
    page = client.get("/sparql", query_string={"query": CARTESIAN + " LIMIT 100"},
                      headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "Kết quả đã bị cắt ở 3 dòng" in page


def test_stream_stops_reading_at_the_cap():
    from cancu.kg.sparql.run import stream

    class Solutions:
        variables = [type("V", (), {"value": "x"})()]
        read = 0

        def __iter__(self):
            for i in range(10**9):
                self.read += 1
                yield {"x": type("T", (), {"value": str(i)})()}

    solutions = Solutions()
    answer = stream(solutions, "SELECT", max_rows=5, max_bytes=1 << 20)
    assert len(answer.rows) == 5 and answer.truncated and solutions.read == 6
    answer = stream(Solutions(), "SELECT", max_rows=10**6, max_bytes=50)
    assert answer.truncated and len(answer.rows) < 100


# ------------------------------------------------------------------ runaway queries
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _children() -> dict[int, float]:
    """This process's child processes and the CPU seconds each has used."""
    out: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and fields[0] != "Z":
            out[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    return out


def test_runaway_queries_are_stopped_and_the_endpoint_recovers(built_workspace):  # noqa: F811
    others = set(_children())                     # other tests' query processes
    services = services_for(built_workspace)      # its own query processes
    try:
        client_config = {"SPARQL_TIMEOUT_S": 1.5, "SPARQL_WORKERS": 2, "SPARQL_QUEUE_S": 1}
        app = create_app(services, config={"TESTING": False, **client_config})
        statuses: list[int] = []

        def runaway():
            statuses.append(app.test_client().get("/sparql", query_string={"query": RUNAWAY}).status_code)

        run_threads(runaway, [()] * 8, timeout=60)
        assert statuses and set(statuses) == {503}, statuses
        # Within a few seconds of their limits, a trivial query answers again.
        deadline = time.monotonic() + 10
        while True:
            r = app.test_client().get("/sparql", query_string={"query": "ASK {}"})
            if r.status_code == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert r.status_code == 200 and r.get_json(force=True)["boolean"] is True
        # No runaway is left burning a core: every child process left is idle.
        first = {pid: cpu for pid, cpu in _children().items() if pid not in others}
        assert 0 < len(first) <= 2, first
        time.sleep(1.0)
        later = {pid: cpu for pid, cpu in _children().items() if pid not in others}
        burnt = {pid: later[pid] - first[pid] for pid in later if pid in first}
        assert all(seconds < 0.3 for seconds in burnt.values()), burnt
    finally:
        services.close()
    time.sleep(0.2)
    assert set(_children()) <= others


def test_busy_answer_says_when_to_retry(built_workspace):  # noqa: F811
    services = services_for(built_workspace)
    try:
        app = create_app(services, config={"TESTING": False, "SPARQL_TIMEOUT_S": 4, "SPARQL_WORKERS": 1,
                                                       "SPARQL_QUEUE_S": 1})
        started = threading.Thread(target=lambda: app.test_client().get("/sparql", query_string={"query": RUNAWAY}))
        started.start()
        time.sleep(1.5)
        r = app.test_client().get("/sparql", query_string={"query": "ASK {}"})
        assert r.status_code == 503 and r.headers["Retry-After"] == "4"
        assert "thử lại" in r.get_json()["error"]["message"]
        started.join(30)
    finally:
        services.close()


def test_memory_hungry_query_is_stopped_with_a_message(services):
    client = make_client(services, SPARQL_MEMORY_MB=300, SPARQL_TIMEOUT_S=30)
    r = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f LIMIT 10"})
    assert r.status_code == 503 and "bộ nhớ" in r.get_json()["error"]["message"]
    assert client.get("/sparql", query_string={"query": "ASK {}"}).status_code == 200


# ------------------------------------------------------------------ the server as run
def _tree(root_pid: int) -> dict[int, float]:
    """Descendants of `root_pid` with their CPU seconds (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    parent_of, cpu = {}, {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parent_of[int(entry)] = int(fields[1])
                cpu[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    found, frontier = {}, [root_pid]
    while frontier:
        pid = frontier.pop()
        for child, parent in parent_of.items():
            if parent == pid and child not in found:
                found[child] = cpu[child]
                frontier.append(child)
    return found


def test_served_endpoint_survives_eight_runaway_queries(built_workspace, tmp_path, monkeypatch, listener):  # noqa: F811
    """The report's scenario on `cancu serve` (2 gunicorn workers): eight cartesian
    COUNTs, then ASK {} answers within a few seconds of their limit, no query
    process is left burning a core, and SERVICE reaches nobody."""
    import json
    import urllib.error
    import urllib.parse
    import urllib.request

    from tests.server import serving

    monkeypatch.setenv("CANCU_SPARQL_TIMEOUT_S", "2")

    def ask(base: str, query: str) -> tuple[int, bytes]:
        url = f"{base}/sparql?" + urllib.parse.urlencode({"query": query})
        try:
            with urllib.request.urlopen(url, timeout=60) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    with serving(built_workspace, tmp_path / "serve.log", "--workers", "2") as srv:
        statuses: list[int] = []
        run_threads(lambda: statuses.append(ask(srv.base, RUNAWAY)[0]), [()] * 8, timeout=90)
        assert sorted(statuses) == [503] * 8, statuses
        deadline = time.monotonic() + 10
        while True:
            status, body = ask(srv.base, "ASK {}")
            if status == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert status == 200 and json.loads(body)["boolean"] is True
        first = _tree(srv.proc.pid)
        time.sleep(1.5)
        later = _tree(srv.proc.pid)
        burnt = {pid: later[pid] - first[pid] for pid in later if pid in first}
        assert burnt and all(seconds < 0.5 for seconds in burnt.values()), burnt
        status, _ = ask(srv.base, f"SELECT * WHERE {{ # x\rSERVICE <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}")
        assert status == 400
    time.sleep(0.5)
    assert listener.received == []


def test_endpoint_mode_goes_through_a_query_process_and_refuses_service(built_workspace, monkeypatch):  # noqa: F811
    """With CANCU_SPARQL_ENDPOINT (Virtuoso), /sparql still parses first: SERVICE
    never reaches the server, queries do, and its terms come back as proper kinds."""
    from tests.test_endpoint import Server
    server = Server()
    monkeypatch.setenv("CANCU_SPARQL_ENDPOINT", server.url)
    with serving_forever(server.httpd):
        services = services_for(built_workspace)
        try:
            client = make_client(services, SPARQL_MAX_ROWS=2)
            server.answer({"head": {"vars": ["i", "t"]}, "results": {"bindings": [
                {"i": {"type": "uri", "value": f"http://x/{n}"}, "t": {"type": "literal", "xml:lang": "vi", "value": "Luật"}}
                for n in range(3)]}})
            r = client.get("/sparql", query_string={"query": "SELECT ?i ?t WHERE { ?i cancu:name ?t }"})
            assert r.status_code == 200, r.data[:300]
            bindings = r.get_json(force=True)["results"]["bindings"]
            assert len(bindings) == 2 and r.headers["X-SPARQL-Truncated"] == "true"
            assert bindings[0] == {"i": {"type": "uri", "value": "http://x/0"},
                                   "t": {"type": "literal", "value": "Luật", "xml:lang": "vi"}}
            for query in federated_spellings(server.httpd.server_address[1]):
                assert client.get("/sparql", query_string={"query": query}).status_code == 400, query
            assert len(server.sent) == 1 and "cancu:name" in server.sent[0].query
        finally:
            services.close()


def test_query_process_keeps_verdicts_of_accepted_texts_only():
    # The query process keeps the guard's verdict per text (rdflib's parse costs more than
    # most answers): a refused text is refused every time it comes, never remembered as run.
    from cancu.kg.sparql.run import SparqlRejected
    from cancu.kg.sparql.worker import _shape_of
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    for _ in range(2):
        with pytest.raises(SparqlRejected) as refused:
            _shape_of(service)
        assert refused.value.reason == "service"
    assert _shape_of("ASK { ?s ?p ?o }") == _shape_of("ASK { ?s ?p ?o }")
    assert _shape_of("ASK { ?s ?p ?o }").form == "ASK"
    assert _shape_of.cache_info().currsize >= 1
    with pytest.raises(SparqlRejected):
        _shape_of("INSERT DATA { <urn:a> <urn:b> <urn:c> }")

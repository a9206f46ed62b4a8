"""`cancu serve` as an operator runs it: gunicorn worker processes on loopback,
one log line per request, and answers that follow a `cancu ingest` running
beside it (store checkpoints and the search index) without a restart."""
from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys
import re
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from bench.proc_stat import tcp_sockets
from cancu.cli import main
from tests.gold import PLANS
from tests.server import free_port, serving

ROOT = Path(__file__).resolve().parents[1]
NEW_PLAN = ("ỦY BAN NHÂN DÂN XÃ THỬ NGHIỆM\nSố: 99/KH-UBND\n\nKẾ HOẠCH\n"
            "Tổ chức hội thi cồng chiêng Tây Nguyên năm 2025\n\n"
            "Căn cứ Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ;\n"
            "Văn phòng Ủy ban nhân dân xã chủ trì tổ chức hội thi.\n")


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.loads(r.read())


def listening_addresses(port: int) -> set[str]:
    """Local IPv4/IPv6 addresses with a socket listening on `port` (from /proc)."""
    return {s.address for s in tcp_sockets(port) if s.state == "0A"}      # 0A: LISTEN


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    home, inbox = root / "ws", root / "in"
    inbox.mkdir()
    first = sorted(PLANS.glob("*.txt"))[:2]
    for plan in first:
        shutil.copy(plan, inbox / plan.name)
    assert main(["--home", str(home), "ingest", str(inbox)]) == 0
    # No --host: the default must be loopback.
    with serving(home, root / "serve.log", "--workers", "2") as srv:
        yield {"base": srv.base, "port": srv.port, "home": home, "inbox": inbox, "log": srv.log,
               "proc": srv.proc}


def test_listens_on_loopback_only_by_default(server):
    assert listening_addresses(server["port"]) == {"0100007F"}      # 127.0.0.1


def test_runs_worker_processes(server):
    children = subprocess.run(["pgrep", "-P", str(server["proc"].pid)], capture_output=True, text=True)
    assert len(children.stdout.split()) == 2, children


def test_logs_each_request(server):
    get_json(server["base"] + "/api/v1/stats?probe=log")
    deadline = time.monotonic() + 5
    while "GET /api/v1/stats?probe=log 200" not in server["log"].read_text(errors="replace"):
        assert time.monotonic() < deadline, server["log"].read_text(errors="replace")[-2000:]
        time.sleep(0.1)
    line = next(x for x in server["log"].read_text(errors="replace").splitlines() if "probe=log" in x)
    assert re.search(r"GET /api/v1/stats\?probe=log 200 \d+\.\dms \(sent \d+\.\dms, turn \d+\.\dms, cpu \d+\.\dms\) pid \d+$",
                     line), line


def test_clients_arriving_together_are_shared_out_evenly_over_the_workers(server):
    """Twelve clients arriving together, each asking for pages on one kept-open connection:
    gunicorn gave each new connection to the first worker to take it, and a busy worker
    often took most (under load at 10k documents 16, 14 and 13 of 20). With gunicorn's own
    accepting this test failed in five runs of six (8 to 4, 11 to 1)."""
    deadline = time.monotonic() + 60
    n = 0
    while len(set(re.findall(r"pid (\d+)$", server["log"].read_text(errors="replace"), re.M))) < 2:        # both workers up (each warms up apart)
        assert time.monotonic() < deadline, server["log"].read_text(errors="replace")[-2000:]
        conn = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=30)
        conn.request("GET", f"/api/v1/stats?probe=up-{n}")
        conn.getresponse().read()
        conn.close()
        n += 1
        time.sleep(0.2)
    time.sleep(1.0)      # every worker's loop has run since (an idle loop turns once a second)
    for burst in range(3):
        errors: list[str] = []

        def client(i: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", server["port"], timeout=60)
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
        log = server["log"].read_text(errors="replace")
        held = Counter(re.search(rf"probe=b{burst}-c{i}-r0 200 .* pid (\d+)$", log, re.M).group(1)
                       for i in range(12))
        assert len(held) == 2 and max(held.values()) - min(held.values()) <= 2, (burst, held)
        time.sleep(0.5)  # the workers see the closed connections go


def test_the_request_log_gives_the_servers_own_time_and_the_sending_time():
    """The app's own milliseconds end when it returns its response; sending the
    body (here, a client reading it) counts only in the second figure."""
    import io

    from cancu.serve import RequestLog

    def app(environ, start_response):
        start_response("404 NOT FOUND", [("Content-Type", "text/plain")])
        return [b"a", b"b"]

    stream = io.StringIO()
    body = RequestLog(app, stream)({"PATH_INFO": "/x", "QUERY_STRING": "q=1", "REQUEST_METHOD": "GET",
                                    "REMOTE_ADDR": "127.0.0.1"}, lambda status, headers: None)
    assert stream.getvalue() == ""          # written once the body has been sent
    assert b"".join(body) == b"ab"
    body.close()
    m = re.search(r" 127\.0\.0\.1 GET /x\?q=1 404 (\d+\.\d)ms \(sent (\d+\.\d)ms, cpu (\d+\.\d)ms\) pid \d+\n$", stream.getvalue())
    assert m, stream.getvalue()
    assert float(m.group(1)) <= float(m.group(2))


def test_the_request_log_writes_each_line_whole():
    """Workers and their threads share the log's stream: a line written in parts (the
    text, then its newline) ran into another worker's line under load."""
    from cancu.serve import RequestLog

    class Writes:
        def __init__(self):
            self.calls: list[str] = []

        def write(self, text: str) -> int:
            self.calls.append(text)
            return len(text)

        def flush(self) -> None:
            pass

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"a"]

    stream = Writes()
    for _ in range(3):
        RequestLog(app, stream)({"PATH_INFO": "/", "REQUEST_METHOD": "GET"}, lambda status, headers: None).close()
    assert len(stream.calls) == 3
    assert all(call.endswith(" pid %d\n" % os.getpid()) and call.count("\n") == 1 for call in stream.calls)


def test_the_request_log_counts_the_cpu_of_the_request_not_its_waits():
    import io

    from cancu.serve import RequestLog

    def app(environ, start_response):
        if environ["PATH_INFO"] == "/wait":
            time.sleep(0.06)                 # a SPARQL query process, a turn: no CPU of this thread
        else:
            until = time.thread_time() + 0.03
            while time.thread_time() < until:
                pass
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"a"]

    figures = {}
    for path in ("/wait", "/work"):
        stream = io.StringIO()
        body = RequestLog(app, stream)({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, lambda status, headers: None)
        body.close()
        m = re.search(r" (\d+\.\d)ms \(sent \d+\.\dms, cpu (\d+\.\d)ms\)", stream.getvalue())
        figures[path] = float(m.group(1)), float(m.group(2))
    assert figures["/wait"][0] >= 60 and figures["/wait"][1] < 20
    assert figures["/work"][1] >= 30


def test_the_request_log_runs_its_after_step_once_the_body_is_sent():
    import io

    from cancu.serve import RequestLog

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"a"]

    stream, done = io.StringIO(), []
    body = RequestLog(app, stream, after=lambda: done.append(stream.getvalue()))({"PATH_INFO": "/"},
                                                                                lambda status, headers: None)
    assert b"".join(body) == b"a" and done == []
    body.close()
    assert len(done) == 1 and " - / 200 " in done[0]     # after the line was written


def test_answers_follow_an_ingest_running_beside_it(server):
    base = server["base"]
    search = base + "/api/v1/search?q=" + urllib.parse.quote("cong chieng tay nguyen")
    before = get_json(base + "/api/v1/stats")["documents"]
    assert not any(h["doc_id"].startswith("099_new") for h in get_json(search)["hits"])
    (server["inbox"] / "099_new.txt").write_text(NEW_PLAN, encoding="utf-8")
    ingest = subprocess.run([sys.executable, "-m", "cancu.cli", "--home", str(server["home"]), "ingest",
                             str(server["inbox"])], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert ingest.returncode == 0, ingest.stderr[-2000:]
    # Each request opens a new connection, so the workers answer in turn:
    # every one of them must catch up without a restart. The bound is generous (a loaded
    # 2-core machine took over 15 s): this checks that they follow, not how fast.
    deadline = time.monotonic() + 90
    streak = 0
    while streak < 10:
        stats, found = get_json(base + "/api/v1/stats"), get_json(search)
        caught_up = (stats["documents"] == before + 1 and bool(found["hits"])
                     and found["hits"][0]["doc_id"].startswith("099_new"))
        streak = streak + 1 if caught_up else 0
        assert time.monotonic() < deadline, (stats, found["hits"][:1])
        time.sleep(0.05)
    top = found["hits"][0]
    page = urllib.request.urlopen(base + "/document/" + urllib.parse.quote(top["doc_id"]), timeout=30).read()
    assert "cồng chiêng".encode() in page


def test_an_empty_workspace_is_refused_before_any_worker_starts(tmp_path, capsys):
    assert main(["--home", str(tmp_path / "nothing"), "serve", "--port", str(free_port())]) == 1
    assert "cancu ingest" in capsys.readouterr().err

"""Web latency under load: starts `cancu serve` (gunicorn, loopback) on a copy of
a workspace, then 20 client threads request every page kind (bench/web_urls.py:
search, document, instrument, audit, obligations, chain, SPARQL and the JSON API)
for a bounded time; prints p50/p95 per page kind. Each client keeps its connection
open between requests, as browsers do (`--new-connections`: one per request), and asks
for every URL of each kind in turn. Per worker process it prints the requests served,
the connections held (counted from /proc while the load runs) and the CPU spent.
bench/web_requests.py gives the server's own time per page kind, one request at a time.

    .venv/bin/python bench/web.py [--home WORKSPACE] [--seconds 10] [--clients 20] [--workers N]
                             [--workspace DIR] [--cache-size 0] [--only search,document]
                             [--new-connections]

Without --home it builds a workspace from corpus/plans in a temporary folder;
with --workspace it measures that one too, after, and prints both.
Goal: p95 ≤ 100 ms per page.

`--cache-size 0 --seconds 10 --workspace <1k generated documents>`, back to back at
load 6-9 on 2 shared cores (issue #16): before the document page read one document's
obligations from its own graph, 1k: 11 requests/s, document p95 12.5 s, worst p95
7.0 s; after: 78 requests/s, document 0.55 s, worst 1.76 s (sparql), search 0.76 s.
The goal is not met: the server is throughput-bound (search costs 20-60 ms of CPU).

Requests taking turns in each worker (cancu/turns.py), 10k documents, cache off, 2 × 8
threads, quiet machine, connections kept open: worst p95 307 → 192 ms at the same ~250
requests/s (every page kind 140–190 ms instead of 100–310); seed workspace 59–68 ms.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from web_urls import page_urls  # noqa: E402  (the URLs by page kind, shared with bench/web_requests.py)
from proc_stat import children, processes, tcp_sockets  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"server exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit("server did not start")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--home", help="workspace to copy (default: build one from corpus/plans)")
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--workers", type=int, default=None, help="server processes (default: the server's, one per core)")
    p.add_argument("--threads", type=int, default=8, help="threads per server process")
    p.add_argument("--cache-size", type=int, default=512, help="server response cache (0: off, every request computed)")
    p.add_argument("--workspace", help="a second workspace (e.g. 10k documents) measured after the first")
    p.add_argument("--only", help="comma-separated page kinds (bench/web_urls.py), default all")
    p.add_argument("--new-connections", action="store_true",
                   help="a new connection per request (default: each client keeps one open, as browsers do)")
    args = p.parse_args()
    worst = [measure(args, args.home, "seed" if not args.home else args.home)]
    if args.workspace:
        worst.append(measure(args, args.workspace, args.workspace))
    return 0 if all(w is not None for w in worst) else 1


def measure(args, source: str | None, label: str) -> float | None:
    """Serve a copy of `source` (None: the seed plans), load it, print the figures;
    the worst p95 (None after errors)."""
    print(f"== {label}")
    tmp = Path(tempfile.mkdtemp(prefix="cancu-bench-web-"))
    home = tmp / "home"
    try:
        if source:
            shutil.copytree(source, home)
        else:
            print("building a workspace from corpus/plans …", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "cancu.cli", "--home", str(home), "ingest",
                            str(ROOT / "corpus" / "plans")], check=True, cwd=ROOT,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port = free_port()
        log = open(tmp / "server.log", "w+", encoding="utf-8")      # one line per request (cancu/serve.py)
        env = {k: v for k, v in os.environ.items() if k != "CANCU_TOKEN"}
        server = subprocess.Popen([sys.executable, "-m", "cancu.serve", "--home", str(home), "--port", str(port),
                                   "--threads", str(args.threads), "--cache-size", str(args.cache_size),
                                   *(["--workers", str(args.workers)] if args.workers else [])],
                                  cwd=ROOT, env=env,
                                  stdout=subprocess.DEVNULL, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            wait(base + "/api/v1/stats", server)
            def get_json(path: str) -> dict:
                with urllib.request.urlopen(base + path, timeout=120) as r:
                    return json.load(r)
            urls = page_urls(get_json)
            n_documents = urls.pop("_documents")
            if args.only:
                urls = {k: v for k, v in urls.items() if k in args.only.split(",")}
            for variants in urls.values():              # start-up costs are not the page's
                for _ in range(4):                      # (each worker process has its own)
                    urllib.request.urlopen(base + variants[0], timeout=300).read()
            log.seek(0, os.SEEK_END)
            measured_from = log.tell()
            times: dict[str, list[float]] = {name: [] for name in urls}
            errors: list[str] = []
            lock = threading.Lock()
            stop = time.monotonic() + args.seconds
            names = list(urls)

            def client(i: int) -> None:
                n = i
                # Each client asks for every URL of a kind in turn, from its own place in the
                # list. (Drawn from the request count, (n·7919 + i) mod the number of URLs, a
                # kind with 2, 4 or 8 URLs had each client ask for one only, sixteen kinds
                # apart: the clients asking for the dearest chain were always the same five,
                # and the worker holding more of them served 1,326 requests to the other's 1,735.)
                asked = Counter()
                # One connection kept open per client, as a browser or an API client keeps it
                # (HTTP/1.1 keep-alive); --new-connections opens one per request.
                conn = None
                while time.monotonic() < stop:
                    name = names[n % len(names)]
                    variants = urls[name]
                    path = variants[(i + asked[name]) % len(variants)]     # the same every run
                    asked[name] += 1
                    n += 1
                    t0 = time.perf_counter()
                    try:
                        if conn is None:
                            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                        conn.request("GET", path)
                        r = conn.getresponse()
                        r.read()
                        if args.new_connections or r.will_close:
                            conn.close()
                            conn = None
                        # 409 is the API's whole answer to a name several instruments share
                        # ("qd 217" in a workspace with local decisions numbered 217): its candidates
                        ok = r.status in (200, 409)
                        if not ok:
                            with lock:
                                errors.append(f"{name}: HTTP {r.status}")
                    except (OSError, http.client.HTTPException) as e:
                        ok = False
                        if conn is not None:
                            conn.close()
                            conn = None
                        with lock:
                            errors.append(f"{name}: {e}")
                    ms = (time.perf_counter() - t0) * 1000
                    if ok:
                        with lock:
                            times[name].append(ms)
                if conn is not None:
                    conn.close()

            threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
            cpu_before, clients_before = process_tree_cpu(server.pid), os.times()
            for t in threads:
                t.start()
            time.sleep(min(2.0, args.seconds / 2))       # every client has connected
            held = connections_per_worker(server.pid, port)
            for t in threads:
                t.join()
            cpu_after, clients_after = process_tree_cpu(server.pid), os.times()
        finally:
            server.terminate()
            server.wait(10)
        log.seek(measured_from if "measured_from" in locals() else 0)
        logged = log.read()
        logged_times = server_times(logged, urls)
        # Query processes replaced during the run (kg/sparql/pool.py logs each): ~0.3 s of CPU each.
        retired = len(re.findall(r"SPARQL query process \d+ retired", logged))
        per_worker = Counter(re.findall(r"ms\) pid (\d+)$", logged, re.M)).most_common()
        log.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    total = sum(len(v) for v in times.values())
    print(f"{args.clients} clients, {args.seconds:g} s, {total} requests "
          f"({total / args.seconds:.0f}/s), {len(errors)} errors, server workers {args.workers or 'default'} "
          f"× threads {args.threads}, "
          f"response cache {args.cache_size or 'off'}, "
          f"{'a new connection per request' if args.new_connections else 'connections kept open'}")
    print(f"{n_documents} documents; distinct URLs per page: "
          + ", ".join(f"{k} {len(v)}" for k, v in urls.items()))
    print(f"SPARQL query processes retired after a long query: {retired}")

    def worker_cpu(pid: int) -> float:
        return cpu_after.get(pid, ("", 0.0))[1] - cpu_before.get(pid, ("", 0.0))[1]
    print("requests per worker (keep-alive connections stay on the worker that accepted them): "
          + ", ".join(f"pid {pid} {n} ({held.get(int(pid), 0)} connections, {worker_cpu(int(pid)):.1f} s CPU)"
                      for pid, n in per_worker))
    if total:
        spent = cpu_spent(cpu_before, cpu_after)
        clients_s = (clients_after.user + clients_after.system) - (clients_before.user + clients_before.system)
        print("CPU ms per request: " + ", ".join(f"{kind} {seconds / total * 1000:.2f}"
                                                 for kind, seconds in (*spent.items(), ("clients", clients_s))))
    print("client time (queueing included); server: the server's own time from its log; "
          "turn: the part of it spent waiting for the first turn (cancu/turns.py); cpu: its thread's CPU")
    print(f"{'page':<16}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'server p50':>12}{'server p95':>12}"
          f"{'turn p50':>10}{'cpu p50':>9}{'cpu mean':>10}")
    worst = 0.0
    for name, values in times.items():
        if not values:
            print(f"{name:<16}{0:>6}")
            continue
        values.sort()
        p95 = percentile(values, 0.95)
        worst = max(worst, p95)
        mine = sorted(logged_times["own"].get(name, [])) or [float("nan")]
        turn = logged_times["turn"].get(name) or [float("nan")]
        cpu = logged_times["cpu"].get(name) or [float("nan")]
        print(f"{name:<16}{len(values):>6}{statistics.median(values):>9.1f}{p95:>9.1f}{values[-1]:>9.1f}"
              f"{statistics.median(mine):>12.1f}{percentile(mine, 0.95):>12.1f}{statistics.median(turn):>10.1f}"
              f"{statistics.median(cpu):>9.1f}{statistics.fmean(cpu):>10.1f}")
    for e in errors[:5]:
        print("error:", e, file=sys.stderr)
    print(f"goal p95 ≤ 100 ms: {'met' if worst <= 100 else 'NOT met'} (worst p95 {worst:.1f} ms)")
    return worst if not errors else None


def process_tree_cpu(root: int) -> dict[int, tuple[str, float]]:
    """pid → (kind, CPU seconds so far) for every process under the server (gunicorn's
    arbiter), from /proc: its children are "workers", theirs "query processes" (SPARQL,
    kg/sparql/worker.py, started from request threads, so found by their parent's pid)."""
    table = processes()
    tree: dict[int, tuple[str, float]] = {}
    todo = [(pid, "workers") for pid in children(root, table)]
    while todo:
        pid, kind = todo.pop()
        tree[pid] = (kind, table[pid].cpu_s)
        todo += [(child, "query processes") for child in children(pid, table)]
    return tree


def connections_per_worker(root: int, port: int) -> dict[int, int]:
    """pid → open client connections, for each worker under the server: the established
    TCP sockets on `port` (/proc/net/tcp and tcp6) that each worker holds a descriptor of."""
    sockets = {f"socket:[{s.inode}]" for s in tcp_sockets(port) if s.state == "01"}     # established
    held: dict[int, int] = {}
    for pid in children(root, processes()):
        fds = Path(f"/proc/{pid}/fd")
        try:
            links = [os.readlink(fd) for fd in fds.iterdir()]
        except OSError:       # the worker exited meanwhile
            continue
        held[pid] = sum(link in sockets for link in links)
    return held


def cpu_spent(before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]]) -> dict[str, float]:
    """CPU seconds by kind of process between two `process_tree_cpu` readings (a process
    started between them counts from zero; one that ended is lost)."""
    out = {"workers": 0.0, "query processes": 0.0}
    for pid, (kind, seconds) in after.items():
        out[kind] += seconds - before.get(pid, (kind, 0.0))[1]
    return out


def percentile(values: list[float], q: float) -> float:
    """Of sorted values."""
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


_LOG_LINE = re.compile(r" GET (\S+) \d{3} ([\d.]+)ms \(sent [\d.]+ms(?:, turn ([\d.]+)ms)?(?:, cpu ([\d.]+)ms)?")


def server_times(log: str, urls: dict[str, list[str]]) -> dict[str, dict[str, list[float]]]:
    """Page kind → the server's own ms per request ("own"), how much of it each request
    waited for its first turn ("turn") and its thread's CPU ms ("cpu"), from the request
    log (path as decoded by the server, query string as sent)."""
    kind_of = {}
    for kind, variants in urls.items():
        for url in variants:
            path, _, query = url.partition("?")
            kind_of[urllib.parse.unquote(path) + ("?" + query[:200] if query else "")] = kind
    out: dict[str, dict[str, list[float]]] = {"own": {}, "turn": {}, "cpu": {}}
    for m in _LOG_LINE.finditer(log):
        kind = kind_of.get(m.group(1))
        if kind is None:
            continue
        for figure, value in zip(out, m.groups()[1:]):
            if value is not None:
                out[figure].setdefault(kind, []).append(float(value))
    return out


if __name__ == "__main__":
    sys.exit(main())

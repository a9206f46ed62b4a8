"""CPU cost of each SPARQL query the web benchmarks ask (bench/web_urls.py SPARQL),
one request at a time, through the same path the web uses: the Flask app's
/sparql (the page, `format=html`, and the JSON and CSV answers) → services.sparql
→ a query process (kg/sparql/worker.py) → Oxigraph.

CPU is counted in both processes: the server's (time.process_time) and the query
process's (the sum of /proc/<pid>/task/*/schedstat, every thread of it, in ns).
Prints per query and format the median of `--repeat` requests, after one
request of each that is not counted (a warm server). `--cold` also prints what a
new query process costs before its first answer (start, store open) and the
first request of each query in a new process.

    .venv/bin/python bench/sparql_cost.py --home WORKSPACE [--repeat 7] [--cold]
    .venv/bin/python bench/sparql_cost.py --home WORKSPACE --profile 2   # cProfile the query process's side of query 2
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "bench"))

from web_urls import SPARQL  # noqa: E402

FORMATS = ("html", "json", "csv")


def task_cpu_ns(pid: int) -> int:
    """CPU time of every thread of process `pid` so far (ns)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass                # a thread that ended between listing and reading
    return total


def one(client, pool, url: str) -> tuple[float, float, float]:
    """(server CPU ms, query process CPU ms, wall ms) of one request."""
    pids = pool.pids()
    before = {p: task_cpu_ns(p) for p in pids}
    t, c = time.perf_counter(), time.process_time()
    r = client.get(url)
    r.get_data()
    server = (time.process_time() - c) * 1000
    wall = (time.perf_counter() - t) * 1000
    if r.status_code != 200:
        raise SystemExit(f"{url}: HTTP {r.status_code}: {r.get_data(as_text=True)[:300]}")
    child = sum(task_cpu_ns(p) - before.get(p, 0) for p in pool.pids()) / 1e6
    return server, child, wall


def url_of(query: str, fmt: str) -> str:
    return f"/sparql?format={fmt}&query={quote(query)}"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--home", required=True)
    p.add_argument("--repeat", type=int, default=7)
    p.add_argument("--cold", action="store_true", help="also the costs of a new query process")
    p.add_argument("--profile", type=int, metavar="N", help="cProfile query N's work in this process")
    args = p.parse_args()

    from cancu.services import Services
    from cancu.web.app import create_app
    from cancu.workspace import Workspace

    services = Services(Workspace.locate(args.home))
    if args.profile is not None:
        return profile(services, SPARQL[args.profile], args.repeat)
    app = create_app(services, config={"RESPONSE_CACHE_SIZE": 0, "SPARQL_WORKERS": 1})
    client = app.test_client()
    services.stats()
    pool = services.query_pool(1, int(app.config["SPARQL_MEMORY_MB"]))
    if args.cold:
        cold(client, pool)
    for query in SPARQL:                      # warm: the process, its store, the parsed query
        for fmt in FORMATS:
            one(client, pool, url_of(query, fmt))
    print(f"{'query':<6}{'format':<7}{'server cpu':>11}{'query cpu':>10}{'total cpu':>10}{'wall':>8}  (ms, median of {args.repeat})")
    for n, query in enumerate(SPARQL):
        for fmt in FORMATS:
            runs = [one(client, pool, url_of(query, fmt)) for _ in range(args.repeat)]
            server, child, wall = (statistics.median(x) for x in zip(*runs))
            total = statistics.median(s + c for s, c, _ in runs)
            print(f"{n:<6}{fmt:<7}{server:>11.1f}{child:>10.1f}{total:>10.1f}{wall:>8.1f}")
    for n, query in enumerate(SPARQL):
        print(f"  {n}: {query}")
    services.close()
    return 0


def cold(client, pool) -> None:
    """A new query process: its start, its first request (the store opened), and the
    first request of each query (its text parsed and checked) with the store open."""
    t = time.perf_counter()
    pool.keep_warm()
    while not pool.pids():
        time.sleep(0.01)
    pid = pool.pids()[0]
    print(f"cold: process start {1000 * (time.perf_counter() - t):.0f} ms wall, "
          f"{task_cpu_ns(pid) / 1e6:.0f} ms CPU")
    server, child, wall = one(client, pool, url_of("ASK {}", "json"))
    print(f"cold: first request (opens the store) {child:.0f} ms CPU in the query process, {wall:.0f} ms wall")
    for n, query in enumerate(SPARQL):
        server, child, wall = one(client, pool, url_of(query, "json"))
        print(f"cold: query {n} first time: {server + child:.0f} ms CPU ({child:.0f} in the query process)")


def profile(services, query: str, repeat: int) -> int:
    """The query process's side, run in this process (no sandbox) under cProfile."""
    from cancu.kg.sparql.run import normalise_newlines
    from cancu.kg.sparql.worker import _Runner
    runner = _Runner()
    request = {"query": normalise_newlines(query), "store": str(services.store.path), "max_rows": 10_000,
               "max_bytes": 64 << 20, "page_rows": 1_000, "offset": 0, "format": "json"}
    runner.answer(request)
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(repeat):
        runner.answer(request)
    prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(20)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How to run users' SPARQL queries so a runaway one cannot hold the server
(issue #14): figures for the three designs considered.

- thread: in the web worker's thread, as before (a bounded pool refusing when
  full; pyoxigraph cannot cancel, so a runaway query keeps its thread and core);
- spawn: a new query process per query, killed at the limit;
- pool: a few warm query processes (kg/sparql/pool.py, what the server uses),
  a killed one replaced in the background.

Prints the latency of a trivial query (ASK {}) and of a typical one (the SPARQL
page's first example), the memory a query process costs, the peak memory of
`SELECT * { ?a ?b ?c . ?d ?e ?f } LIMIT 1000000` read whole (as before) and
read to the row cap (as now), and how long after eight runaway COUNTs hit their
limit a trivial query answers again.

    .venv/bin/python bench/sparql.py [--home WORKSPACE] [--runs 20] [--timeout 2]

Without --home it ingests corpus/plans into a temporary workspace first.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cancu.kg.sparql.pool import QueryProcess, QueryProcesses  # noqa: E402
from cancu.kg.store.snapshots import open_reader  # noqa: E402
from cancu.kg.sparql.run import SparqlTimeout, normalise_newlines  # noqa: E402
from cancu.kg.vocab import PREFIXES  # noqa: E402

TRIVIAL = "ASK {}"
TYPICAL = """SELECT ?id ?title WHERE {
  GRAPH ?plan { ?plan cancu:documentId ?id ; eli:based_on ?decree . OPTIONAL { ?plan eli:title ?title } }
  ?decree cancu:symbol "59/2023/NĐ-CP" .
} ORDER BY ?id"""
BIG = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } LIMIT 1000000"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
    return f"p50 {statistics.median(values) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def status_kb(pid: int | str, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def request(store_path: str, query: str, max_rows: int = 10_000) -> dict:
    return {"query": normalise_newlines(query), "store": store_path, "max_rows": max_rows,
            "max_bytes": 64 << 20}


def in_thread(store, query: str):
    from cancu.kg.sparql.guard import inspect
    inspect(query, PREFIXES)
    result = store.oxigraph.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    return bool(result) if type(result).__name__ == "QueryBoolean" else list(result)


def big_read_whole(store_path: str) -> int:
    """Peak RSS (kB) of a fresh process that reads BIG whole, as the old endpoint did."""
    code = ("import sys; from cancu.kg.store.graph import GraphStore; from cancu.kg.vocab import PREFIXES\n"
            f"s = GraphStore.open({store_path!r}, read_only=True)\n"
            f"rows = list(s.oxigraph.query({BIG!r}, prefixes=PREFIXES, use_default_graph_as_union=True))\n"
            "print(len(rows)); print(open('/proc/self/status').read())")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return next(int(line.split()[1]) for line in out.splitlines() if line.startswith("VmHWM:"))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--home", type=Path)
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--timeout", type=float, default=2.0, help="time limit for the runaway test (s)")
    args = p.parse_args()
    home = args.home
    if home is None:
        from cancu import cli
        home = Path(tempfile.mkdtemp(prefix="cancu-bench-sparql-")) / "home"
        if cli.main(["--home", str(home), "ingest", str(ROOT / "corpus" / "plans")]) != 0:
            raise SystemExit("ingest of corpus/plans failed")
    from cancu.workspace import Workspace
    store = open_reader(Workspace.locate(str(home)).store_dir)
    path = str(store.path)
    figures: dict[str, object] = {"triples": len(store)}

    # thread
    for name, query in (("trivial", TRIVIAL), ("typical", TYPICAL)):
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            in_thread(store, query)
            times.append(time.perf_counter() - t)
        figures[f"thread_{name}"] = ms(times)

    # spawn: a process per query (start, answer, stop)
    times = []
    for _ in range(max(3, args.runs // 4)):
        t = time.perf_counter()
        child = QueryProcess(network=False, memory_mb=1024, start_timeout_s=60)
        child.ask(request(path, TRIVIAL), 30)
        child.close()
        times.append(time.perf_counter() - t)
    figures["spawn_trivial"] = ms(times)

    # pool: warm processes
    pool = QueryProcesses(size=4, memory_mb=1024, warm=1, queue_s=1.0)
    pool.run(request(path, TRIVIAL), 30)
    for name, query in (("trivial", TRIVIAL), ("typical", TYPICAL)):
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            pool.run(request(path, query), 30)
            times.append(time.perf_counter() - t)
        figures[f"pool_{name}"] = ms(times)
    pid = pool.pids()[0]
    figures["pool_process_idle_rss_mb"] = round(status_kb(pid, "VmRSS") / 1024, 1)
    pool.run(request(path, BIG), 60)
    pid = pool.pids()[0]
    figures["big_capped_peak_rss_mb (query process)"] = round(status_kb(pid, "VmHWM") / 1024, 1)
    figures["big_read_whole_peak_rss_mb (fresh process)"] = round(big_read_whole(path) / 1024, 1)

    # eight runaway queries on one server process's pool (4; a 1 s queue), then ASK {}
    statuses: list[str] = []

    def runaway():
        try:
            pool.run(request(path, RUNAWAY), args.timeout)
            statuses.append("answered")
        except SparqlTimeout:
            statuses.append("timeout")
        except Exception as e:       # SparqlBusy, reported by name
            statuses.append(type(e).__name__)

    started = time.perf_counter()
    threads = [threading.Thread(target=runaway) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ended = time.perf_counter()
    pool.run(request(path, TRIVIAL), 30)
    figures["runaway_8"] = {s: statuses.count(s) for s in set(statuses)}
    figures["runaway_8_all_answered_after_s"] = round(ended - started, 2)
    figures["ask_after_runaways_ms"] = round((time.perf_counter() - ended) * 1000, 1)
    pool.close()
    store.close()
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Where `cancu ingest` spends its CPU, by stage of the writing process.

    .venv/bin/python bench/ingest_stages.py [--every SECONDS] --home /tmp/ws ingest --jobs 2 DIR

Runs the CLI (any arguments) with timers around the writer's stages: store
loads, content hashes, search index commits, and the checkpoint's parts
(snapshot, the copy in memory of the graphs written since the previous one, each index
file, prune). Prints, at exit, the CPU of
the writer's main thread per stage (thread time, so other jobs on the machine
do not inflate it), its wall time and calls; the CPU of the whole writer
process and of its finished children (the extraction workers); the peak RSS
of both; and the CPU of the writer's threads by name (RocksDB, tantivy, the
Python threads by their Python name: MainThread, the pool's result handler …;
"python" alone is a thread Python did not start, e.g. pyoxigraph's bulk loader),
sampled from /proc. Run it at two sizes (bench/corpus.py --docs 1000 and 3000):
a stage whose CPU grows faster than the documents scans the store.

`--every SECONDS` (before the CLI's arguments) also prints, every that many seconds,
one line for the span since the last: documents committed, documents/s, and CPU ms a
document of the extraction workers (the writer's child processes, read from /proc while
they run), of the writer's threads by name, of the main thread's stages and of the rest
of its time. In one long run it shows which part's cost a document grows as the store does.
"""
from __future__ import annotations

import atexit
import collections
import glob
import os
import re
import resource
import sys
import threading
import time

from cancu import cli, ingest
from cancu.kg.queries import documents
from cancu.kg.store import (chains_index, cites_index, counts_index, documents_index, findings_index, graph,
                             obligations_index, snapshots)
from cancu.search import index as search_index
from proc_stat import children, processes, read_stat     # bench/proc_stat.py, beside this script

CPU: collections.Counter = collections.Counter()
WALL: collections.Counter = collections.Counter()
CALLS: collections.Counter = collections.Counter()
THREADS: dict[tuple[str, str], float] = {}


def timed(owner, name: str, label: str) -> None:
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        c0, t0 = time.thread_time(), time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            CPU[label] += time.thread_time() - c0
            WALL[label] += time.perf_counter() - t0
            CALLS[label] += 1
    setattr(owner, name, wrapper)


def sample_threads() -> None:
    """CPU seconds of each thread of this process (a thread that ends keeps its last sample)."""
    while True:
        python_names = {t.native_id: re.sub(r"^Thread-\d+ ", "", t.name) for t in threading.enumerate()}
        for path in glob.glob(f"/proc/{os.getpid()}/task/*/stat"):
            stat = read_stat(path)
            if stat is None:
                continue
            tid = path.split("/")[4]
            # the OS names every Python thread "python"
            name = f"python:{python_names[int(tid)]}" if int(tid) in python_names else stat.name
            THREADS[(tid, name)] = stat.cpu_s
        time.sleep(0.3)


def children_cpu() -> float:
    """CPU seconds so far of this process's live child processes (the extraction workers)."""
    table = processes()
    return sum(table[pid].cpu_s for pid in children(os.getpid(), table))


def thread_groups() -> collections.Counter:
    by_name: collections.Counter = collections.Counter()
    for (_, name), seconds in list(THREADS.items()):
        by_name[name.rstrip("0123456789")] += seconds
    return by_name


def report_every(seconds: float) -> None:
    """Every `seconds`, one line: the span's documents and CPU ms a document by part."""
    started = time.perf_counter()
    last = (0, collections.Counter(), collections.Counter(), children_cpu(), started)
    while True:
        time.sleep(seconds)
        now = (CALLS["commit (per document)"], collections.Counter(CPU), thread_groups(), children_cpu(),
               time.perf_counter())
        docs = now[0] - last[0]
        if docs > 0:
            stages = {k: v - last[1][k] for k, v in now[1].items() if v - last[1][k] > 0.05}
            threads = {k: v - last[2][k] for k, v in now[2].items() if v - last[2][k] > 0.05}
            untimed = (now[2]["python:MainThread"] - last[2]["python:MainThread"]
                       - sum(v - last[1][k] for k, v in now[1].items()))
            per_doc = lambda s: f"{1000 * s / docs:.1f}"  # noqa: E731
            print(f"[{now[4] - started:7.0f} s] {now[0]} documents, {docs / (now[4] - last[4]):.1f}/s; "
                  f"ms a document: workers {per_doc(max(now[3] - last[3], 0.0))}; "
                  + ", ".join(f"{k} {per_doc(v)}" for k, v in sorted(threads.items(), key=lambda kv: -kv[1])) + "; "
                  + ", ".join(f"{k} {per_doc(v)}" for k, v in sorted(stages.items(), key=lambda kv: -kv[1]))
                  + f", main thread untimed {per_doc(untimed)}",
                  file=sys.stderr, flush=True)
        last = now


def report() -> None:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"\nwriter process CPU {own.ru_utime + own.ru_stime:.1f} s (main thread {time.thread_time():.1f} s), "
          f"children {children.ru_utime + children.ru_stime:.1f} s; peak RSS writer "
          f"{own.ru_maxrss / 1024:.0f} MB, largest child {children.ru_maxrss / 1024:.0f} MB", file=sys.stderr)
    print(f"{'stage (writer main thread)':<34}{'CPU s':>8}{'wall s':>9}{'calls':>7}", file=sys.stderr)
    for label in sorted(CPU, key=lambda k: -CPU[k]):
        print(f"{label:<34}{CPU[label]:>8.2f}{WALL[label]:>9.2f}{CALLS[label]:>7}", file=sys.stderr)
    print("threads: " + ", ".join(f"{k} {v:.1f} s" for k, v in thread_groups().most_common(10)), file=sys.stderr)


def main() -> None:
    every = None
    if sys.argv[1:2] == ["--every"]:
        every = float(sys.argv[2])
        del sys.argv[1:3]
    timed(graph.GraphStore, "add_graphs", "store: add_graphs")
    timed(graph.GraphStore, "replace_graph_lines", "store: replace_graph")
    timed(documents, "record_content_hashes", "store: content hashes")
    timed(documents, "content_hashes", "store: known hashes")
    timed(search_index.SearchIndex, "index_documents", "search index")
    timed(graph.GraphStore, "snapshot", "checkpoint: snapshot")
    timed(graph.GraphStore, "copy_of", "checkpoint: graphs copied")
    for index, writer in ((cites_index, cites_index.CitesWriter),
                          (obligations_index, obligations_index.ObligationsWriter),
                          (chains_index, chains_index.ChainsWriter),
                          (documents_index, documents_index.DocumentsWriter),
                          (findings_index, findings_index.FindingsWriter),
                          (counts_index, counts_index.CountsWriter)):
        # Each index file: its copy from the previous checkpoint's (or its empty tables), its
        # graphs read again from the copy of the graphs, and its completion.
        label = f"checkpoint: {index.__name__.rsplit('.', 1)[-1].replace('_index', '')} index"
        for step in ("__init__", "create", "read_again", "finish"):
            timed(writer, step, label)
    timed(snapshots, "_prune", "checkpoint: prune")
    timed(ingest.Ingestor, "commit", "commit (per document)")
    timed(ingest.Ingestor, "load_registry", "registry graph")
    threading.Thread(target=sample_threads, daemon=True).start()
    if every:
        threading.Thread(target=report_every, args=(every,), daemon=True).start()
    atexit.register(report)
    sys.argv[0] = "cancu"
    sys.exit(cli.main())


if __name__ == "__main__":
    main()

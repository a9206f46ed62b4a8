"""What holds the memory of `cancu ingest`, process by process, as the store grows.

    .venv/bin/python bench/ingest.py --home WS --corpus DIR [--jobs 2] [--every 500]
                                     [--trace 1000,2000,3000] [--top 12] [--limit N]

Runs `cancu --home WS ingest DIR --jobs N` in this process (the writer) and
samples, every half second, the RSS of the writer and of each of its children
(the extraction workers) from /proc, split into anonymous and file-backed pages
(RssAnon, RssFile: mapped RocksDB or tantivy files are the latter), with the
number of documents the writer has committed. Prints one row every `--every`
documents and the peak of each column, the tree's total included (the figure of
bench/run.py: a page two processes share counts once per process, as RSS does) and
the tree's proportional set size (PSS: a shared page counts once in all, the memory
the tree takes), and by how much the writer's anonymous RSS grew across each of its stages
(store loads, search index commits, the checkpoint's parts), summed over the run.

With --trace, tracemalloc runs in the writer (not in the workers) and a snapshot
is taken when the writer has committed each of those document counts; the
script prints, for each snapshot after the first, the Python allocations that
grew the most since the first (by line, with their callers), and the total
traced. Memory that RSS shows and tracemalloc does not is native: RocksDB,
tantivy, the allocator's free lists. Tracing slows the writer down about 3×;
time figures of a traced run mean nothing.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import threading
import time
import tracemalloc
from pathlib import Path

from cancu import cli, ingest

PAGE = os.sysconf("SC_PAGE_SIZE")
COMMITTED = [0]                  # documents the writer has committed (commit() calls)


def status_mb(pid: int) -> tuple[float, float, float] | None:
    """(RSS, anonymous, file-backed) in MB of one process, None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            fields = dict(line.split(":", 1) for line in f if line.startswith("Rss"))
    except OSError:
        return None
    kb = {k: int(v.split()[0]) for k, v in fields.items()}
    if "RssAnon" not in kb:          # a process being reaped
        return None
    return kb["RssAnon"] / 1024 + kb["RssFile"] / 1024 + kb["RssShmem"] / 1024, \
        kb["RssAnon"] / 1024, kb["RssFile"] / 1024


def pss_mb(pid: int) -> float:
    """Proportional set size in MB: a page shared by n processes counts 1/n in each, so the
    tree's sum is the memory it takes (a sum of RSS counts a forked child's shared pages twice)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


class Sampler:
    """RSS of the writer and its children every `interval` s; a row each `every` documents."""

    def __init__(self, every: int, interval: float = 0.5):
        self.every, self.interval = every, interval
        self.rows: list[tuple] = []
        self.peak = {"writer": 0.0, "writer anon": 0.0, "writer file": 0.0, "largest worker": 0.0, "tree": 0.0,
                     "tree PSS": 0.0}
        self._next = every
        self._t0 = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="rss-sampler")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(self.interval):
            own = status_mb(me)
            if own is None:
                continue
            kid_pids = children(me)
            kids = [s for s in (status_mb(c) for c in kid_pids) if s is not None]
            tree = own[0] + sum(k[0] for k in kids)
            tree_pss = pss_mb(me) + sum(pss_mb(c) for c in kid_pids)
            worker = max((k[0] for k in kids), default=0.0)
            for key, value in (("writer", own[0]), ("writer anon", own[1]), ("writer file", own[2]),
                               ("largest worker", worker), ("tree", tree), ("tree PSS", tree_pss)):
                self.peak[key] = max(self.peak[key], value)
            done = COMMITTED[0]
            if done >= self._next:
                self._next = (done // self.every + 1) * self.every
                row = (done, round(time.perf_counter() - self._t0, 1), own[0], own[1], own[2],
                       [round(k[0]) for k in kids], tree)
                self.rows.append(row)
                print(f"[rss] {done:>6} docs {row[1]:>7.1f} s  writer {own[0]:6.0f} MB (anon {own[1]:6.0f}, "
                      f"file {own[2]:5.0f})  workers {row[5]}  tree {tree:6.0f} MB, PSS {tree_pss:6.0f} MB", file=sys.stderr, flush=True)


STAGE_GROWTH: dict[str, list[float]] = {}
TRIMMED: dict[str, list[float]] = {}
TRIM = [False]


def malloc_trim() -> None:
    import ctypes
    ctypes.CDLL("libc.so.6").malloc_trim(0)


def watch_stage(owner, name: str, label: str) -> None:
    """Record how much the writer's anonymous RSS grows across each call of `owner.name`."""
    original = getattr(owner, name)

    def wrapper(*a, **k):
        before = status_mb(os.getpid())[1]
        try:
            return original(*a, **k)
        finally:
            after = status_mb(os.getpid())[1]
            STAGE_GROWTH.setdefault(label, []).append(after - before)
            if TRIM[0]:       # what the allocator holds free rather than what is live
                malloc_trim()
                TRIMMED.setdefault(label, []).append(after - status_mb(os.getpid())[1])
    setattr(owner, name, wrapper)


def watch_stages() -> None:
    from cancu.kg.queries import documents
    from cancu.kg.store import cites_index, graph, obligations_index
    from cancu.search import index as search_index
    watch_stage(graph.GraphStore, "add_graphs", "store: add_graphs")
    watch_stage(documents, "record_content_hashes", "store: content hashes")
    watch_stage(search_index.SearchIndex, "index_documents", "search index")
    watch_stage(graph.GraphStore, "snapshot", "checkpoint: snapshot")
    watch_stage(cites_index, "write", "checkpoint: cites index")
    watch_stage(obligations_index, "write", "checkpoint: obligations index")


def report_stages() -> None:
    print(f"\n{'writer stage':<32}{'calls':>6}{'anon RSS growth, sum MB':>25}{'largest MB':>12}", file=sys.stderr)
    for label, growth in sorted(STAGE_GROWTH.items(), key=lambda kv: -sum(kv[1])):
        released = f"  malloc_trim released {sum(TRIMMED[label]):.1f} MB" if label in TRIMMED else ""
        print(f"{label:<32}{len(growth):>6}{sum(growth):>25.1f}{max(growth):>12.1f}{released}", file=sys.stderr)


class Tracer:
    """tracemalloc snapshots in the writer at given document counts."""

    def __init__(self, at: list[int], top: int, frames: int = 6):
        self.at, self.top, self.frames = sorted(at), top, frames
        self.snapshots: list[tuple[int, tracemalloc.Snapshot]] = []

    def start(self) -> None:
        tracemalloc.start(self.frames)

    def maybe_take(self, done: int) -> None:
        if self.at and done >= self.at[0]:
            self.at.pop(0)
            snap = tracemalloc.take_snapshot().filter_traces(
                [tracemalloc.Filter(False, tracemalloc.__file__)])
            self.snapshots.append((done, snap))
            traced = sum(s.size for s in snap.statistics("filename")) / 2**20
            print(f"[trace] snapshot at {done} docs: {traced:.1f} MB traced, writer RSS "
                  f"{status_mb(os.getpid())[0]:.0f} MB", file=sys.stderr, flush=True)

    def report(self) -> None:
        if len(self.snapshots) < 2:
            return
        first_n, first = self.snapshots[0]
        for n, snap in self.snapshots[1:]:
            diff = snap.compare_to(first, "traceback")
            grown = sum(d.size_diff for d in diff) / 2**20
            print(f"\n== Python allocations grown from {first_n} to {n} documents: {grown:+.1f} MB "
                  f"(top {self.top} by traceback)", file=sys.stderr)
            for d in diff[:self.top]:
                print(f"{d.size_diff / 2**20:+8.2f} MB {d.count_diff:+8d} blocks  "
                      f"(now {d.size / 2**20:.2f} MB)", file=sys.stderr)
                for line in d.traceback.format(limit=self.frames, most_recent_first=True)[:2 * self.frames]:
                    print(f"      {line}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--home", required=True, type=Path, help="workspace (fresh, or it is reused)")
    p.add_argument("--corpus", required=True, type=Path, help="folder of plans (bench/corpus.py's plans/)")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--every", type=int, default=500, help="a row of RSS figures every N documents")
    p.add_argument("--trace", default="", help="document counts at which to snapshot tracemalloc, e.g. 1000,2000,3000")
    p.add_argument("--top", type=int, default=12, help="allocations shown per snapshot comparison")
    p.add_argument("--trim", action="store_true",
                   help="call glibc's malloc_trim(0) after each writer stage and report what it released "
                        "(memory freed but kept by the allocator)")
    p.add_argument("--limit", type=int, default=None, help="ingest only the first N files (sorted)")
    args = p.parse_args(argv)

    paths = sorted(str(f) for f in args.corpus.iterdir() if f.is_file())
    if args.limit:
        paths = paths[:args.limit]
    tracer = Tracer([int(x) for x in args.trace.split(",") if x.strip()], args.top) if args.trace else None

    original_commit = ingest.Ingestor.commit

    def commit(self, prepared):
        outcome = original_commit(self, prepared)
        COMMITTED[0] += 1
        if tracer is not None:
            tracer.maybe_take(COMMITTED[0])
        return outcome
    ingest.Ingestor.commit = commit                      # type: ignore[method-assign]
    if tracer is not None:
        original_init = ingest._worker_init

        def worker_init(*a):
            tracemalloc.stop()                           # forked workers inherit tracing: not theirs
            original_init(*a)
        ingest._worker_init = worker_init                # type: ignore[assignment]
        tracer.start()

    TRIM[0] = args.trim
    watch_stages()
    sampler = Sampler(args.every)
    sampler.start()
    t0 = time.perf_counter()
    code = cli.main(["--home", str(args.home), "ingest", *paths, "--jobs", str(args.jobs)])
    wall = time.perf_counter() - t0
    sampler.stop()
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"\n{len(paths)} documents in {wall:.1f} s wall; CPU writer {own.ru_utime + own.ru_stime:.1f} s, "
          f"workers {kids.ru_utime + kids.ru_stime:.1f} s; load average {os.getloadavg()[0]:.2f}", file=sys.stderr)
    print("peak RSS (MB, sampled): " + ", ".join(f"{k} {v:.0f}" for k, v in sampler.peak.items())
          + f"; getrusage max: writer {own.ru_maxrss / 1024:.0f}, largest worker {kids.ru_maxrss / 1024:.0f}",
          file=sys.stderr)
    report_stages()
    if tracer is not None:
        tracer.report()
    return code


if __name__ == "__main__":
    sys.exit(main())

"""Who cites X on an ingested workspace: the 10 most cited instruments, first page + total.

    .venv/bin/python bench/cites_workspace.py --home bench/out/ws-ingest-100000 [--rounds 5] [--json FILE]

bench/graph.py measures the same query on a synthetic graph it builds itself; this
one reads the newest published checkpoint of a real ingest (`cancu ingest`), so the
100k figure of issue #16 ("cites p95 ≤ 20 ms at 10k and 100k documents for the 10
most-cited instruments") comes from the workspace the web app would serve. The
instruments are the 10 with the most mentions in the checkpoint's cites index;
each is asked `--rounds` times (the first round in a fresh process is the cold one,
printed apart); the CPU time of the later rounds is printed beside their wall time,
which on a busy machine also holds the scheduler's delays. The query is bench/graph.py's: the first 50 rows and the total.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cancu.kg.queries.named import citations  # noqa: E402
from cancu.kg.store import cites_index  # noqa: E402
from cancu.kg.store.snapshots import open_reader  # noqa: E402

PAGE = 50


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def most_cited(index: cites_index.CitesIndex, n: int) -> list[tuple[str, int]]:
    return [(iri, count) for iri, count in index.all(
        "SELECT instrument, COUNT(*) FROM cites GROUP BY instrument ORDER BY 2 DESC LIMIT ?", [n])]


def first_page_ms(store, iri: str) -> tuple[float, float, int]:
    """Wall and CPU milliseconds of one first page + total, and the total."""
    t0, c0 = time.perf_counter(), time.process_time()
    rows = citations(store, [iri])
    rows[:PAGE]
    total = len(rows)
    return (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000, total


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--home", type=Path, required=True, help="a workspace made by `cancu --home DIR ingest`")
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--top", type=int, default=10)
    p.add_argument("--json", type=Path, default=None)
    args = p.parse_args(argv)
    store_root = args.home / "store"
    if not store_root.is_dir():
        sys.exit(f"{store_root}: no graph store (is {args.home} a cancu workspace?)")
    with open_reader(store_root) as store:
        index = cites_index.for_checkpoint(store)
        if index is None:
            sys.exit(f"{store_root}: the newest checkpoint has no {cites_index.FILE} (published by old code?)")
        targets = most_cited(index, args.top)
        documents = index.all("SELECT COUNT(DISTINCT doc_iri) FROM cites", [])[0][0]
        cold, warm, warm_cpu = [], [], []
        for round_ in range(args.rounds):
            for iri, _ in targets:
                ms, cpu_ms, _total = first_page_ms(store, iri)
                (cold if round_ == 0 else warm).append(ms)
                if round_:
                    warm_cpu.append(cpu_ms)
    figures = {
        "workspace": str(args.home), "citing_documents": documents, "instruments": len(targets),
        "rounds": args.rounds,
        "most_mentions": targets[0][1] if targets else 0,
        "cold_p50_ms": round(statistics.median(cold), 2), "cold_max_ms": round(max(cold), 2),
        "p50_ms": round(statistics.median(warm or cold), 2),
        "p95_ms": round(_percentile(warm or cold, 0.95), 2),
        # CPU time of the same queries: on a busy machine the wall p95 is the scheduler's
        "cpu_p95_ms": round(_percentile(warm_cpu, 0.95), 2) if warm_cpu else None,
    }
    print(f"{args.home}: {documents} citing documents; the {len(targets)} most cited instruments, "
          f"{targets[0][1] if targets else 0} mentions at most")
    print(f"first page of {PAGE} + total: first round p50 {figures['cold_p50_ms']} ms "
          f"(max {figures['cold_max_ms']}); later rounds p50 {figures['p50_ms']} ms, "
          f"p95 {figures['p95_ms']} ms (goal ≤ 20), CPU p95 {figures['cpu_p95_ms']} ms")
    for iri, count in targets:
        print(f"  {count:>8}  {iri}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

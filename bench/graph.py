"""Graph store benchmark: rdflib's in-memory Dataset vs the on-disk Oxigraph store.

Synthesises N plans (each citing ~15 instruments out of a pool, popularity
Zipf-like), loads the same triples into both stores — one named graph per
document — and measures load time, size, and the `cites` query (p50/p95 over
200 instruments drawn with the same popularity, plus the most popular one).

    .venv/bin/python bench/graph.py                 # 1k and 10k documents
    .venv/bin/python bench/graph.py --full          # also 100k (Oxigraph only above --rdflib-max)
    .venv/bin/python bench/graph.py --sizes 1000 --json bench/graph.json

The "ckpt95" column is page95 on a published checkpoint (its cites index).
`--sizes 10000 --rdflib-max 0 --queries 50`, machine at load 4-10 (issue #16,
goal ckpt95 <= 20 ms): top instrument 8,639 mentions, page95 by scan 47.6 ms,
ckpt95 3.2 ms, publish (checkpoint + index from scratch) 5.2 s.
"""
from __future__ import annotations

import argparse
import gc
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rdflib import Dataset, URIRef  # noqa: E402

from cancu.kg.triples.document import document_triples  # noqa: E402
from cancu.kg.queries.named import _CITES_EVIDENCE, cites, citations  # noqa: E402
from cancu.kg.store.snapshots import publish  # noqa: E402
from cancu.kg.store.graph import GraphStore  # noqa: E402
from cancu.kg.triples.synth import instrument_pool, synthetic_document  # noqa: E402
from cancu.kg.vocab import sparql_prologue  # noqa: E402


@dataclass
class Figures:
    store: str
    documents: int
    triples: int
    load_s: float
    size_mb: float | None       # on disk; None for in-memory
    rss_mb: float               # resident memory growth during the load
    cites_p50_ms: float
    cites_p95_ms: float
    cites_top_ms: float         # the most cited instrument
    top_rows: int
    queries: int
    # What the CLI/API answer first: the total and the first page (50 rows),
    # p95 over the 10 most-cited instruments, 5 times each (cold the first time).
    page_top10_p95_ms: float | None = None
    # The same on a published checkpoint, answered from its cites index
    # (kg/store/cites_index.py), and the time the publish took to write that index.
    checkpoint_page95_ms: float | None = None
    publish_s: float | None = None


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * 4096 / 2**20


def _dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def synthesise(n: int, pool_size: int, cites_per_doc: int):
    pool = instrument_pool(pool_size)
    docs = []
    for i in range(n):
        d = synthetic_document(i, pool, cites=cites_per_doc)
        docs.append((d.doc_iri, d.content_hash,
                     document_triples(d.doc_iri, d.source, d.info, d.resolutions,
                                      doc_id=d.doc_id, content_hash=d.content_hash)))
    return pool, docs


def query_targets(pool, k: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    weights = [1.0 / (rank + 1) for rank in range(len(pool))]
    return [p.iri for p in rng.choices(pool, weights, k=k)]


def _time_queries(run, targets: list[str]) -> tuple[list[float], int]:
    times, rows = [], 0
    for iri in targets:
        t0 = time.perf_counter()
        rows = run(iri)
        times.append((time.perf_counter() - t0) * 1000)
    return times, rows


def bench_oxigraph(docs, pool, targets, workdir: Path) -> Figures:
    path = workdir / "oxigraph-store"
    shutil.rmtree(path, ignore_errors=True)
    gc.collect()
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    with GraphStore.open(path) as store:
        for doc_iri, digest, triples in docs:
            store.replace_document(doc_iri, triples, digest)
        store.flush()
        load = time.perf_counter() - t0
        rss = _rss_mb() - rss0
        triples = len(store)
        times, _ = _time_queries(lambda iri: len(cites(store, [iri])), targets)
        top_times, top_rows = _time_queries(lambda iri: len(cites(store, [iri])), [pool[0].iri] * 5)
        page_times, _ = _time_queries(_first_page(store), [p.iri for p in pool[:10] for _ in range(5)])
        t0 = time.perf_counter()
        checkpoint = publish(store, workdir / "published")
        publish_s = time.perf_counter() - t0
    with GraphStore.open(checkpoint, read_only=True) as reader:
        ckpt_times, _ = _time_queries(_first_page(reader), [p.iri for p in pool[:10] for _ in range(5)])
    shutil.rmtree(workdir / "published", ignore_errors=True)
    size = _dir_mb(path)
    shutil.rmtree(path, ignore_errors=True)
    return Figures("oxigraph (pyoxigraph, on disk)", len(docs), triples, load, size, rss,
                   statistics.median(times), _percentile(times, 0.95), statistics.median(top_times),
                   top_rows, len(targets), _percentile(page_times, 0.95),
                   _percentile(ckpt_times, 0.95), publish_s)


def _first_page(store):
    def run(iri: str) -> int:
        rows = citations(store, [iri])
        rows[:50]
        return len(rows)
    return run


def bench_rdflib(docs, pool, targets) -> Figures:
    gc.collect()
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    ds = Dataset(default_union=True)
    for doc_iri, digest, triples in docs:
        # A fresh load: nothing to replace (rdflib's remove_graph scans every
        # context, which makes a per-document replace quadratic at 10k graphs).
        graph = ds.graph(URIRef(doc_iri))
        ds.addN((s, p, o, graph) for s, p, o in triples)
    load = time.perf_counter() - t0
    rss = _rss_mb() - rss0
    n_triples = sum(1 for _ in ds.quads((None, None, None, None)))
    query = sparql_prologue() + _CITES_EVIDENCE   # the query cancu.kg.queries.named.cites runs

    def run(iri: str) -> int:
        return len(list(ds.query(query % {"i": f"<{iri}>"})))

    times, _ = _time_queries(run, targets)
    top_times, top_rows = _time_queries(run, [pool[0].iri] * 2)
    return Figures("rdflib Dataset (memory)", len(docs), n_triples, load, None, rss,
                   statistics.median(times), _percentile(times, 0.95), statistics.median(top_times),
                   top_rows, len(targets))


def print_table(rows: list[Figures]) -> None:
    head = (f"{'store':32} {'docs':>7} {'triples':>10} {'load s':>8} {'disk MB':>8} "
            f"{'RSS+MB':>8} {'p50 ms':>8} {'p95 ms':>8} {'top ms':>8} {'top rows':>8} {'page95':>8} "
            f"{'ckpt95':>8} {'publish s':>9}")
    print(head)
    print("-" * len(head))
    for f in rows:
        size = f"{f.size_mb:8.1f}" if f.size_mb is not None else f"{'-':>8}"
        print(f"{f.store:32} {f.documents:7d} {f.triples:10d} {f.load_s:8.1f} {size} "
              f"{f.rss_mb:8.0f} {f.cites_p50_ms:8.2f} {f.cites_p95_ms:8.2f} "
              f"{f.cites_top_ms:8.2f} {f.top_rows:8d} "
              + (f"{f.page_top10_p95_ms:8.2f}" if f.page_top10_p95_ms is not None else f"{'-':>8}")
              + (f" {f.checkpoint_page95_ms:8.2f} {f.publish_s:9.2f}" if f.publish_s is not None else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--full", action="store_true", help="also 100k documents")
    parser.add_argument("--cites", type=int, default=15, help="instruments cited per document")
    parser.add_argument("--pool", type=int, default=3000, help="instruments to cite from")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rdflib-queries", type=int, default=None,
                        help="fewer queries for rdflib, whose query engine is slow (default: --queries)")
    parser.add_argument("--rdflib-max", type=int, default=10000,
                        help="skip rdflib above this many documents (it holds all in RAM)")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="save the figures here")
    args = parser.parse_args(argv)

    sizes = sorted(set(args.sizes + ([100_000] if args.full else [])))
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="cancu-bench-"))
    results: list[Figures] = []
    try:
        for n in sizes:
            t0 = time.perf_counter()
            pool, docs = synthesise(n, args.pool, args.cites)
            print(f"# {n} documents synthesised and built in {time.perf_counter() - t0:.1f} s",
                  file=sys.stderr)
            targets = query_targets(pool, args.queries)
            results.append(bench_oxigraph(docs, pool, targets, workdir))
            print(f"# {asdict(results[-1])}", file=sys.stderr, flush=True)
            if n <= args.rdflib_max:
                results.append(bench_rdflib(docs, pool, targets[:args.rdflib_queries or None]))
                print(f"# {asdict(results[-1])}", file=sys.stderr, flush=True)
            del docs
            gc.collect()
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps([asdict(f) for f in results], indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the writer's store loads cost as the store grows: one transaction per batch
(`pyoxigraph.Store.load`) against a bulk load (`Store.bulk_load`), through
`GraphStore.add_graphs` as ingest calls it.

    .venv/bin/python bench/store_writes.py --corpus DIR/plans [--docs 10000] [--batch 200]

Prepares up to 400 documents of the corpus once (the ingest workers' code), then
writes `--docs` documents in batches of `--batch` into a fresh on-disk store, each
prepared document again under a new IRI. Prints, per way of writing, the CPU of the
whole process (RocksDB's threads included) per 1,000 documents for every fifth of
the run, so growth with the store shows, and the peak RSS. Each way runs in its own
process so their memory does not mix.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLE = 400


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def prepare(corpus: Path, out: Path) -> None:
    from cancu import ingest
    ingest._worker_init(None, dt.date(2026, 12, 4), False)
    files = sorted(p for p in corpus.iterdir() if p.is_file())[:SAMPLE]
    prepared = [ingest._worker_prepare((str(f), None, None)) for f in files]
    out.write_bytes(pickle.dumps([(p.doc_iri, p.graph.text()) for p in prepared if hasattr(p, "graph")]))


def run(way: str, sample: Path, docs: int, batch: int, folder: Path) -> None:
    from cancu.kg.store import graph
    from cancu.kg.store.packed_graph import PackedGraph
    if way == "transaction":
        graph.BULK_FROM = sys.maxsize
    prepared = pickle.loads(sample.read_bytes())
    store = graph.GraphStore.open(folder)
    parts, part_cpu, part_docs = 5, 0.0, 0
    start, started = cpu(), time.perf_counter()
    for first in range(0, docs, batch):
        graphs = {}
        for n in range(first, min(first + batch, docs)):
            iri, text = prepared[n % len(prepared)]
            new = f"{iri}-{n}"
            graphs[new] = PackedGraph.pack(text.replace(iri, new))   # as the workers send it
        before = cpu()
        store.add_graphs(graphs)
        part_cpu += cpu() - before
        part_docs += len(graphs)
        if part_docs * parts >= docs or first + batch >= docs:
            print(f"  {way:<12} up to {min(first + batch, docs):>6} documents: "
                  f"{part_cpu / part_docs * 1000:6.2f} s CPU per 1k documents", flush=True)
            part_cpu, part_docs = 0.0, 0
    store.flush()
    total = cpu() - start
    store.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  {way:<12} total {total:.1f} s CPU (with the copies made to vary IRIs), "
          f"{time.perf_counter() - started:.0f} s wall, peak RSS {rss:.0f} MB", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, help="a folder of plans (bench/corpus.py --out DIR: DIR/plans)")
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--batch", type=int, default=200)
    ap.add_argument("--ways", default="bulk,transaction")
    ap.add_argument("--run", nargs=2, metavar=("WAY", "SAMPLE"), help=argparse.SUPPRESS)
    ap.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        run(args.run[0], Path(args.run[1]), args.docs, args.batch, args.store)
        return
    if args.corpus is None:
        ap.error("--corpus is required")
    with tempfile.TemporaryDirectory(prefix="store_writes_") as tmp:
        sample = Path(tmp) / "sample.pickle"
        prepare(args.corpus, sample)
        for way in args.ways.split(","):
            subprocess.run([sys.executable, __file__, "--run", way, str(sample), "--docs", str(args.docs),
                            "--batch", str(args.batch), "--store", str(Path(tmp) / way)], check=True,
                           env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})


if __name__ == "__main__":
    main()

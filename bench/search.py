"""Benchmark of the search backends on synthetic plans.

    .venv/bin/python bench/search.py                 # 1k and 10k documents
    .venv/bin/python bench/search.py --full          # also 100k
    .venv/bin/python bench/search.py --sizes 1000 --json out.json
    .venv/bin/python bench/search.py --full --keep bench/out/search-indexes   # reuse built indexes

It ends by printing the size at which tantivy should take over: where
whoosh's p95 query latency reaches --budget-ms (100 ms).

For each size and backend: index build time, index size on disk, and query
latency (p50/p95 over a fixed mix of accented, accent-less, phrase, filter and
instrument queries), for the top 10 and for the web page's top 20 with facets. Documents are made from the syllables, sentences and
citations of the seed plans, shuffled with a fixed seed, so runs compare.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cancu.search import IndexDocument, open_index  # noqa: E402

QUERIES = [
    "thực hiện dân chủ ở cơ sở", "thuc hien dan chu o co so", "tiep cong dan",
    "công khai tài chính", "ubnd xa", '"dân chủ ở cơ sở"', "huong uoc quy uoc nam:2024",
    "59/2023/NĐ-CP", "cites:61/2023/NĐ-CP tuyên truyền", "kiem tra giam sat loai:kh",
    "Ủy ban Mặt trận Tổ quốc", "ban thanh tra nhan dan stale:no",
]
SYMBOLS = ["59/2023/NĐ-CP", "61/2023/NĐ-CP", "10/2022/QH15", "217-QĐ/TW", "218-QĐ/TW",
           "34/2007/PL-UBTVQH11", "88/KH-UBND", "120/2024/NQ-HĐND", "33/CT-TTg", "04/2015/NĐ-CP"]
# Interactive search: a p95 above this is felt as lag (the web UI searches as
# you type). cancu.search.index.SWITCH_OVER_DOCS is derived from it.
SWITCH_BUDGET_MS = 100.0
REPEATS = 10                # 12 queries × 10: 120 timings per figure
ISSUERS = ["Ủy ban nhân dân xã An Phú", "Ủy ban nhân dân phường Tân Mai",
           "Ủy ban nhân dân thị trấn Hà Trung", "Văn phòng Ủy ban nhân dân tỉnh"]


def sentences() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus/plans").glob("*.txt")))
    parts = [" ".join(s.split()) for s in re.split(r"(?<=[.;])\s", text)]
    return [s for s in parts if 40 <= len(s) <= 400]


def make_docs(n: int, seed: int = 7) -> list[IndexDocument]:
    rng = random.Random(seed)
    pool = sentences()
    docs = []
    for i in range(n):
        heads = ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG", "III. TỔ CHỨC THỰC HIỆN"]
        lines = ["KẾ HOẠCH", rng.choice(pool)[:120]]
        for h in heads:
            lines.append(h)
            lines += ["- " + rng.choice(pool) for _ in range(rng.randint(2, 4))]
        year = rng.choice([2022, 2023, 2024, 2025])
        docs.append(IndexDocument(
            doc_id=f"s{i:06d}", path=f"synthetic/{i}.txt", text="\n".join(lines), title=lines[1],
            doc_type="Kế hoạch", issuer=rng.choice(ISSUERS), year=year,
            symbols=rng.sample(SYMBOLS, 3), stale=rng.random() < 0.1))
    return docs


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def percentile(sorted_ms: list[float], q: float) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, int(round(q * (len(sorted_ms) - 1))))]


def run(backend: str, docs: list[IndexDocument], batch: int = 1000, repeats: int = REPEATS,
        keep: Path | None = None) -> dict:
    """Build an index of `docs`, then time every query `repeats` times, as the
    CLI asks (top 10) and as the web search page asks (top 20 with facets).
    With `keep`, the index is built in keep/BACKEND-N and reused by later runs
    (its build time, from build.json, is the first run's)."""
    where = keep / f"{backend}-{len(docs)}" if keep else Path(tempfile.mkdtemp(prefix=f"bench-{backend}-"))
    record = where / "build.json"
    try:
        if record.exists():
            idx = open_index(where, backend)
            build = json.loads(record.read_text())["build_s"]
        else:
            shutil.rmtree(where, ignore_errors=True)
            idx = open_index(where, backend)
            t0 = time.perf_counter()
            for i in range(0, len(docs), batch):
                idx.index_documents(docs[i:i + batch])
            build = time.perf_counter() - t0
            if keep:
                record.write_text(json.dumps({"build_s": build}))
        for q in QUERIES:                 # first touch of each term's postings is not timed
            idx.search(q, limit=10)
        plain, faceted = [], []
        for _ in range(repeats):
            for q in QUERIES:
                t = time.perf_counter()
                idx.search(q, limit=10)
                plain.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                idx.search(q, limit=20, facets=True)
                faceted.append((time.perf_counter() - t) * 1000)
        idx.close()
        plain.sort()
        faceted.sort()
        return {"backend": backend, "docs": len(docs), "build_s": round(build, 2),
                "size_mb": round(dir_size(where) / 1e6, 1), "queries": len(plain),
                "p50_ms": round(statistics.median(plain), 2), "p95_ms": round(percentile(plain, 0.95), 2),
                "facets_p50_ms": round(statistics.median(faceted), 2),
                "facets_p95_ms": round(percentile(faceted, 0.95), 2)}
    finally:
        if not keep:
            shutil.rmtree(where, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--full", action="store_true", help="also 100k documents")
    ap.add_argument("--backends", nargs="+", default=["whoosh", "tantivy"])
    ap.add_argument("--json", metavar="FILE", help="write the results as JSON")
    ap.add_argument("--budget-ms", type=float, default=SWITCH_BUDGET_MS,
                    help="p95 query latency whoosh must stay under (default %(default)s)")
    ap.add_argument("--whoosh-max-docs", type=int, default=10_000,
                    help="skip whoosh above this size (default %(default)s: its 10k build "
                         "already takes ~8 minutes and grows linearly)")
    ap.add_argument("--keep", type=Path, metavar="DIR",
                    help="build indexes in DIR and reuse them on later runs (a 100k build takes ~20 min)")
    args = ap.parse_args(argv)
    sizes = args.sizes + ([100_000] if args.full else [])
    rows = []
    print(f"{'docs':>7} {'backend':8} {'build s':>9} {'size MB':>8} {'p50 ms':>8} {'p95 ms':>8}"
          f" {'facets p50':>11} {'facets p95':>11}")
    for n in sizes:
        docs = make_docs(n)
        for backend in args.backends:
            if backend == "whoosh" and n > args.whoosh_max_docs:
                print(f"{n:>7} {backend:8} skipped: above --whoosh-max-docs {args.whoosh_max_docs}", flush=True)
                continue
            r = run(backend, docs, keep=args.keep)
            rows.append(r)
            print(f"{r['docs']:>7} {r['backend']:8} {r['build_s']:>9} {r['size_mb']:>8} "
                  f"{r['p50_ms']:>8} {r['p95_ms']:>8} {r['facets_p50_ms']:>11} {r['facets_p95_ms']:>11}",
                  flush=True)
    print(switch_over_message(rows, args.budget_ms))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2), encoding="utf-8")
    return 0


def switch_over(rows: list[dict], budget_ms: float) -> int | None:
    """Documents at which whoosh's p95 reaches `budget_ms`, interpolated
    linearly between measured sizes (a query reads postings in proportion to
    the corpus); None if it stays under the budget at every measured size."""
    points = sorted((r["docs"], r["p95_ms"]) for r in rows if r["backend"] == "whoosh")
    prev = None
    for docs, p95 in points:
        if p95 > budget_ms:
            if prev is None or prev[1] >= p95:
                return docs if prev is None else prev[0]
            d0, t0 = prev
            return int(d0 + (docs - d0) * (budget_ms - t0) / (p95 - t0))
        prev = (docs, p95)
    return None


def switch_over_message(rows: list[dict], budget_ms: float) -> str:
    if not any(r["backend"] == "whoosh" for r in rows):
        return "whoosh not measured in this run: no switch-over figure."
    n = switch_over(rows, budget_ms)
    if n is None:
        return (f"whoosh stays under p95 {budget_ms:g} ms at every measured size: keep "
                "whoosh (measure a bigger size to find the switch-over).")
    return (f"switch-over: whoosh reaches p95 {budget_ms:g} ms at about {n:,} documents; "
            f"above that set CANCU_SEARCH_BACKEND=tantivy (or \"search_backend\": \"tantivy\" "
            "in the workspace settings.json).")


if __name__ == "__main__":
    sys.exit(main())

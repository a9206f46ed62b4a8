"""Every result of the judged and benchmarked search queries as JSON, to prove a
change to the search path changed no result: run it before and after, then diff.

Queries: tests/data/search_queries*.tsv and the search pages of the web
benchmarks (bench/web_urls.SEARCHES), with facets and 20 hits, as the search page
asks. Dumped per query: total, facets, and each hit's id, span, passage kind,
score, snippet (plain and HTML) and highlights.

    .venv/bin/python bench/search_dump.py --seed DIR OUT.json     # seed corpus, both backends
    .venv/bin/python bench/search_dump.py --home WS OUT.json      # a workspace (read only)

--seed indexes the seed corpus into DIR the first time and reuses it after:
tantivy's writer threads order documents differently in each new index, and
passages tied on every criterion keep the index's order, so only the same index
gives comparable dumps.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from web_urls import SEARCHES  # noqa: E402

LIMIT = 20


def queries() -> list[str]:
    out = []
    for path in sorted((ROOT / "tests" / "data").glob("search_queries*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                out.append(line.split("\t")[1])
    return out + SEARCHES


def dump(search) -> dict:
    """query → its result as plain data; `search(q)` returns a SearchResult."""
    out = {}
    for q in queries():
        r = search(q)
        out[q] = {"total": r.total,
                  "facets": {k: [dataclasses.asdict(f) for f in v] for k, v in r.facets.items()},
                  "hits": [dataclasses.asdict(h) for h in r.hits]}
    return out


def seed(folder: Path) -> dict:
    from cancu.search import open_index
    from tests.test_search import BACKENDS, fake_finder, load_corpus
    out = {}
    for backend in BACKENDS:
        path = folder / backend
        new = not path.exists()
        idx = open_index(path, backend, instrument_finder=fake_finder)
        if new:
            idx.index_documents(load_corpus())
        out[backend] = dump(lambda q: idx.search(q, limit=LIMIT, facets=True))
        idx.close()
    return out


def workspace(home: str) -> dict:
    from cancu.services import Services
    from cancu.workspace import Workspace
    services = Services(Workspace.locate(home))
    return dump(lambda q: services.search(q, limit=LIMIT, facets=True))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--seed", metavar="DIR", help="the seed corpus indexed by each backend in DIR (made once)")
    g.add_argument("--home", help="a workspace, read only")
    p.add_argument("out")
    args = p.parse_args()
    data = seed(Path(args.seed)) if args.seed else workspace(args.home)
    Path(args.out).write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    print(f"{args.out}: {sum(len(v) for v in data.values()) if args.seed else len(data)} queries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

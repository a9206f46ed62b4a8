"""CPU of picking each hit document's passage (cancu.search.execute._best_passage)
for the 12 queries of the web benchmarks, against the reference it must agree
with: sorting every candidate by (distinct matched words, adjacent pairs, rank).
"warm": the passages' words already kept (a query asked again); "cold": found
anew, as for a query not asked before. Also checks that both pick the same passage.

    .venv/bin/python bench/best_passage.py --home WORKSPACE [--repeat 9]
"""
from __future__ import annotations

import argparse
import operator
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from web_urls import SEARCHES  # noqa: E402

PASSAGES_PER_DOC = 12


def reference(found, text, marker):
    """The pick by sorting every passage by its full coverage."""
    def shown(p):
        return marker.coverage(text[int(p.stored["start"]):int(p.stored["end"])])
    return sorted(enumerate(found), key=lambda ip: (*(-c for c in shown(ip[1])), ip[0]))[0][1]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--home", required=True)
    p.add_argument("--repeat", type=int, default=9)
    args = p.parse_args()

    from cancu.search import execute, plan, snippet
    from cancu.search import fields as F
    from cancu.search.snippet import Marker, match_keys
    from cancu.services import Services
    from cancu.workspace import Workspace

    services = Services(Workspace.locate(args.home))
    index = services.index
    cases = []
    for query in SEARCHES:
        q = index.parse(query)
        engine = index.backend
        docs, _ = engine.run(plan.build(q, "doc"), 20)
        if not docs:
            continue
        found, _ = engine.run(plan.build(q, "passage", [d.doc_id for d in docs]), PASSAGES_PER_DOC * len(docs))
        candidates: dict[str, list] = {}
        for hit in found:
            hit.stored                      # decoded once, outside the timing
            candidates.setdefault(hit.doc_id, []).append(hit)
        texts = {d.doc_id: d.stored[F.TEXT] for d in docs}
        cases.append((match_keys(execute._highlight_words(q)), candidates, texts))

    def timed(pick, cold: bool) -> float:
        total = 0.0
        for keys, candidates, texts in cases:
            if cold:
                snippet._words.__init__()   # forget the kept words
            t0 = time.process_time()
            marker = Marker(keys)
            for doc_id, found in candidates.items():
                pick(found, texts[doc_id], marker)
            total += time.process_time() - t0
        return total * 1000 / len(cases)

    for keys, candidates, texts in cases:
        marker = Marker(keys)
        for doc_id, found in candidates.items():
            if execute._best_passage(found, texts[doc_id], marker) is not reference(found, texts[doc_id], marker):
                print(f"DIFFERENT PICK for {doc_id}", file=sys.stderr)
                return 1
    print(f"{len(cases)} queries, {sum(len(c) for _, c, _ in cases)} documents; CPU ms per query, median of {args.repeat}")
    for cold in (False, True):
        ref = statistics.median(timed(reference, cold) for _ in range(args.repeat))
        new = statistics.median(timed(execute._best_passage, cold) for _ in range(args.repeat))
        print(f"{'cold' if cold else 'warm'}: sort all {ref:.2f}  _best_passage {new:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The search service alone on a workspace, for the 12 queries the web benchmarks
ask (bench/web_urls.py): CPU per query as the search page asks it (top 20 with
facets) and as the API does by default (top 10), and, with --json, every answer
written out so two versions of the code can be compared (ranking, totals, facets,
snippets): run before and after a change, then `diff` the two files. "first" is
the CPU of each query the first time this process asks it (what a searcher has
kept from earlier queries, their terms and passages, included), the other columns
the median of the repeats.

    .venv/bin/python bench/search_queries.py --home WORKSPACE [--repeat 20] [--json out.json]

No web app, no network: cancu.services.Services.search, one query at a time.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from web_urls import SEARCHES  # noqa: E402

FORMS = {"page": {"limit": 20, "facets": True}, "api": {"limit": 10, "facets": False}}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--home", required=True, help="workspace")
    p.add_argument("--repeat", type=int, default=20, help="runs of each query; the median is kept")
    p.add_argument("--json", help="write every answer (as the API serialises it) to this file")
    args = p.parse_args()

    from cancu.services import Services
    from cancu.web.serialize import search_result
    from cancu.workspace import Workspace

    services = Services(Workspace.locate(args.home))
    services.search("nghị định", limit=1)            # open the index and catalogue first
    answers: dict[str, dict] = {}
    print(f"{'form':<6}{'cpu med ms':>11}{'cpu p90':>9}{'cpu max':>9}{'first med':>10}{'first max':>10}  worst query")
    for form, kw in FORMS.items():
        per_query, first = [], []
        for q in SEARCHES:
            c = time.process_time()          # the first time a query is asked in this process
            answers[f"{form} {q}"] = search_result(services.search(q, **kw))
            first.append((time.process_time() - c) * 1000)
            cpu = []
            for _ in range(args.repeat):
                c = time.process_time()
                services.search(q, **kw)
                cpu.append((time.process_time() - c) * 1000)
            per_query.append((statistics.median(cpu), q))
        ms = sorted(m for m, _ in per_query)
        worst = max(per_query)
        print(f"{form:<6}{statistics.median(ms):>11.2f}{ms[int(0.9 * (len(ms) - 1))]:>9.2f}{worst[0]:>9.2f}"
              f"{statistics.median(first):>10.2f}{max(first):>10.2f}  {worst[1]}")
    if args.json:
        Path(args.json).write_text(json.dumps(answers, ensure_ascii=False, indent=1, sort_keys=True),
                                   encoding="utf-8")
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Where a search request's CPU goes, part by part, for the 12 queries of the web
benchmarks (bench/web_urls.SEARCHES), as the search page asks them (top 20 with
facets, rendered) and as the API does (top 10, JSON). Each part's time is its
own (a part called inside another is taken out of the outer one), CPU ms per
request, the median over `--repeat` rounds of every query:

    parse       query understanding (filters, instruments named, restoration)
    doc query   ranking the documents (pruning, compiling, tantivy/whoosh)
    passages    the passage query for the hit documents
    stored      reading and decoding entries' stored fields
    pick        choosing each hit's passage (words matched)
    snippet     cutting and marking the shown window
    facets      counting the facets
    render      the page's template / the API's JSON
    execute     the search flow's own steps (query trees, grouping passages, hits)
    other       the rest of the request (Flask, routing, the response)

    .venv/bin/python bench/search_parts.py --home WORKSPACE [--repeat 5] [--per-query]

Each timed call costs about a microsecond more: a change that calls a part less often
(fewer stored fields decoded) looks cheaper here than it is. Compare two indexes with
bench/search_ab.py, which times whole requests.
"""
from __future__ import annotations

import argparse
import functools
import importlib
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))      # before bench/, whose web.py would hide the web package

from web_urls import SEARCHES  # noqa: E402

# part → functions ("module:qualified.name") whose own time is that part's.
PARTS = {
    "parse": ["cancu.search.index:SearchIndex.parse"],
    "doc query": [],          # told from "passages" by the tree (see _Clock.run)
    "passages": [],
    "stored": ["cancu.search.tantivy_backend:_decode_stored",
               "cancu.search.tantivy_backend:_Stored.get"],
    "pick": ["cancu.search.execute:_best_passage", "cancu.search.execute:best_passages"],
    "snippet": ["cancu.search.snippet:Marker.snippet"],
    "facets": ["cancu.search.tantivy_backend:TantivyBackend.facet_counts",
               "cancu.search.whoosh_backend:WhooshBackend.facet_counts"],
    "render": ["cancu.web.pages:render_template", "cancu.web.api:jsonify", "cancu.web.api:search_result"],
    "execute": ["cancu.search.execute:execute", "cancu.search.plan:build"],
}
RUNS = ["cancu.search.tantivy_backend:TantivyBackend.run", "cancu.search.whoosh_backend:WhooshBackend.run"]


class _Clock:
    """Own CPU time per part: a stack of open calls, each inner call's time
    taken out of the one around it."""

    def __init__(self):
        self.own: dict[str, float] = defaultdict(float)
        self._stack: list[list] = []

    def wrap(self, owner, name: str, part) -> None:
        fn = owner.__dict__[name]
        is_static = isinstance(fn, staticmethod)
        inner = fn.__func__ if is_static else fn
        clock = self

        @functools.wraps(inner)
        def timed(*args, **kwargs):
            label = part(args) if callable(part) else part
            frame = [label, time.process_time(), 0.0]
            clock._stack.append(frame)
            try:
                return inner(*args, **kwargs)
            finally:
                clock._stack.pop()
                spent = time.process_time() - frame[1]
                clock.own[label] += spent - frame[2]
                if clock._stack:
                    clock._stack[-1][2] += spent
        setattr(owner, name, staticmethod(timed) if is_static else timed)


def _resolve(spec: str):
    module, _, qual = spec.partition(":")
    try:
        owner = importlib.import_module(module)
    except ImportError:
        return None
    *path, name = qual.split(".")
    for p in path:
        owner = getattr(owner, p, None)
        if owner is None:
            return None
    return (owner, name) if name in getattr(owner, "__dict__", {}) else None


def _kind(args) -> str:
    from cancu.search import plan
    kind, _ = plan.split_kind(args[1])
    return "passages" if kind == "passage" else "doc query"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--home", required=True, help="workspace")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--per-query", action="store_true", help="one line per query too")
    args = p.parse_args()

    from cancu.services import Services
    from cancu.web.app import create_app
    from cancu.workspace import Workspace

    clock = _Clock()
    for part, specs in PARTS.items():
        for spec in specs:
            found = _resolve(spec)
            if found:
                clock.wrap(*found, part)
    for spec in RUNS:
        found = _resolve(spec)
        if found:
            clock.wrap(*found, _kind)

    services = Services(Workspace.locate(args.home))
    app = create_app(services, config={"RESPONSE_CACHE_SIZE": 0})
    client = app.test_client()
    forms = {"page": "/?q=", "api": "/api/v1/search?q="}
    for prefix in forms.values():          # open the index, the catalogue, the templates
        client.get(prefix + quote(SEARCHES[0])).get_data()
    parts = list(PARTS) + ["other", "total"]
    print(f"CPU ms per request, median over {args.repeat} rounds of {len(SEARCHES)} queries")
    print(f"{'form':<6}" + "".join(f"{p:>10}" for p in parts))
    for form, prefix in forms.items():
        per_query: dict[str, dict[str, list[float]]] = {q: defaultdict(list) for q in SEARCHES}
        for _ in range(args.repeat):
            for q in SEARCHES:
                clock.own.clear()
                t = time.process_time()
                r = client.get(prefix + quote(q))
                r.get_data()
                total = time.process_time() - t
                if r.status_code != 200:
                    raise SystemExit(f"{q}: HTTP {r.status_code}")
                own = dict(clock.own)
                own["other"] = total - sum(own.values())
                own["total"] = total
                for part in parts:
                    per_query[q][part].append(own.get(part, 0.0) * 1000)
        medians = {q: {part: statistics.median(v[part]) for part in parts} for q, v in per_query.items()}
        mean = {part: statistics.fmean(m[part] for m in medians.values()) for part in parts}
        print(f"{form:<6}" + "".join(f"{mean[p]:>10.2f}" for p in parts) + "   (mean of the queries' medians)")
        if args.per_query:
            for q, m in medians.items():
                print(f"  {q[:28]:<28}" + "".join(f"{m[p]:>8.2f}" for p in parts))
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The server's own time per page kind, one request at a time: the web app on a
workspace through Flask's test client (no network, no other clients), response
cache off, so every request is computed. Prints the median of `--repeat` runs of
each URL, and per page kind the median and the worst of those medians.
`--profile KIND` prints cProfile's top functions for one request of each of
that kind's URLs instead. The CPU columns are this process's CPU time per request
(median of the medians, and the worst): on a shared machine they move far less
than wall time does (SPARQL runs in query processes, so its CPU is not counted). Where bench/web.py measures the server under load,
this one says where a single request's time goes.

    .venv/bin/python bench/web_requests.py [--home WORKSPACE] [--repeat 5] [--only document,search]
    .venv/bin/python bench/web_requests.py --home WS --profile search [--top 30]
    .venv/bin/python bench/web_requests.py --home WS --split --only obligations,audit
    .venv/bin/python bench/web_requests.py --home WS --only none --url '/obligations?due_before=2025-06-30'

`--split` adds, per page kind, the median CPU ms of each part of a request (each
part counted without the parts it calls): resolving the instrument a query names,
the checkpoint's sqlite indexes, Oxigraph queries, the workspace's lists (documents,
registry), rendering (templates, JSON) and the rest (Flask, the page's own Python).

Without --home it builds a workspace from corpus/plans in a temporary folder.
Goal (issue #16): every page ≤ 100 ms.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))      # before bench/, whose web.py would hide the web package

from web_urls import page_urls  # noqa: E402


def build_seed(tmp: Path) -> Path:
    home = tmp / "home"
    print("building a workspace from corpus/plans …", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "cancu.cli", "--home", str(home), "ingest", str(ROOT / "corpus" / "plans")],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return home


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--home", help="workspace (default: build one from corpus/plans)")
    p.add_argument("--repeat", type=int, default=5, help="requests per URL; the median is kept")
    p.add_argument("--only", help="comma-separated page kinds")
    p.add_argument("--url", action="append", default=[],
                   help="also measure this URL, as page kind url1, url2… (repeatable): a filter the list leaves out")
    p.add_argument("--profile", metavar="KIND", help="cProfile one request of each URL of this kind")
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--urls", type=int, default=6, help="distinct URLs per page kind at most")
    p.add_argument("--split", action="store_true", help="CPU ms per part of a request (see above)")
    args = p.parse_args()

    from cancu.serve import warm_up
    from cancu.services import Services
    from cancu.workspace import Workspace
    from cancu.web.app import create_app

    tmp = None
    home = args.home
    if home is None:
        tmp = Path(tempfile.mkdtemp(prefix="cancu-bench-req-"))
        home = str(build_seed(tmp))
    try:
        services = Services(Workspace.locate(home))
        app = create_app(services, config={"RESPONSE_CACHE_SIZE": 0})
        t0 = time.perf_counter()
        warm_up(services, app.config, app.jinja_env)
        client = app.test_client()
        kinds = page_urls(lambda path: client.get(path).get_json(), per_kind=args.urls)
        print(f"workspace {home}: warm-up {time.perf_counter() - t0:.1f} s; "
              f"{kinds.pop('_documents')} documents", file=sys.stderr)
        wanted = set(args.only.split(",")) if args.only else None
        if args.profile:
            wanted = {args.profile}
        kinds = {k: v for k, v in kinds.items() if wanted is None or k in wanted}
        for n, url in enumerate(args.url, 1):
            kinds[f"url{n}"] = [url]
        for urls in kinds.values():        # per-checkpoint values (document list, choices) are not a page's
            for url in urls:
                _get(client, url)
        if args.profile:
            return profile(client, kinds[args.profile], args.top)
        parts = Parts() if args.split else None
        print(f"{'page':<18}{'urls':>5}{'median ms':>11}{'worst ms':>10}{'cpu med':>9}{'cpu worst':>10}  worst URL")
        splits: dict[str, dict[str, float]] = {}
        for kind, urls in kinds.items():
            medians, cpus, split = [], [], []
            for url in urls:
                times, cpu = [], []
                for _ in range(args.repeat):
                    if parts is not None:
                        parts.reset()
                    t, c = time.perf_counter(), time.process_time()
                    _get(client, url)
                    times.append((time.perf_counter() - t) * 1000)
                    cpu.append((time.process_time() - c) * 1000)
                    if parts is not None:
                        split.append(parts.ms(cpu[-1]))
                medians.append((statistics.median(times), url))
                cpus.append(statistics.median(cpu))
            worst = max(medians)
            print(f"{kind:<18}{len(urls):>5}{statistics.median(m for m, _ in medians):>11.1f}"
                  f"{worst[0]:>10.1f}{statistics.median(cpus):>9.1f}{max(cpus):>10.1f}"
                  f"  {urllib.parse.unquote(worst[1])[:80]}")
            if split:
                splits[kind] = {name: statistics.median(s[name] for s in split) for name in split[0]}
        if splits:
            names = list(next(iter(splits.values())))
            print("\nCPU ms per request by part (median over every request of the kind)")
            print(f"{'page':<18}" + "".join(f"{n:>9}" for n in names))
            for kind, split in splits.items():
                print(f"{kind:<18}" + "".join(f"{split[n]:>9.1f}" for n in names))
        services.close()
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


class Parts:
    """CPU time per part of a request: a few functions are wrapped so that each
    counts its own time without that of the wrapped functions it calls."""

    NAMES = ("resolve", "sqlite", "oxigraph", "lists", "render")

    def __init__(self):
        from flask import json as flask_json, templating
        from cancu.kg.registry.lookup import InstrumentCatalogue
        from cancu.kg.store.checkpoint_index import ReadOnlyIndex
        from cancu.kg.store.graph import GraphStore
        from cancu.web import meta
        from cancu.services import Services
        self._spent = dict.fromkeys(self.NAMES, 0.0)
        self._stack: list[list] = []           # [part, start, time spent in inner parts]
        self._wrap(InstrumentCatalogue, "find", "resolve")
        self._wrap(ReadOnlyIndex, "all", "sqlite")
        self._wrap(GraphStore, "query", "oxigraph")
        self._wrap(Services, "_cited_instruments_cached", "lists")
        for name in ("documents", "by_id", "by_iri"):
            self._wrap(meta, name, "lists")
        self._wrap(templating, "_render", "render")
        self._wrap(flask_json.provider.DefaultJSONProvider, "dumps", "render")

    def _wrap(self, owner, name: str, part: str) -> None:
        inner = getattr(owner, name)
        parts = self

        def timed(*a, **k):
            parts._stack.append([part, time.process_time(), 0.0])
            try:
                return inner(*a, **k)
            finally:
                _, start, nested = parts._stack.pop()
                spent = time.process_time() - start
                parts._spent[part] += spent - nested
                if parts._stack:
                    parts._stack[-1][2] += spent
        setattr(owner, name, staticmethod(timed) if isinstance(owner, type) and isinstance(
            owner.__dict__.get(name), staticmethod) else timed)

    def reset(self) -> None:
        self._spent = dict.fromkeys(self.NAMES, 0.0)

    def ms(self, total_ms: float) -> dict[str, float]:
        out = {k: v * 1000 for k, v in self._spent.items()}
        out["rest"] = total_ms - sum(out.values())
        return out


def _get(client, url: str) -> None:
    r = client.get(url)
    r.get_data()
    if r.status_code >= 500:
        raise SystemExit(f"{url}: HTTP {r.status_code}")


def profile(client, urls: list[str], top: int) -> int:
    # CPU time, not wall time: on a shared machine another process's turn is nobody's cost here.
    prof = cProfile.Profile(time.process_time)
    for url in urls:
        prof.enable()
        _get(client, url)
        prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())

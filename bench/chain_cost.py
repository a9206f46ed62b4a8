"""CPU per chain query, split by phase: what the chain page and the chains API spend
on each of bench/web_urls.py's CHAINS, one request at a time, response cache off.

Phases (this process's CPU ms, median of `--repeat` runs):
  resolve  the query text to an instrument (Services._best_instrument)
  walk     services.chain (resolving again, reading the chain index, the walk)
  outline  web.chain_view.outline as the page makes it (the root's task rows; the
           other plans folded, their rows read when opened: GET /chain/tasks)
  page     the whole GET /chain?q=… (walk, outline and HTML)
  api      the whole GET /api/v1/chains?q=… (walk and JSON)

    .venv/bin/python bench/chain_cost.py --home WORKSPACE [--repeat 5] [--profile page|api]
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))      # before bench/, whose web.py would hide the web package

from web_urls import CHAINS  # noqa: E402


def cpu_ms(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        c = time.process_time()
        fn()
        runs.append((time.process_time() - c) * 1000)
    return statistics.median(runs)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--home", required=True)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--profile", choices=("page", "api"))
    p.add_argument("--top", type=int, default=30)
    args = p.parse_args()

    from cancu.serve import warm_up
    from cancu.services import Services
    from cancu.web import chain_view
    from cancu.web.app import create_app
    from cancu.web.pages import CHAIN_PLANS_PER_NODE, node_link, plan_task_links
    from cancu.workspace import Workspace

    services = Services(Workspace.locate(args.home))
    app = create_app(services, config={"RESPONSE_CACHE_SIZE": 0})
    warm_up(services, app.config, app.jinja_env)
    client = app.test_client()

    def get(url: str) -> None:
        r = client.get(url)
        r.get_data()
        if r.status_code != 200:
            raise SystemExit(f"{url}: HTTP {r.status_code}")

    for q in CHAINS:                    # the first request of each opens what a checkpoint keeps
        get("/chain?q=" + urllib.parse.quote(q))
        get("/api/v1/chains?q=" + urllib.parse.quote(q))
    if args.profile:
        prof = cProfile.Profile()
        for q in CHAINS:
            url = ("/chain?q=" if args.profile == "page" else "/api/v1/chains?q=") + urllib.parse.quote(q)
            prof.enable()
            get(url)
            prof.disable()
        out = io.StringIO()
        stats = pstats.Stats(prof, stream=out)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
        print(out.getvalue())
        return 0

    print(f"{'query':<22}{'resolve':>8}{'walk':>8}{'outline':>8}{'page':>8}{'api':>8}"
          f"{'nodes':>7}{'edges':>7}{'plans':>7}{'tasks':>7}")
    for q in CHAINS:
        resolve = cpu_ms(lambda: services._best_instrument(q), args.repeat)
        result = services.chain(q, plans_per_node=CHAIN_PLANS_PER_NODE)
        walk = cpu_ms(lambda: services.chain(q, plans_per_node=CHAIN_PLANS_PER_NODE), args.repeat)
        with app.test_request_context("/chain"):
            tree = chain_view.outline(result, node_link, services.obligations_by_iri, task_links=plan_task_links)
            outline = cpu_ms(lambda: chain_view.outline(result, node_link, services.obligations_by_iri,
                                                        task_links=plan_task_links), args.repeat)
            plans, tasks = chain_view.count(tree)
        page = cpu_ms(lambda: get("/chain?q=" + urllib.parse.quote(q)), args.repeat)
        api = cpu_ms(lambda: get("/api/v1/chains?q=" + urllib.parse.quote(q)), args.repeat)
        print(f"{q:<22}{resolve:>8.1f}{walk:>8.1f}{outline:>8.1f}{page:>8.1f}{api:>8.1f}"
              f"{len(result.nodes):>7}{len(result.edges):>7}{plans:>7}{tasks:>7}")
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

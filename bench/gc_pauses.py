"""Python's cyclic garbage collector in a server worker: how often a collection runs
and how long it holds the GIL (every thread of the worker waits), over a mix of pages
one request at a time (bench/web_urls.py, SPARQL left out: it runs in other
processes), with the response cache off. `--freeze` does what `cancu serve` does after
warm-up (cancu/heap.py: gc.freeze, and young collections a tenth as often); without it,
the collector as Python sets it.

    .venv/bin/python bench/gc_pauses.py --home WORKSPACE [--requests 1500] [--freeze]

Prints the objects the collector tracks after warm-up and at the end, and per
generation the number of collections and their CPU ms (median, worst, sum).
"""
from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))      # before bench/, whose web.py would hide the web package

from web_urls import page_urls  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--home", required=True)
    p.add_argument("--requests", type=int, default=1500)
    p.add_argument("--freeze", action="store_true", help="freeze after warm-up and collect less often, as cancu serve does")
    args = p.parse_args()

    from cancu.heap import FrozenHeap, collect_less_often
    from cancu.serve import warm_up
    from cancu.services import Services
    from cancu.web.app import create_app
    from cancu.workspace import Workspace

    pauses: list[tuple[int, float]] = []
    started = [0.0]

    def timed(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.process_time()
        else:
            pauses.append((info["generation"], (time.process_time() - started[0]) * 1000))

    services = Services(Workspace.locate(args.home))
    app = create_app(services, config={"RESPONSE_CACHE_SIZE": 0})
    warm_up(services, app.config, app.jinja_env)
    client = app.test_client()
    kinds = page_urls(lambda path: client.get(path).get_json(), per_kind=40)
    kinds.pop("_documents")
    kinds.pop("sparql")
    if args.freeze:
        FrozenHeap(services.checkpoint_id).freeze()
        collect_less_often()
    print(f"tracked after warm-up {len(gc.get_objects())}, frozen {gc.get_freeze_count()}")
    gc.callbacks.append(timed)
    names = list(kinds)
    cpu = time.process_time()
    for i in range(args.requests):
        urls = kinds[names[i % len(names)]]
        client.get(urls[(i * 7919) % len(urls)]).get_data()
    cpu = time.process_time() - cpu
    gc.callbacks.remove(timed)
    print(f"{args.requests} requests, {cpu / args.requests * 1000:.1f} ms CPU each; "
          f"tracked at the end {len(gc.get_objects())}")
    for generation in (0, 1, 2):
        ms = [c for g, c in pauses if g == generation]
        if ms:
            print(f"generation {generation}: {len(ms)} collections, CPU ms median {statistics.median(ms):.2f}, "
                  f"worst {max(ms):.1f}, sum {sum(ms):.0f}")
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

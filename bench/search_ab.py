"""Search request CPU of two or more workspaces side by side, in one process, rounds
interleaved: the way to compare two indexes of the same documents (made by two versions
of the code) on a shared machine, where runs minutes apart differ by a fifth.

Each round asks the 12 queries of the web benchmarks (bench/web_urls.SEARCHES) as the
search page and as the API, through the app with the response cache off, and times the
process's CPU. Prints the median and the least of the rounds, ms per request.
bench/search_parts.py splits one workspace's time by part, but its timers cost about a
microsecond a call, so a path calling a part less often looks cheaper than it is there.

    .venv/bin/python bench/search_ab.py WORKSPACE_A WORKSPACE_B [--rounds 8]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))      # before bench/, whose web.py would hide the web package

from web_urls import SEARCHES  # noqa: E402

FORMS = {"page": "/?q=", "api": "/api/v1/search?q="}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("homes", nargs="+", type=Path, help="workspaces")
    p.add_argument("--rounds", type=int, default=8)
    args = p.parse_args()

    from cancu.services import Services
    from cancu.web.app import create_app
    from cancu.workspace import Workspace

    clients = {}
    for home in args.homes:
        app = create_app(Services(Workspace.locate(str(home))), config={"RESPONSE_CACHE_SIZE": 0})
        clients[home] = app.test_client()
    spent: dict[tuple[Path, str], list[float]] = {(h, f): [] for h in clients for f in FORMS}
    for round_ in range(args.rounds + 1):      # the first round opens indexes and templates
        for (home, form), times in spent.items():
            client = clients[home]
            started = time.process_time()
            for q in SEARCHES:
                response = client.get(FORMS[form] + quote(q))
                if response.status_code != 200:
                    sys.exit(f"{home}: {FORMS[form]}{q} answered {response.status_code}")
                response.get_data()
            if round_:
                times.append((time.process_time() - started) * 1000 / len(SEARCHES))
    print(f"CPU ms per search request, {args.rounds} rounds of {len(SEARCHES)} queries, interleaved")
    print(f"{'workspace':<40}{'form':<6}{'median':>9}{'least':>9}")
    for (home, form), times in spent.items():
        print(f"{str(home):<40}{form:<6}{statistics.median(times):>9.2f}{min(times):>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

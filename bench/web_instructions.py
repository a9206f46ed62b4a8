"""Instructions per request of the web benchmark's mix, counted by valgrind's callgrind,
for one checkout or several side by side: how a change to the pages is measured on a
machine whose timings move 20–50% from run to run (bench/web.py under load, even
one request at a time). An instruction count does not depend on what else runs.

    .venv/bin/python bench/web_instructions.py --home WS [--rounds 3] [--only search,audit]
                                               [--checkout DIR ...]

The mix is bench/web_urls.py's, 8 URLs of each page kind (SPARQL left out: its work is in
a query process), asked in this process through the Flask app with the response cache
off. Each checkout runs twice under callgrind, both after one warm round: with no more
rounds, then with `--rounds` more; the difference over the requests of those rounds is
the figure. `--checkout` imports `cancu` from other checkouts of the repository (a
`git worktree` of an older commit, say), one process per checkout, two at a time.
Under callgrind Python runs some 50 times slower: three rounds of the whole mix at 10k
documents take some 15 minutes.

Instructions are not time (a cache miss costs more than an addition), but for the same
Python on the same data a change that saves instructions saves CPU.
"""
from __future__ import annotations

import argparse
import importlib.abc
import importlib.util
import re
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class _CheckoutFinder(importlib.abc.MetaPathFinder):
    """`cancu` and its subpackages from another checkout, mapped as its pyproject.toml maps
    the folders (`cancu.kg` is kg/, and so on)."""

    def __init__(self, checkout: Path):
        table = tomllib.loads((checkout / "pyproject.toml").read_text(encoding="utf-8"))
        self.folders = {name: checkout / folder
                        for name, folder in table["tool"]["setuptools"]["package-dir"].items()}

    def find_spec(self, fullname, path=None, target=None):
        # What lies below a mapped package is found in its folder by Python's own path
        # finder, which comes before the installed checkout's (appended) finder.
        folder = self.folders.get(fullname)
        if folder is None:
            return None
        return importlib.util.spec_from_file_location(
            fullname, folder / "__init__.py", submodule_search_locations=[str(folder)])


def child(checkout: Path, home: str, rounds: int, only: list[str] | None) -> None:
    """The mix, one warm round and `rounds` more, in this process (run under callgrind)."""
    if checkout.resolve() != ROOT:
        sys.meta_path.insert(0, _CheckoutFinder(checkout))
    sys.path.insert(0, str(ROOT / "bench"))
    import web_urls
    from cancu.services import Services
    from cancu.web.app import create_app
    from cancu.workspace import Workspace

    app = create_app(Services(Workspace.locate(home)), config={"RESPONSE_CACHE_SIZE": 0})
    client = app.test_client()
    kinds = web_urls.page_urls(lambda path: client.get(path).get_json(), per_kind=8)
    kinds.pop("_documents")
    kinds.pop("sparql")
    urls = [u for kind, variants in kinds.items() if not only or kind in only for u in variants]
    print(f"urls {len(urls)}", file=sys.stderr)
    for _ in range(1 + rounds):
        for url in urls:
            response = client.get(url)
            response.get_data()
            if response.status_code not in (200, 409):
                sys.exit(f"{url}: HTTP {response.status_code}")


def count(checkout: Path, home: str, rounds: int, only: str | None) -> tuple[int, int]:
    """(instructions, URLs a round) of one child run under callgrind."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
               "--child", str(checkout), "--home", home, "--rounds", str(rounds)] + (["--only", only] if only else [])
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    collected = re.search(r"Collected : (\d+)", run.stderr)
    urls = re.search(r"^urls (\d+)$", run.stderr, re.M)
    if run.returncode != 0 or not collected or not urls:
        sys.exit(f"{checkout}: the run under callgrind failed ({run.returncode}):\n{run.stderr[-2000:]}")
    return int(collected.group(1)), int(urls.group(1))


def measure(checkout: Path, home: str, rounds: int, only: str | None) -> tuple[float, int]:
    """(instructions per request, URLs a round) of one checkout."""
    base, urls = count(checkout, home, 0, only)
    more, _ = count(checkout, home, rounds, only)
    return (more - base) / (rounds * urls), urls


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--home", required=True, help="the workspace to serve (read only)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--only", help="comma-separated page kinds (bench/web_urls.py), default all but SPARQL")
    p.add_argument("--checkout", action="append", default=[],
                   help="another checkout to measure too (repeat); the first figure is this one's")
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args()
    only = args.only.split(",") if args.only else None
    if args.child:
        child(Path(args.child), args.home, args.rounds, only)
        return 0
    checkouts = [ROOT] + [Path(c).resolve() for c in args.checkout]
    with ThreadPoolExecutor(max_workers=2) as pool:
        figures = list(pool.map(lambda c: measure(c, args.home, args.rounds, args.only), checkouts))
    first = figures[0][0]
    print(f"{args.home}: {figures[0][1]} URLs a round ({args.only or 'every page kind but SPARQL'}), "
          f"{args.rounds} rounds; instructions per request (callgrind)")
    for checkout, (per_request, _) in zip(checkouts, figures):
        print(f"  {per_request / 1e6:9.2f} M  ×{per_request / first:.3f}  {checkout}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

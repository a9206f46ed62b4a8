"""What a checkpoint's counts cost (kg/store/counts_index.py), on an ingested workspace.

    .venv/bin/python bench/counts_cost.py --home bench/out/ws-ingest-100000 [--graphs 200]

Prints the time to build `counts.sqlite` from scratch for the newest checkpoint, to count
`--graphs` random graphs again on top of it (what a publish does for the graphs written
since the previous one), and to read the figures; then counts on the store itself, the
way readers did before, and says whether the three agree. Files go to a temporary folder:
the workspace is only read.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cancu.kg.store import counts_index  # noqa: E402
from cancu.kg.store.snapshots import open_reader  # noqa: E402


def timed(what: str, work):
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    print(f"{what}: {time.perf_counter() - wall:.2f} s wall, {time.process_time() - cpu:.2f} s CPU")
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--home", type=Path, required=True, help="a workspace made by `cancu ingest`")
    p.add_argument("--graphs", type=int, default=200, help="graphs counted again (default 200)")
    args = p.parse_args(argv)
    with open_reader(args.home / "store") as store, tempfile.TemporaryDirectory() as tmp:
        built, again = Path(tmp) / "built", Path(tmp) / "again"
        built.mkdir()
        again.mkdir()
        timed("build from scratch", lambda: counts_index.write(store, built))
        graphs = sorted(g.value for g in store.oxigraph.named_graphs())
        some = set(random.Random(1).sample(graphs, min(args.graphs, len(graphs))))
        timed(f"{len(some)} graphs counted again", lambda: counts_index.write(
            store, again, base=built / counts_index.FILE, changed=some))
        index = counts_index.CountsIndex(built / counts_index.FILE)
        from_index = timed("read from the index", index.stats)
        updated = counts_index.CountsIndex(again / counts_index.FILE).stats()
        index.close()
        scanned = timed("counted on the store", lambda: _scan(store))
    print(from_index)
    print("agree:", from_index == updated == scanned)
    return 0 if from_index == updated == scanned else 1


def _scan(store) -> dict[str, int]:
    """The store's own count, the index set aside."""
    real = counts_index.for_checkpoint
    counts_index.for_checkpoint = lambda _store: None
    try:
        return store.stats()
    finally:
        counts_index.for_checkpoint = real


if __name__ == "__main__":
    sys.exit(main())

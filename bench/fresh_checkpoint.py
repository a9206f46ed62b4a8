"""What a checkpoint's index files cost when there is no previous one to update (a writer's
first checkpoint, or the first after a kill, an import or an update that may touch any
graph), on an ingested workspace.

    .venv/bin/python bench/fresh_checkpoint.py --home bench/out/ws-ingest-10000

Writes the six files (`kg/store/snapshots.index_writers` with no previous folder) for the
newest checkpoint into a temporary folder, and prints the wall and CPU time, the peak RSS of
this process before and after, and each file's size. The workspace is only read.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cancu.kg.store.checkpoint_index import write_indexes  # noqa: E402
from cancu.kg.store.snapshots import index_writers, open_reader  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--home", type=Path, required=True, help="a workspace made by `cancu ingest`")
    args = p.parse_args(argv)
    with open_reader(args.home / "store") as store, tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp)
        graphs = len(store.graphs())
        before = peak_mb()
        wall, cpu = time.perf_counter(), time.process_time()
        write_indexes(store, index_writers(target, None, None))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"{graphs} graphs, six index files written fresh: {wall:.1f} s wall, {cpu:.1f} s CPU; "
              f"peak RSS {before:.0f} MB before, {peak_mb():.0f} MB after")
        for file in sorted(target.iterdir()):
            print(f"  {file.name}: {file.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

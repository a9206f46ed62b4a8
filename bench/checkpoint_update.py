"""What a checkpoint's index files cost to update as a long ingest publishes them, on an
ingested workspace: a twentieth of the store's documents new since the previous checkpoint
(`cancu.ingest.PUBLISH_SHARE`).

    .venv/bin/python bench/checkpoint_update.py --home bench/out/ws-ingest-10000

Takes a random `--share`-th of the newest checkpoint's documents and writes the six index
files without them into a temporary folder: the "previous checkpoint". Then times, in CPU
(system time included: copying a file is the kernel's work), the update that puts them back:
each previous file copied, the documents' graphs read again, each file completed. The
previous files are read once first, as a just-written file is in the page cache. The copy of
the graphs into memory that the files read is timed apart: here it reads the store, where an
ingest copies the text it wrote. Run at two sizes, a part whose cost a document grows with
the store shows itself. The workspace is only read.
"""
from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cancu.ingest import PUBLISH_SHARE  # noqa: E402
from cancu.kg.store.checkpoint_index import GRAPHS_PER_COPY, write_indexes  # noqa: E402
from cancu.kg.store.graph import GraphStore  # noqa: E402
from cancu.kg.store.snapshots import index_writers, open_reader  # noqa: E402


def read_through(folder: Path) -> None:
    """Every index file of `folder` read once, into the page cache."""
    for file in folder.glob("*.sqlite"):
        with file.open("rb") as f:
            while f.read(1 << 24):
                pass


def row_counts(folder: Path) -> dict[tuple[str, str], int]:
    """(file, table) → its rows, for every index file of `folder`."""
    found = {}
    for file in sorted(folder.glob("*.sqlite")):
        with sqlite3.connect(f"file:{file}?mode=ro", uri=True) as db:
            tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for table in tables:
                found[file.name, table] = db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
    return found


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--home", type=Path, required=True, help="a workspace made by `cancu ingest`")
    p.add_argument("--share", type=int, default=PUBLISH_SHARE,
                   help=f"documents new to the update: the store's documents / SHARE (default {PUBLISH_SHARE})")
    p.add_argument("--seed", type=int, default=38)
    args = p.parse_args(argv)
    if args.share < 1:
        p.error(f"--share must be 1 or more, not {args.share}")
    with open_reader(args.home / "store") as store, tempfile.TemporaryDirectory() as tmp:
        documents = store.documents()
        if not documents:
            p.error(f"{args.home}: the newest checkpoint holds no document")
        chosen = sorted(random.Random(args.seed).sample(documents, max(1, len(documents) // args.share)))
        previous, target = Path(tmp) / "previous", Path(tmp) / "target"
        previous.mkdir()
        target.mkdir()
        # The newest checkpoint's files without the chosen documents: their graphs read
        # again from a store that holds none of them.
        write_indexes(GraphStore.in_memory(), index_writers(previous, Path(store.path), set(chosen)))
        read_through(previous)

        cpu: dict[str, float] = {}
        start = time.process_time()
        parts = [chosen[i:i + GRAPHS_PER_COPY] for i in range(0, len(chosen), GRAPHS_PER_COPY)]
        copies = [store.copy_of(part) for part in parts]
        cpu["the graphs copied into memory (from the store)"] = time.process_time() - start
        start = time.process_time()
        writers = index_writers(target, previous, set(chosen))
        cpu["the previous files copied"] = time.process_time() - start
        for writer in writers:
            name = writer.FILE.removesuffix(".sqlite")
            start = time.process_time()
            for part, copy in zip(parts, copies):
                writer.read_again(copy, part)
            middle = time.process_time()
            writer.finish(store)
            cpu[f"{name}: graphs read again"] = middle - start
            cpu[f"{name}: completed"] = time.process_time() - middle
        n = len(chosen)
        print(f"{len(documents)} documents, {n} new to the update (the documents / {args.share}); CPU, s and ms a document:")
        for part, seconds in cpu.items():
            print(f"  {part:<50} {seconds:8.2f} s {1000 * seconds / n:8.3f} ms")
        update = sum(s for part, s in cpu.items() if not part.startswith("the graphs copied"))
        print(f"  {'the update (all but the graphs copied)':<50} {update:8.2f} s {1000 * update / n:8.3f} ms")
        # The update must give back the checkpoint's rows, from files that lacked some.
        published, before, after = row_counts(Path(store.path)), row_counts(previous), row_counts(target)
        fewer = sorted({file for (file, table), rows in before.items() if rows < published[file, table]})
        differ = sorted({file for key, rows in after.items() if rows != published.get(key)})
        print(f"  the previous files lacked rows in: {', '.join(fewer) or 'none'}")
        same = not differ and len(after) == len(published)
        print(f"  the updated files hold the checkpoint's rows: {'yes, all six' if same else 'NO: ' + ', '.join(differ)}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

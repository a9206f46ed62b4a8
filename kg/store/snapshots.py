"""Readers keep answering while a writer ingests.

Oxigraph admits one writing process, and pyoxigraph 0.5 cannot read a store that
another process is writing (kg/store/graph.py). So readers never open the live store:

- the writer (`cancu ingest`, `remove`, `registry load`, an upload) opens the
  live store, and after each batch *publishes* a checkpoint of it: a RocksDB
  backup in `snapshots/<time>`, made of hard links, so it costs little, with
  its "who cites X" index (kg/store/cites_index.py), its obligations
  (kg/store/obligations_index.py), its chain graph (kg/store/chains_index.py), its
  document list (kg/store/documents_index.py), its audit findings placed in their text
  (kg/store/findings_index.py) and its counts (kg/store/counts_index.py) written before
  the `ready` mark;
- readers (CLI queries, the web server) open the newest published checkpoint
  read-only, and a long-running reader switches to a newer one when it appears;
- old checkpoints are deleted once no reader holds them (readers hold a shared
  flock on the checkpoint they use).

A reader therefore sees the state of the last committed batch, never a half
written one, and never blocks the writer.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import threading
import time
from pathlib import Path

from cancu.kg.store import chains_index, cites_index, counts_index, documents_index, findings_index, obligations_index
from cancu.kg.store.checkpoint_index import IndexWriter, write_indexes
from cancu.kg.store.graph import LOCK_FILE, GraphStore, StoreError, StoreLockedError

LIVE = "live"
SNAPSHOTS = "snapshots"
KEEP = 2      # newest checkpoints kept even when unused


def live_dir(root: Path) -> Path:
    return root / LIVE


def snapshots(root: Path) -> list[Path]:
    """Published checkpoints, oldest first (names are nanosecond timestamps)."""
    folder = root / SNAPSHOTS
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if p.is_dir() and p.name.isdigit()
                   and (p / "ready").exists()), key=lambda p: int(p.name))


def open_writer(root: Path) -> GraphStore:
    return GraphStore.open(live_dir(root))


def publish(store: GraphStore, root: Path) -> Path:
    """Checkpoint the writer's committed state for readers; prune unused old ones."""
    target = root / SNAPSHOTS / str(time.time_ns())
    store.snapshot(target)
    # Nothing writes between the backup and here (one writer, this call), so
    # the indexes describe exactly this checkpoint. Each is the previous checkpoint's
    # with the graphs written since read again, all from one copy of those graphs.
    base = store.last_cites_index
    previous = base.parent if base is not None and base.exists() else None
    index = write_indexes(store, index_writers(target, previous, store.changed_graphs, store.hashed_graphs))[0]
    (target / "ready").touch()          # a reader never opens a half-made checkpoint
    # The folder's modification time tells following readers to look (FollowingReader).
    os.utime(target.parent)
    store.mark_published(index)
    _prune(root)
    return target


def index_writers(target: Path, previous: Path | None, changed: set[str] | None,
                  hashed: set[str] = frozenset()) -> list[IndexWriter]:
    """The writers of a checkpoint's index files, the cites index first (its path marks the
    checkpoint published): each the file of the `previous` checkpoint folder with the graphs
    `changed` since read again, or, with no previous folder or `changed` None, a fresh file."""
    def from_previous(writer: type[IndexWriter], **graphs) -> IndexWriter:
        return writer(target, base=previous / writer.FILE if previous is not None else None, **graphs)

    return [
        from_previous(cites_index.CitesWriter, changed=changed),
        from_previous(obligations_index.ObligationsWriter, changed=changed),
        from_previous(chains_index.ChainsWriter, changed=changed),
        from_previous(documents_index.DocumentsWriter, changed=changed),
        from_previous(findings_index.FindingsWriter, changed=changed),
        # The counts also of the graphs given only a content hash since.
        from_previous(counts_index.CountsWriter, changed=changed, hashed=hashed),
    ]


def _unfinished(root: Path) -> list[Path]:
    """Checkpoint folders a killed writer left without their `ready` mark. Only
    the writer (which holds the live store) publishes, so when it prunes, no
    other unfinished checkpoint can be in progress."""
    folder = root / SNAPSHOTS
    if not folder.is_dir():
        return []
    return [p for p in folder.iterdir() if p.is_dir() and not (p / "ready").exists()]


def _prune(root: Path) -> None:
    for old in snapshots(root)[:-KEEP] + _unfinished(root):
        lock_path = old / LOCK_FILE
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue                    # a reader still uses it; a later publish removes it
        try:
            shutil.rmtree(old)
        finally:
            os.close(fd)


def open_reader(root: Path) -> GraphStore:
    """The newest published state, read-only. Publishes a first checkpoint if the
    live store has none yet and no writer is busy."""
    found = snapshots(root)
    if not found:
        if not live_dir(root).exists():
            raise StoreError(f"no graph store at {root} (nothing ingested yet?)")
        try:
            writer = open_writer(root)
        except StoreLockedError as e:
            raise StoreLockedError(
                f"{root}: lần nạp đầu tiên đang chạy, chưa có dữ liệu để đọc — thử lại sau / "
                f"the first ingest is still running; nothing published to read yet ({e})") from e
        try:
            publish(writer, root)
        finally:
            writer.close()
        found = snapshots(root)
    return GraphStore.open(found[-1], read_only=True)


class FollowingReader:
    """A reader for a long-running process: switches to newer checkpoints.

    `current()` is cheap: one stat of the checkpoints folder, whose modification time
    `publish` moves once a checkpoint is ready; the folder is listed again when it
    moved, and at least every `interval` s in case two changes fell in one tick of the
    file system's clock. The previous store stays open until the next switch so
    requests already using it can finish.
    """

    def __init__(self, root: Path, interval: float = 1.0):
        self.root = root
        self.interval = interval
        self._lock = threading.Lock()
        self._seen = self._stamp()
        self._store = open_reader(root)
        self._path = self._store.path
        self._retired: GraphStore | None = None
        self._checked = time.monotonic()

    def _stamp(self) -> int:
        try:
            return os.stat(self.root / SNAPSHOTS).st_mtime_ns
        except FileNotFoundError:
            return 0

    def current(self) -> GraphStore:
        now = time.monotonic()
        if now - self._checked < self.interval and self._stamp() == self._seen:
            return self._store
        return self.refresh()

    def refresh(self) -> GraphStore:
        """Look for a newer checkpoint now (a process that just published one reads it next)."""
        with self._lock:
            self._checked = time.monotonic()
            self._seen = self._stamp()        # before listing: a publish after it moves it again
            found = snapshots(self.root)
            if found and found[-1] != self._path:
                newer = GraphStore.open(found[-1], read_only=True)
                if self._retired is not None:
                    self._retired.close()
                self._retired, self._store, self._path = self._store, newer, found[-1]
            return self._store

    def close(self) -> None:
        for s in (self._retired, self._store):
            if s is not None:
                s.close()

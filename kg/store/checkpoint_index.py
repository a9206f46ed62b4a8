"""What the per-checkpoint sqlite indexes share (kg/store/cites_index.py, obligations_index.py,
chains_index.py): writing a checkpoint's file from the previous one, a read-only connection
that the threads of a reader share, and the one index opened per checkpoint store, closed
with the store."""
from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Generic, TypeVar


def write_from_previous(path: Path, *, base: Path | None, changed: set[str] | None,
                        rebuild_above: int, documents_in: Callable[[sqlite3.Connection], int],
                        build: Callable[[sqlite3.Connection], None],
                        update: Callable[[sqlite3.Connection, set[str]], None]) -> Path:
    """Write a checkpoint's index file at `path`: a copy of the previous checkpoint's file
    (`base`) with only the graphs written since (`changed`) read again, unless more of them
    changed than `rebuild_above` and a quarter of its documents, when reading the whole
    store is cheaper; then a fresh `build`. Written aside and moved in whole."""
    tmp = path.with_name(path.name + ".tmp")
    if tmp.exists():
        tmp.unlink()
    incremental = base is not None and base.exists() and changed is not None
    if incremental:
        shutil.copyfile(base, tmp)
        probe = sqlite3.connect(tmp)
        try:
            documents = documents_in(probe)
        finally:
            probe.close()
        incremental = len(changed) <= max(rebuild_above, documents // 4)
        if not incremental:
            tmp.unlink()
    db = sqlite3.connect(tmp)
    try:
        unjournaled(db)
        with db:
            if incremental:
                update(db, changed)
            else:
                build(db)
    finally:
        db.close()
    os.replace(tmp, path)
    return path


def unjournaled(db: sqlite3.Connection) -> None:
    """Settings for a file written aside and moved in whole once complete: a failed write
    leaves only the aside file, which the next one replaces, so it keeps no rollback journal
    (a copy of every page an update touches first, more of them as the file grows) and
    waits for no disk sync."""
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")


class ReadOnlyIndex:
    """A checkpoint's sqlite file opened read-only (it never changes once published)."""

    def __init__(self, path: Path | None = None, *, db: sqlite3.Connection | None = None):
        """The file at `path`, or `db`, a database made for this process alone."""
        self._db = db if db is not None else sqlite3.connect(
            f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        self._lock = threading.Lock()

    def all(self, sql: str, args: Sequence[object] = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, list(args)).fetchall()

    def close(self) -> None:
        self._db.close()


I = TypeVar("I", bound=ReadOnlyIndex)


class PerCheckpoint(Generic[I]):
    """One index of a kind per checkpoint: opened on first use, closed when the store goes.
    When the checkpoint has no file (published by older code): None, or what
    `make_missing(store, path)` makes of it."""

    def __init__(self, file: str, open_index: Callable[[Path], I],
                 make_missing: Callable[[object, Path], I | None] | None = None):
        self._file = file
        self._open_index = open_index
        self._make_missing = make_missing
        self._open: "weakref.WeakKeyDictionary[object, I | None]" = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def of(self, store) -> I | None:
        """The index of a checkpoint (a store opened read-only), None when it has none."""
        if not getattr(store, "read_only", False) or getattr(store, "path", None) is None:
            return None
        with self._lock:
            if store in self._open:
                return self._open[store]
            path = Path(store.path) / self._file
            if path.exists():
                found = self._open_index(path)
            else:
                found = self._make_missing(store, path) if self._make_missing is not None else None
            self._open[store] = found
            if found is not None:
                weakref.finalize(store, found.close)
            return found

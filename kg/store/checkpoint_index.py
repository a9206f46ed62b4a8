"""What the per-checkpoint sqlite indexes share (kg/store/cites_index.py, kg/store/obligations_index.py):
a read-only connection that the threads of a reader share, and the one index opened per
checkpoint store, closed with the store."""
from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Generic, TypeVar


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

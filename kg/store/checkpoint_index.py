"""What the per-checkpoint sqlite indexes share (kg/store/cites_index.py, obligations_index.py,
chains_index.py, documents_index.py, findings_index.py, counts_index.py): writing a
checkpoint's files from the previous ones, a read-only connection that the threads of a
reader share, and the one index opened per checkpoint store, closed with the store."""
from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import ClassVar, Generic, TypeVar


class IndexWriter:
    """One checkpoint index file, written aside and moved in whole by `finish`: a copy of
    the previous checkpoint's file (`base`) whose graphs written since (`changed`) are read
    again (`read_again`); or, with no previous file, or one of an older layout
    (`base_usable`), a fresh file (`create`) into which every graph of the store is read
    the same way, a copy at a time, so that memory stays that of one copy at any size.

    A subclass names its `FILE` and says how to make its empty tables, replace the rows of
    some graphs, and (`complete`) derive what depends on all of them. `write_indexes`
    drives several writers of one checkpoint together."""

    FILE: ClassVar[str]

    def __init__(self, target: Path, *, base: Path | None, changed: set[str] | None):
        self.path = target / self.FILE
        self._tmp = self.path.with_name(self.path.name + ".tmp")
        if self._tmp.exists():
            self._tmp.unlink()
        incremental = base is not None and base.exists() and changed is not None
        if incremental:
            shutil.copyfile(base, self._tmp)
        self.db = self._connect()
        if incremental and not self.base_usable():
            self.db.close()
            self._tmp.unlink()
            self.db = self._connect()
            incremental = False
        # The graphs to read again; None: a fresh file, which reads every graph.
        self.graphs: set[str] | None = set(changed) if incremental else None

    @property
    def fresh(self) -> bool:
        return self.graphs is None

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self._tmp)
        unjournaled(db)
        return db

    def base_usable(self) -> bool:
        """Whether the previous file (copied into `db`) has this code's layout; one written by
        older code that lacks a table is built afresh instead of updated."""
        return True

    def create(self) -> None:
        """Make the tables of the empty file."""
        raise NotImplementedError

    def read_again(self, source, graphs: list[str]) -> None:
        """Replace the rows of `graphs` with what `source` (a GraphStore holding at least
        them) says of them; a graph it does not hold has none."""
        raise NotImplementedError

    def complete(self, store) -> None:
        """What depends on all the graphs, once every graph has been read (again)."""

    def finish(self, store) -> Path:
        try:
            self.complete(store)
            self.db.commit()
        finally:
            self.db.close()
        os.replace(self._tmp, self.path)
        return self.path

    def abandon(self) -> None:
        """Stop without moving the file in (the next write of the file replaces it)."""
        self.db.close()


# Graphs copied into memory at a time for the indexes to read (write_indexes): about 130 kB
# of copy each at 10k generated plans.
GRAPHS_PER_COPY = 250


def write_indexes(store, writers: Sequence[IndexWriter]) -> list[Path]:
    """Write a checkpoint's indexes from `store` (a GraphStore). The graphs any of them reads
    again (every graph of the store, for a fresh file) are copied into memory,
    `GRAPHS_PER_COPY` at a time (`GraphStore.copy_of`: from the text the writer wrote them
    with, when it kept it), and each index reads its own from the copy. Every index queried
    the store itself before, and its look-ups in RocksDB, a string read for every term, were
    most of a checkpoint's cost: at 10k generated plans, 300 graphs, 4.9 s of CPU for the
    five indexes, against 1.1 s to copy them from the store (0.4 s from their text) and 1.8 s
    to read them from the copy. A fresh file read the whole store in one query before, and
    most held every row at once: 1,455 MB at 16k documents, growing with the store."""
    try:
        wanted: set[str] = set()
        for writer in writers:
            if writer.fresh:
                writer.create()
            else:
                wanted |= writer.graphs
        if any(writer.fresh for writer in writers):
            wanted.update(store.graphs())
        ordered = sorted(wanted)
        for i in range(0, len(ordered), GRAPHS_PER_COPY):
            part = ordered[i:i + GRAPHS_PER_COPY]
            copy = store.copy_of(part)
            for writer in writers:
                mine = part if writer.fresh else [g for g in part if g in writer.graphs]
                if mine:
                    writer.read_again(copy, mine)
        return [writer.finish(store) for writer in writers]
    except BaseException:
        for writer in writers:
            writer.abandon()
        raise


def unjournaled(db: sqlite3.Connection) -> None:
    """Settings for a file written aside and moved in whole once complete: a failed write
    leaves only the aside file, which the next one replaces, so it keeps no rollback journal
    (a copy of every page an update touches first, more of them as the file grows) and
    waits for no disk sync."""
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")


class GraphRowsWriter(IndexWriter):
    """An index of one table whose rows each name their graph (a `graph` column): a graph
    read again by replacing its rows. A subclass gives the `SCHEMA` that makes its `TABLE`
    and the `rows` of a source's graphs."""

    SCHEMA: ClassVar[str]
    TABLE: ClassVar[str]

    def rows(self, source, graphs: list[str]) -> Iterable[tuple]:
        """The rows of `graphs` in `source`."""
        raise NotImplementedError

    def create(self) -> None:
        self.db.executescript(self.SCHEMA)

    def read_again(self, source, graphs: list[str]) -> None:
        self.db.executemany(f"DELETE FROM {self.TABLE} WHERE graph = ?", ((g,) for g in graphs))
        self._insert(self.rows(source, graphs))

    def _insert(self, rows: Iterable[tuple]) -> None:
        columns = len(self.db.execute(f"SELECT * FROM {self.TABLE} LIMIT 0").description)
        self.db.executemany(f"INSERT INTO {self.TABLE} VALUES ({', '.join('?' * columns)})", rows)


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

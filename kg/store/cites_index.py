"""Who cites X, precomputed for one checkpoint.

Ordering every mention of a much-cited instrument costs a scan of all of them
(164 ms p95 at 10k documents for 8,639 mentions), while a first page needs
fifty. So the writer, when it publishes a checkpoint (kg/store/snapshots.py), writes
beside it `cites.sqlite`: one row per (instrument, mention) keyed in the order
`cancu.kg.queries.named.Citations` shows them (document id, start, instrument, mention).
A first page and the total are then two index look-ups.

The file is made inside the checkpoint folder before its `ready` mark, so it
belongs to that checkpoint alone and can never describe another state; a
killed writer leaves an unready folder that the next publish removes.
Checkpoints published by older code have no file: readers then scan.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

from cancu.kg.store.checkpoint_index import PerCheckpoint, ReadOnlyIndex, unjournaled
from cancu.kg.vocab import PREFIXES

FILE = "cites.sqlite"
Key = tuple[str, int, str, str, str]     # document id, start, instrument, mention, document IRI

_SCHEMA = """
CREATE TABLE cites (instrument TEXT NOT NULL, doc_id TEXT NOT NULL, start INTEGER NOT NULL,
                    mention TEXT NOT NULL, doc_iri TEXT NOT NULL,
                    PRIMARY KEY (instrument, doc_id, start, mention, doc_iri)) WITHOUT ROWID;
CREATE INDEX cites_by_document ON cites (doc_iri);
"""
_ALL_MENTIONS = """
SELECT ?doc ?m ?i ?id WHERE { GRAPH ?doc { ?m cancu:resolvedTo ?i OPTIONAL { ?doc cancu:documentId ?id } } }
"""
_GRAPH_MENTIONS = """
SELECT ?m ?i ?id WHERE { GRAPH %(g)s { ?m cancu:resolvedTo ?i OPTIONAL { %(g)s cancu:documentId ?id } } }
"""


def _start(mention: str) -> int:
    start = mention.rpartition("#m")[2].partition("-")[0]
    return int(start) if start.isdigit() else -1


def _rows_of_all(store: ox.Store) -> Iterator[tuple[str, str, int, str, str]]:
    for doc, m, i, doc_id in store.query(_ALL_MENTIONS, prefixes=PREFIXES):
        yield (i.value, doc_id.value if doc_id is not None else doc.value,
               _start(m.value), m.value, doc.value)


def _rows_of(store: ox.Store, graphs: Iterable[str]) -> Iterator[tuple[str, str, int, str, str]]:
    for graph in graphs:
        node = str(ox.NamedNode(graph))
        for m, i, doc_id in store.query(_GRAPH_MENTIONS % {"g": node}, prefixes=PREFIXES):
            yield (i.value, doc_id.value if doc_id is not None else graph,
                   _start(m.value), m.value, graph)


def write(store: ox.Store, target: Path, *, base: Path | None = None,
          changed: set[str] | None = None) -> Path:
    """Write the index of `store` into the checkpoint folder `target`.

    With `base` (the index of the previous checkpoint of the same writer) and
    `changed` (the graphs written since), only those graphs are read again;
    otherwise every mention is."""
    path = target / FILE
    tmp = target / (FILE + ".tmp")
    incremental = base is not None and changed is not None and base.exists()
    if incremental:
        shutil.copyfile(base, tmp)
    elif tmp.exists():
        tmp.unlink()
    db = sqlite3.connect(tmp)
    try:
        unjournaled(db)
        with db:
            if incremental:
                db.executemany("DELETE FROM cites WHERE doc_iri = ?", ((g,) for g in changed))
                rows = _rows_of(store, sorted(changed))
            else:
                db.executescript(_SCHEMA)
                rows = _rows_of_all(store)
            db.executemany("INSERT OR IGNORE INTO cites VALUES (?, ?, ?, ?, ?)", rows)
    finally:
        db.close()
    os.replace(tmp, path)
    return path


class CitesIndex(ReadOnlyIndex):
    """A checkpoint's index, read-only; shared by the threads of a reader."""

    def keys(self, instrument_iris: list[str]) -> "IndexedKeys":
        return IndexedKeys(self, instrument_iris)


class IndexedKeys(Sequence[Key]):
    """The ordered keys of some instruments' mentions, read a range at a time."""

    def __init__(self, index: CitesIndex, instrument_iris: list[str]):
        self._index = index
        self._iris = list(instrument_iris)
        marks = ",".join("?" * len(self._iris))
        self._where = f"instrument IN ({marks})"
        self._len = index.all(f"SELECT COUNT(*) FROM cites WHERE {self._where}", self._iris)[0][0]
        self._got: dict[int, Key] = {}

    def __len__(self) -> int:
        return self._len

    def _range(self, first: int, count: int) -> list[Key]:
        rows = self._index.all(
            f"SELECT doc_id, start, instrument, mention, doc_iri FROM cites WHERE {self._where} "
            "ORDER BY doc_id, start, instrument, mention, doc_iri LIMIT ? OFFSET ?",
            [*self._iris, count, first])
        for n, row in enumerate(rows):
            self._got[first + n] = row
        return rows

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            wanted = range(*index.indices(self._len))
            if not wanted:
                return []
            if wanted.step == 1:
                self._range(wanted[0], len(wanted))
            return [self[i] for i in wanted]
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            raise IndexError(index)
        found = self._got.get(index)
        if found is None:
            found = self._range(index, 1)[0]
        return found

    def __iter__(self):
        return iter(self[:])


_OPENED: PerCheckpoint[CitesIndex] = PerCheckpoint(FILE, CitesIndex)


def for_checkpoint(store) -> CitesIndex | None:
    """The index of a checkpoint (a store opened read-only), None when it has none."""
    return _OPENED.of(store)

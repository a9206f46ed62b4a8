"""Who cites X, precomputed for one checkpoint.

Ordering every mention of a much-cited instrument costs a scan of all of them
(164 ms p95 at 10k documents for 8,639 mentions), while a first page needs
fifty. So the writer, when it publishes a checkpoint (kg/store/snapshots.py), writes
beside it `cites.sqlite`: one row per (instrument, mention) keyed in the order
`cancu.kg.queries.named.Citations` shows them (document id, start, instrument, mention).
A first page and the total are then two index look-ups. Beside each mention it keeps
the mention's evidence (the JSON literal of what a citation row shows,
kg/triples/document.py), so a page's rows are read with its keys: read from the store
one mention at a time, fifty rows cost 1.5–4 ms at 10k documents, the most of an
instrument API page and, under the web benchmark's load, 15% of the workers' time.

The file is made inside the checkpoint folder before its `ready` mark, so it
belongs to that checkpoint alone and can never describe another state; a
killed writer leaves an unready folder that the next publish removes.
Checkpoints published by older code have no file: readers then scan.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

from cancu.kg.store.checkpoint_index import IndexWriter, PerCheckpoint, ReadOnlyIndex
from cancu.kg.store.graph import named_nodes
from cancu.kg.vocab import PREFIXES

FILE = "cites.sqlite"
Key = tuple[str, int, str, str, str]     # document id, start, instrument, mention, document IRI

_SCHEMA = """
CREATE TABLE cites (instrument TEXT NOT NULL, doc_id TEXT NOT NULL, start INTEGER NOT NULL,
                    mention TEXT NOT NULL, doc_iri TEXT NOT NULL,
                    PRIMARY KEY (instrument, doc_id, start, mention, doc_iri)) WITHOUT ROWID;
CREATE INDEX cites_by_document ON cites (doc_iri);
CREATE TABLE evidence (doc_iri TEXT NOT NULL, mention TEXT NOT NULL, evidence TEXT NOT NULL,
                       PRIMARY KEY (doc_iri, mention)) WITHOUT ROWID;
"""
# Of the graphs a query's `named_graphs` names.
_ALL_MENTIONS = """
SELECT ?doc ?m ?i ?id ?ev WHERE { GRAPH ?doc { ?m cancu:resolvedTo ?i
    OPTIONAL { ?doc cancu:documentId ?id } OPTIONAL { ?m cancu:evidence ?ev } } }
"""


def _start(mention: str) -> int:
    start = mention.rpartition("#m")[2].partition("-")[0]
    return int(start) if start.isdigit() else -1


def _rows(store, graphs: list[str]) -> Iterator[tuple[str, str, int, str, str, str | None]]:
    """The rows of `graphs` in `store` (a GraphStore), each with its mention's evidence
    (None when the store has none for it)."""
    solutions = store.oxigraph.query(_ALL_MENTIONS, prefixes=PREFIXES, named_graphs=named_nodes(graphs))
    for doc, m, i, doc_id, ev in solutions:
        yield (i.value, doc_id.value if doc_id is not None else doc.value,
               _start(m.value), m.value, doc.value, ev.value if ev is not None else None)


def _insert(db: sqlite3.Connection, rows: Iterator[tuple[str, str, int, str, str, str | None]]) -> None:
    # A mention resolved to several instruments is a row for each, and one evidence.
    found = list(rows)          # of one copy's graphs (checkpoint_index.write_indexes)
    db.executemany("INSERT OR IGNORE INTO cites VALUES (?, ?, ?, ?, ?)", (row[:5] for row in found))
    db.executemany("INSERT OR IGNORE INTO evidence VALUES (?, ?, ?)",
                   ((row[4], row[3], row[5]) for row in found if row[5] is not None))


class CitesWriter(IndexWriter):
    """Writes a checkpoint's "who cites X" (checkpoint_index.write_indexes); a previous
    checkpoint's file is always updated, whatever the number of graphs written since,
    unless older code wrote it without the evidence (then it is built afresh)."""

    FILE = FILE

    def base_usable(self) -> bool:
        return _has_evidence(self.db)

    def create(self) -> None:
        self.db.executescript(_SCHEMA)

    def read_again(self, source, graphs: list[str]) -> None:
        self.db.executemany("DELETE FROM cites WHERE doc_iri = ?", ((g,) for g in graphs))
        self.db.executemany("DELETE FROM evidence WHERE doc_iri = ?", ((g,) for g in graphs))
        _insert(self.db, _rows(source, graphs))


def _has_evidence(db: sqlite3.Connection) -> bool:
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'evidence'")
    return found.fetchone() is not None


class CitesIndex(ReadOnlyIndex):
    """A checkpoint's index, read-only; shared by the threads of a reader."""

    def __init__(self, path: Path | None = None, *, db: sqlite3.Connection | None = None):
        super().__init__(path, db=db)
        self.has_evidence = _has_evidence(self._db)     # False in a file of older code

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
        self._evidence: dict[int, str] = {}

    def __len__(self) -> int:
        return self._len

    @property
    def keeps_evidence(self) -> bool:
        """Whether a range of keys is read with its evidence (a file of older code keeps none)."""
        return self._index.has_evidence

    def evidence(self, index: int) -> str | None:
        """The evidence of the key at `index`, once a look-up has read it; None when it has
        not, or when the file keeps none (older code) or the store had none for it."""
        return self._evidence.get(index)

    def _range(self, first: int, count: int) -> list[Key]:
        # A file of older code has no evidence to join: its rows read NULL.
        evidence, join = ("e.evidence", "LEFT JOIN evidence e ON e.doc_iri = c.doc_iri AND e.mention = c.mention") \
            if self._index.has_evidence else ("NULL", "")
        found = self._index.all(
            f"SELECT c.doc_id, c.start, c.instrument, c.mention, c.doc_iri, {evidence} FROM cites c {join} "
            f"WHERE c.{self._where} ORDER BY c.doc_id, c.start, c.instrument, c.mention, c.doc_iri "
            "LIMIT ? OFFSET ?", [*self._iris, count, first])
        keys = [row[:5] for row in found]
        for n, (key, row) in enumerate(zip(keys, found), first):
            self._got[n] = key
            if row[5] is not None:
                self._evidence[n] = row[5]
        return keys

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

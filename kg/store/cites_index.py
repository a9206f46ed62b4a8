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

from collections.abc import Iterator, Sequence

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
"""
# Of the whole store, or of the graphs a query's `named_graphs` names.
_ALL_MENTIONS = """
SELECT ?doc ?m ?i ?id WHERE { GRAPH ?doc { ?m cancu:resolvedTo ?i OPTIONAL { ?doc cancu:documentId ?id } } }
"""


def _start(mention: str) -> int:
    start = mention.rpartition("#m")[2].partition("-")[0]
    return int(start) if start.isdigit() else -1


def _rows(store, graphs: list[str] | None) -> Iterator[tuple[str, str, int, str, str]]:
    """The rows of every graph of `store` (a GraphStore), or of `graphs`."""
    solutions = store.oxigraph.query(_ALL_MENTIONS, prefixes=PREFIXES,
                                     named_graphs=None if graphs is None else named_nodes(graphs))
    for doc, m, i, doc_id in solutions:
        yield (i.value, doc_id.value if doc_id is not None else doc.value,
               _start(m.value), m.value, doc.value)


class CitesWriter(IndexWriter):
    """Writes a checkpoint's "who cites X" (checkpoint_index.write_indexes); a previous
    checkpoint's file is always updated, whatever the number of graphs written since."""

    FILE = FILE

    def build(self, store) -> None:
        self.db.executescript(_SCHEMA)
        self.db.executemany("INSERT OR IGNORE INTO cites VALUES (?, ?, ?, ?, ?)", _rows(store, None))

    def read_again(self, source, graphs: list[str]) -> None:
        self.db.executemany("DELETE FROM cites WHERE doc_iri = ?", ((g,) for g in graphs))
        self.db.executemany("INSERT OR IGNORE INTO cites VALUES (?, ?, ?, ?, ?)", _rows(source, graphs))


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

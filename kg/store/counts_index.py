"""A checkpoint's counts (documents, mentions, instruments, graphs, triples), kept per graph.

Counting them on the store reads all of it: `len()` of an Oxigraph store is a scan of
every quad (6.2 s of the 8.2 s `cancu stats` took at 100k documents, 38.6M triples), the
distinct documents, mentions and instruments another second. A reader asks once per
checkpoint (the web home page, `/api/v1/stats`, `cancu stats`), and at 100k documents
every worker's first request after a publish waited for it. So the writer, when it
publishes (kg/store/snapshots.py), writes `counts.sqlite` beside the checkpoint: per named
graph its quads, typed documents and mentions, and the instruments typed in it; only
the graphs written since the previous checkpoint are counted again, and of a graph given
only a content hash since (`GraphStore.hashed_graphs`: an ingest records a batch's hashes
with the next batch), only its quads, on the store itself. Mentions and
documents are summed over graphs (an IRI of either kind is typed in its own document's
graph only); instruments, typed in every graph that cites them, are counted distinct.
Checkpoints published by older code have no file: readers then count on the store.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from cancu.kg.store.checkpoint_index import IndexWriter, PerCheckpoint, ReadOnlyIndex, write_indexes
from cancu.kg.vocab import PREFIXES

FILE = "counts.sqlite"

_SCHEMA = """
CREATE TABLE graphs (graph TEXT PRIMARY KEY, quads INTEGER NOT NULL, documents INTEGER NOT NULL,
                     mentions INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE graph_instruments (graph TEXT NOT NULL, instrument TEXT NOT NULL,
                                PRIMARY KEY (graph, instrument)) WITHOUT ROWID;
CREATE TABLE instruments (instrument TEXT PRIMARY KEY, graphs INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE totals (documents INTEGER NOT NULL, mentions INTEGER NOT NULL, instruments INTEGER NOT NULL,
                     graphs INTEGER NOT NULL, triples INTEGER NOT NULL);
"""
# Per graph, of the graphs a query's `named_graphs` names.
_ALL_QUADS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_ALL_TYPED = "SELECT ?g (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a %s } } GROUP BY ?g"
_ALL_INSTRUMENTS = "SELECT DISTINCT ?g ?i WHERE { GRAPH ?g { ?i a cancu:Instrument } }"
_DOCUMENT, _MENTION = "cancu:IngestedDocument", "cancu:Mention"


class _Counted(NamedTuple):
    per_graph: dict[str, list[int]]         # graph → [quads, documents, mentions]
    instruments: list[tuple[str, str]]      # (graph, instrument typed in it)


def _count(oxigraph: ox.Store, graphs: list[str]) -> _Counted:
    """The counts of `graphs` (those the store holds)."""
    named = [ox.NamedNode(g) for g in graphs]

    def query(sparql: str):
        return oxigraph.query(sparql, prefixes=PREFIXES, named_graphs=named)

    per_graph = {g.value: [int(n.value), 0, 0] for g, n in query(_ALL_QUADS)}
    for column, type_ in ((1, _DOCUMENT), (2, _MENTION)):
        for g, n in query(_ALL_TYPED % type_):
            per_graph[g.value][column] = int(n.value)
    return _Counted(per_graph, [(g.value, i.value) for g, i in query(_ALL_INSTRUMENTS)])


class CountsWriter(IndexWriter):
    """Writes a checkpoint's counts (checkpoint_index.write_indexes): the graphs `changed`
    since the previous checkpoint are read again from their copy, and the quads of those
    only `hashed` since are counted again on the store. Copied whole, as they were before,
    a batch's graphs were copied a second time for their hash line at the next checkpoint
    (half of its copying when a checkpoint follows every batch)."""

    FILE = FILE

    def __init__(self, target: Path, *, base: Path | None, changed: set[str] | None,
                 hashed: set[str] = frozenset()):
        super().__init__(target, base=base, changed=changed)
        self.hashed = sorted(hashed) if self.graphs is not None else []

    def create(self) -> None:
        self.db.executescript(_SCHEMA)

    def read_again(self, source, graphs: list[str]) -> None:
        db = self.db
        gone = [(g,) for g in graphs]
        db.executemany("DELETE FROM graphs WHERE graph = ?", gone)
        # Each instrument counts the graphs typing it; one no graph types is gone.
        db.executemany("UPDATE instruments SET graphs = graphs - 1 WHERE instrument IN "
                       "(SELECT instrument FROM graph_instruments WHERE graph = ?)", gone)
        db.executemany("DELETE FROM graph_instruments WHERE graph = ?", gone)
        counted = _count(source.oxigraph, graphs)
        db.executemany("INSERT INTO graph_instruments VALUES (?, ?)", counted.instruments)
        db.executemany("INSERT INTO instruments VALUES (?, 1) ON CONFLICT (instrument) "
                       "DO UPDATE SET graphs = graphs + 1", ((i,) for _, i in counted.instruments))
        db.executemany("INSERT INTO graphs VALUES (?, ?, ?, ?)", ((g, *c) for g, c in counted.per_graph.items()))

    def complete(self, store) -> None:
        if self.hashed:
            self._count_quads_again(store, self.hashed)
        self.db.execute("DELETE FROM instruments WHERE graphs <= 0")
        _write_totals(self.db, store.oxigraph)

    def _count_quads_again(self, store, graphs: list[str]) -> None:
        """The quads of graphs whose other counts stand; a graph the previous file does not
        hold (nothing writes one so, but a count must not go missing) is counted whole."""
        quads = store.oxigraph.query(_ALL_QUADS, prefixes=PREFIXES, named_graphs=[ox.NamedNode(g) for g in graphs])
        rows = [(int(n.value), g.value) for g, n in quads]
        before = self.db.total_changes
        self.db.executemany("UPDATE graphs SET quads = ? WHERE graph = ?", rows)
        if self.db.total_changes - before < len(rows):
            held = {g for g, in self.db.execute("SELECT graph FROM graphs")}
            self.read_again(store, [g for _, g in rows if g not in held])


def write(store, target: Path, *, base: Path | None = None, changed: set[str] | None = None,
          hashed: set[str] = frozenset()) -> Path:
    """Write the counts of `store` (a GraphStore) into the checkpoint folder `target`:
    `base`'s with the graphs in `changed` counted again and the quads of those in `hashed`,
    or all of them."""
    return write_indexes(store, [CountsWriter(target, base=base, changed=changed, hashed=hashed)])[0]


def _write_totals(db: sqlite3.Connection, oxigraph: ox.Store) -> None:
    """The five figures a reader asks for, summed once here (tens of milliseconds at 100k
    documents; a second when a reader summed them)."""
    # The default graph is not a document's and no write marks it: counted whole each time
    # (it holds nothing in a workspace cancu wrote; an imported file may put triples there).
    default = sum(1 for _ in oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    db.execute("DELETE FROM totals")
    db.execute("INSERT INTO totals SELECT COALESCE(SUM(documents), 0), COALESCE(SUM(mentions), 0), "
               "(SELECT COUNT(*) FROM instruments), COUNT(*), COALESCE(SUM(quads), 0) + ? FROM graphs", (default,))


class CountsIndex(ReadOnlyIndex):
    """A checkpoint's counts, read-only."""

    def stats(self) -> dict[str, int]:
        (documents, mentions, instruments, graphs, triples), = self.all("SELECT * FROM totals")
        return {"documents": documents, "mentions": mentions, "instruments": instruments,
                "graphs": graphs, "triples": triples}


_OPENED: PerCheckpoint[CountsIndex] = PerCheckpoint(FILE, CountsIndex)


def for_checkpoint(store) -> CountsIndex | None:
    """The counts of a checkpoint (a store opened read-only), None when it has none."""
    return _OPENED.of(store)

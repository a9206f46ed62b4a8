"""A checkpoint's counts (documents, mentions, instruments, graphs, triples), kept per graph.

Counting them on the store reads all of it: `len()` of an Oxigraph store is a scan of
every quad (6.2 s of the 8.2 s `cancu stats` took at 100k documents, 38.6M triples), the
distinct documents, mentions and instruments another second. A reader asks once per
checkpoint (the web home page, `/api/v1/stats`, `cancu stats`), and at 100k documents
every worker's first request after a publish waited for it. So the writer, when it
publishes (kg/store/snapshots.py), writes `counts.sqlite` beside the checkpoint: per named
graph its quads, typed documents and mentions, and the instruments typed in it; only
the graphs written since the previous checkpoint (`GraphStore.resized_graphs`, derived: the
changed graphs and those given only a content hash) are counted again. Mentions and
documents are summed over graphs (an IRI of either kind is typed in its own document's
graph only); instruments, typed in every graph that cites them, are counted distinct.
Checkpoints published by older code have no file: readers then count on the store.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from cancu.kg.store.checkpoint_index import PerCheckpoint, ReadOnlyIndex, write_from_previous
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
# Per graph, over the whole store (a publish without a previous index).
_ALL_QUADS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_ALL_TYPED = "SELECT ?g (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH ?g { ?x a %s } } GROUP BY ?g"
_ALL_INSTRUMENTS = "SELECT DISTINCT ?g ?i WHERE { GRAPH ?g { ?i a cancu:Instrument } }"
# In one graph (the graphs written since the previous checkpoint).
_GRAPH_COUNTS = """
SELECT ?quads ?documents ?mentions WHERE {
  { SELECT (COUNT(*) AS ?quads) WHERE { GRAPH %(g)s { ?s ?p ?o } } }
  { SELECT (COUNT(DISTINCT ?d) AS ?documents) WHERE { GRAPH %(g)s { ?d a cancu:IngestedDocument } } }
  { SELECT (COUNT(DISTINCT ?m) AS ?mentions) WHERE { GRAPH %(g)s { ?m a cancu:Mention } } }
}"""
_GRAPH_INSTRUMENTS = "SELECT DISTINCT ?i WHERE { GRAPH %(g)s { ?i a cancu:Instrument } }"
_DOCUMENT, _MENTION = "cancu:IngestedDocument", "cancu:Mention"


def write(store, target: Path, *, base: Path | None = None, resized: set[str] | None = None) -> Path:
    """Write the counts of `store` (a GraphStore) into the checkpoint folder `target`:
    `base`'s with the graphs in `resized` counted again, or all of them."""
    oxigraph: ox.Store = store.oxigraph

    def build(db: sqlite3.Connection) -> None:
        db.executescript(_SCHEMA)
        per_graph: dict[str, list[int]] = {}
        for g, n in oxigraph.query(_ALL_QUADS, prefixes=PREFIXES):
            per_graph[g.value] = [int(n.value), 0, 0]
        for column, type_ in ((1, _DOCUMENT), (2, _MENTION)):
            for g, n in oxigraph.query(_ALL_TYPED % type_, prefixes=PREFIXES):
                per_graph[g.value][column] = int(n.value)
        db.executemany("INSERT INTO graphs VALUES (?, ?, ?, ?)", ((g, *c) for g, c in per_graph.items()))
        db.executemany("INSERT INTO graph_instruments VALUES (?, ?)",
                       ((g.value, i.value) for g, i in oxigraph.query(_ALL_INSTRUMENTS, prefixes=PREFIXES)))
        db.execute("INSERT INTO instruments SELECT instrument, COUNT(*) FROM graph_instruments GROUP BY instrument")
        _write_totals(db, oxigraph)

    def update(db: sqlite3.Connection, graphs: set[str]) -> None:
        for graph in sorted(graphs):
            db.execute("DELETE FROM graphs WHERE graph = ?", (graph,))
            # Each instrument counts the graphs typing it; one no graph types is gone.
            db.execute("UPDATE instruments SET graphs = graphs - 1 WHERE instrument IN "
                       "(SELECT instrument FROM graph_instruments WHERE graph = ?)", (graph,))
            db.execute("DELETE FROM graph_instruments WHERE graph = ?", (graph,))
            now = [(graph, i) for i in _instruments(oxigraph, graph)]
            db.executemany("INSERT INTO graph_instruments VALUES (?, ?)", now)
            db.executemany("INSERT INTO instruments VALUES (?, 1) ON CONFLICT (instrument) "
                           "DO UPDATE SET graphs = graphs + 1", ((i,) for _, i in now))
            quads, documents, mentions = _graph_counts(oxigraph, graph)
            if quads:
                db.execute("INSERT INTO graphs VALUES (?, ?, ?, ?)", (graph, quads, documents, mentions))
        db.execute("DELETE FROM instruments WHERE graphs <= 0")
        _write_totals(db, oxigraph)

    return write_from_previous(
        target / FILE, base=base, changed=resized, rebuild_above=5_000,
        documents_in=lambda db: db.execute("SELECT COUNT(*) FROM graphs").fetchone()[0],
        build=build, update=update)


def _node(graph: str) -> str:
    return str(ox.NamedNode(graph))


def _graph_counts(oxigraph: ox.Store, graph: str) -> tuple[int, int, int]:
    """One graph's quads, typed documents and typed mentions, in one query."""
    for row in oxigraph.query(_GRAPH_COUNTS % {"g": _node(graph)}, prefixes=PREFIXES):
        return int(row[0].value), int(row[1].value), int(row[2].value)
    return 0, 0, 0


def _instruments(oxigraph: ox.Store, graph: str) -> Iterable[str]:
    return [i.value for (i,) in oxigraph.query(_GRAPH_INSTRUMENTS % {"g": _node(graph)}, prefixes=PREFIXES)]


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

"""A checkpoint's list of documents: each document graph's id, title, type, issuer and date,
as lists, filters and pages show them (kg/queries/documents.document_list).

One query over the whole store gives the list: 1.3–1.8 s of CPU at 10k documents, which
every web worker paid on its first page after a publish (the home page, the obligations,
an instrument page all name documents). So the writer, when it publishes
(kg/store/snapshots.py), writes `documents.sqlite` beside the checkpoint: one row per
document graph, the previous checkpoint's rows with the graphs written since read again.
Checkpoints published by older code have no file: readers then run the query.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pyoxigraph as ox

from cancu.kg.store.checkpoint_index import PerCheckpoint, ReadOnlyIndex, write_from_previous
from cancu.kg.vocab import PREFIXES

FILE = "documents.sqlite"

# The public vocabulary's terms (those the SPARQL page documents), per document graph ?g.
# The date: signed, else the period's start, else the earliest the document can be.
_SELECT = """
SELECT ?g ?id (SAMPLE(?title) AS ?t) (SAMPLE(?type) AS ?ty) (SAMPLE(?iss) AS ?is)
       (SAMPLE(COALESCE(?date, ?ps, ?nb)) AS ?d) WHERE {
  %s
  GRAPH ?g { ?g cancu:documentId ?id
    OPTIONAL { ?g eli:title ?title } OPTIONAL { ?g eli:type_document/skos:prefLabel ?type }
    OPTIONAL { ?g eli:date_document ?date } OPTIONAL { ?g cancu:notBefore ?nb }
    OPTIONAL { ?g cancu:periodStart ?ps } OPTIONAL { ?g eli:passed_by/skos:prefLabel ?iss } }
} GROUP BY ?g ?id"""
# Every document of the store, and those of some graphs (the same query, ?g given).
DOCUMENT_LIST = _SELECT % ""
_OF_GRAPHS = _SELECT % "VALUES ?g { %s }"

_SCHEMA = """
CREATE TABLE documents (graph TEXT NOT NULL, id TEXT NOT NULL, title TEXT, type TEXT, issuer TEXT,
                        date TEXT, PRIMARY KEY (graph, id)) WITHOUT ROWID;
"""
# Graphs read again per query when a checkpoint updates the previous one's rows.
_GRAPHS_PER_QUERY = 200

Row = tuple[str, str, "str | None", "str | None", "str | None", "str | None"]   # graph, id, title, type, issuer, date


def _rows(oxigraph: ox.Store, sparql: str) -> list[Row]:
    return [tuple(None if term is None else term.value for term in solution)
            for solution in oxigraph.query(sparql, prefixes=PREFIXES)]


def write(store, target: Path, *, base: Path | None = None, changed: set[str] | None = None) -> Path:
    """Write the document list of `store` (a GraphStore) into the checkpoint folder `target`:
    `base`'s rows with the graphs in `changed` read again, or all of them."""
    oxigraph: ox.Store = store.oxigraph

    def build(db: sqlite3.Connection) -> None:
        db.executescript(_SCHEMA)
        db.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)", _rows(oxigraph, DOCUMENT_LIST))

    def update(db: sqlite3.Connection, graphs: set[str]) -> None:
        ordered = sorted(graphs)
        for i in range(0, len(ordered), _GRAPHS_PER_QUERY):
            part = ordered[i:i + _GRAPHS_PER_QUERY]
            db.executemany("DELETE FROM documents WHERE graph = ?", ((g,) for g in part))
            values = " ".join(str(ox.NamedNode(g)) for g in part)
            db.executemany("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)",
                           _rows(oxigraph, _OF_GRAPHS % values))

    return write_from_previous(
        target / FILE, base=base, changed=changed, rebuild_above=5_000,
        documents_in=lambda db: db.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
        build=build, update=update)


class DocumentsIndex(ReadOnlyIndex):
    """A checkpoint's document list, read-only."""

    def rows(self) -> list[Row]:
        return self.all("SELECT graph, id, title, type, issuer, date FROM documents")


_OPENED: PerCheckpoint[DocumentsIndex] = PerCheckpoint(FILE, DocumentsIndex)


def for_checkpoint(store) -> DocumentsIndex | None:
    """The document list of a checkpoint (a store opened read-only), None when it has none."""
    return _OPENED.of(store)

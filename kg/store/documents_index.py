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

from cancu.kg.store.checkpoint_index import GraphRowsWriter, PerCheckpoint, ReadOnlyIndex
from cancu.kg.store.graph import named_nodes
from cancu.kg.vocab import PREFIXES

FILE = "documents.sqlite"

# The public vocabulary's terms (those the SPARQL page documents), per document graph ?g.
# The date: signed, else the period's start, else the earliest the document can be.
DOCUMENT_LIST = """
SELECT ?g ?id (SAMPLE(?title) AS ?t) (SAMPLE(?type) AS ?ty) (SAMPLE(?iss) AS ?is)
       (SAMPLE(COALESCE(?date, ?ps, ?nb)) AS ?d) WHERE {
  GRAPH ?g { ?g cancu:documentId ?id
    OPTIONAL { ?g eli:title ?title } OPTIONAL { ?g eli:type_document/skos:prefLabel ?type }
    OPTIONAL { ?g eli:date_document ?date } OPTIONAL { ?g cancu:notBefore ?nb }
    OPTIONAL { ?g cancu:periodStart ?ps } OPTIONAL { ?g eli:passed_by/skos:prefLabel ?iss } }
} GROUP BY ?g ?id"""

_SCHEMA = """
CREATE TABLE documents (graph TEXT NOT NULL, id TEXT NOT NULL, title TEXT, type TEXT, issuer TEXT,
                        date TEXT, PRIMARY KEY (graph, id)) WITHOUT ROWID;
"""

Row = tuple[str, str, "str | None", "str | None", "str | None", "str | None"]   # graph, id, title, type, issuer, date


def _rows(store, graphs: list[str]) -> list[Row]:
    """The rows of the document graphs among `graphs` in `store` (a GraphStore)."""
    solutions = store.oxigraph.query(DOCUMENT_LIST, prefixes=PREFIXES, named_graphs=named_nodes(graphs))
    return [tuple(None if term is None else term.value for term in solution) for solution in solutions]


class DocumentsWriter(GraphRowsWriter):
    """Writes a checkpoint's document list (checkpoint_index.write_indexes)."""

    FILE = FILE
    SCHEMA = _SCHEMA
    TABLE = "documents"
    rows = staticmethod(_rows)


class DocumentsIndex(ReadOnlyIndex):
    """A checkpoint's document list, read-only."""

    def rows(self) -> list[Row]:
        return self.all("SELECT graph, id, title, type, issuer, date FROM documents")


_OPENED: PerCheckpoint[DocumentsIndex] = PerCheckpoint(FILE, DocumentsIndex)


def for_checkpoint(store) -> DocumentsIndex | None:
    """The document list of a checkpoint (a store opened read-only), None when it has none."""
    return _OPENED.of(store)

"""A checkpoint's audit findings, each with where a person finds it in its document.

The audit page lists every finding with the line it is on and its words with some text
around them. Read from the store, that is one query over every finding (0.6 s at 10k
documents) and then the full text of each document holding one (0.9 s more): every web
worker paid both on its first audit page after each publish, 1.7 s at 10k. So the writer,
when it publishes (kg/store/snapshots.py), writes `findings.sqlite` beside the checkpoint:
one row per finding with its line and quote, the previous checkpoint's rows with the
graphs written since read again (their text is in the copy those are read from).
Checkpoints published by older code have no file: readers then query the store.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from cancu.kg.audit.places import finding_place
from cancu.kg.store.checkpoint_index import GraphRowsWriter, PerCheckpoint, ReadOnlyIndex
from cancu.kg.store.graph import named_nodes
from cancu.kg.vocab import PREFIXES

FILE = "findings.sqlite"

# Every finding of the store (or of the graphs a query's `named_graphs` names), with its graph.
FINDINGS = """
SELECT ?g ?docId ?kind ?sym ?expl ?chain ?start ?end WHERE {
  GRAPH ?g { ?f a cancu:Finding ; cancu:findingKind ?kind ; rdfs:comment ?expl ;
                cancu:inDocument ?d . ?d cancu:documentId ?docId .
             OPTIONAL { ?f cancu:symbol ?sym } OPTIONAL { ?f cancu:replacementChain ?chain }
             OPTIONAL { ?f cancu:start ?start } OPTIONAL { ?f cancu:end ?end } }
}"""
_TEXTS = "SELECT ?g ?text WHERE { GRAPH ?g { ?g cancu:fullText ?text } }"

_SCHEMA = """
CREATE TABLE findings (graph TEXT NOT NULL, doc_id TEXT NOT NULL, kind TEXT NOT NULL, symbol TEXT,
                       explanation TEXT NOT NULL, replaced_by TEXT, start INTEGER, "end" INTEGER,
                       line INTEGER, quote TEXT);
CREATE INDEX findings_by_graph ON findings (graph);
"""

# graph, document id, kind, symbol, explanation, replacement chain, start, end, line, quote
Row = tuple[str, str, str, "str | None", str, "str | None", "int | None", "int | None", "int | None", "str | None"]


def _int(term) -> int | None:
    return int(term.value) if term is not None else None


def _rows(store, graphs: list[str]) -> Iterator[Row]:
    """The findings of `graphs` in `store` (a GraphStore; one copy's graphs, so their texts
    are held together), each placed in its document's text when it has a position."""
    by_graph: dict[str, list[tuple]] = {}
    for g, doc_id, kind, sym, expl, chain, start, end in store.oxigraph.query(
            FINDINGS, prefixes=PREFIXES, named_graphs=named_nodes(graphs)):
        by_graph.setdefault(g.value, []).append(
            (g.value, doc_id.value, kind.value, sym.value if sym is not None else None, expl.value,
             chain.value if chain is not None else None, _int(start), _int(end)))
    placed = [g for g, rows in by_graph.items() if any(row[6] is not None for row in rows)]
    texts = {g.value: text.value for g, text in store.oxigraph.query(
        _TEXTS, prefixes=PREFIXES, named_graphs=named_nodes(placed))} if placed else {}
    for g in sorted(by_graph):
        text = texts.get(g)
        for row in by_graph[g]:
            start, end = row[6], row[7]
            place = finding_place(text, start, end) if text is not None and start is not None else (None, None)
            yield (*row, *place)


class FindingsWriter(GraphRowsWriter):
    """Writes a checkpoint's findings (checkpoint_index.write_indexes)."""

    FILE = FILE

    SCHEMA = _SCHEMA
    TABLE = "findings"
    rows = staticmethod(_rows)


class FindingsIndex(ReadOnlyIndex):
    """A checkpoint's findings, read-only."""

    def rows(self, documents: Iterable[str] | None = None) -> list[Row]:
        """Every finding's row, or those of the documents named (by id)."""
        wanted = set(documents or [])
        rows = self.all("SELECT * FROM findings")
        return [row for row in rows if row[1] in wanted] if wanted else rows

    def places(self) -> dict[tuple[str, int], tuple[int, str]]:
        """(document id, start) → (line, quote) of every finding placed in its text; of two
        findings at one place, the one `queries.documents.findings` lists last (its order)."""
        return {(doc_id, start): (line, quote) for doc_id, start, line, quote in self.all(
            "SELECT doc_id, start, line, quote FROM findings WHERE start IS NOT NULL AND line IS NOT NULL "
            "ORDER BY doc_id, start, kind")}


_OPENED: PerCheckpoint[FindingsIndex] = PerCheckpoint(FILE, FindingsIndex)


def for_checkpoint(store) -> FindingsIndex | None:
    """The findings of a checkpoint (a store opened read-only), None when it has none."""
    return _OPENED.of(store)

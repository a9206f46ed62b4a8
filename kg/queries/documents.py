"""Named queries about the ingested documents themselves: their list with the
metadata pages filter on, their findings, their text, their content hashes.
The services, the ingest pipeline and (through the services) the web app call
these instead of writing SPARQL of their own.

Every query takes any object with `.query(sparql, substitutions=…)` (cancu.kg.store.graph,
cancu.kg.store.endpoint), as the other named queries do (docs/ARCHITECTURE.md § Graph). A
substituted variable is projected: pyoxigraph refuses to bind one that is not.
"""
from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import Literal, URIRef

from cancu.kg.registry.lookup import CatalogueEntry
from cancu.kg.audit.places import finding_place
from cancu.kg.store import documents_index, findings_index
from cancu.kg.store.graph import nt


@dataclass(frozen=True)
class DocumentMeta:
    """A document as lists and filters show it, without opening it."""
    id: str
    iri: str
    title: str | None
    type: str | None
    issuer: str | None
    date: str | None          # signed, else the period's start, else the earliest it can be

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date and self.date[:4].isdigit() else None


@dataclass(frozen=True)
class FindingRow:
    document: str
    finding: str              # a cancu.kg.audit.findings.FindingKind value
    symbol: str | None
    explanation: str
    replaced_by: str | None
    start: int | None
    end: int | None


def _v(term) -> str | None:
    return term.value if term is not None else None


def _int(term) -> int | None:
    return int(term.value) if term is not None else None


def document_list(store) -> list[DocumentMeta]:
    """Every document with its title, type, issuer and date, by id: from the checkpoint's
    list (kg/store/documents_index.py), else one query over the public vocabulary (a
    quarter of a second at 1,000 documents, against opening every document)."""
    index = documents_index.for_checkpoint(store)
    if index is not None:
        out = [DocumentMeta(id_, graph, title, type_, issuer, date)
               for graph, id_, title, type_, issuer, date in index.rows()]
    else:
        out = [DocumentMeta(r["id"].value, r["g"].value, _v(r["t"]), _v(r["ty"]), _v(r["is"]), _v(r["d"]))
               for r in store.query(documents_index.DOCUMENT_LIST)]
    return sorted(out, key=lambda d: d.id)


def document_ids(store) -> list[str]:
    return sorted(r["id"].value for r in store.query("SELECT ?id WHERE { GRAPH ?g { ?g cancu:documentId ?id } }"))


def graph_holds(store, graph_iri: str, doc_id: str) -> bool:
    """Whether the named graph `graph_iri` is the document `doc_id` (ids compared in NFC:
    the pre-#14 IRIs were shared by several names). The IRI is written into the query:
    bound by a substitution, the graph was looked up after a scan that grew with the
    store (ingest asks once a document: 0.47 ms at 100k documents, 0.05 ms written in)."""
    graph = nt(URIRef(graph_iri))
    rows = store.query(f"SELECT ?id WHERE {{ GRAPH {graph} {{ {graph} cancu:documentId ?id }} }}")
    return any(unicodedata.normalize("NFC", r["id"].value) == doc_id for r in rows)


_TEXT = "SELECT ?id ?text WHERE { GRAPH ?g { ?g cancu:documentId ?id ; cancu:fullText ?text } } LIMIT 1"


def document_text(store, doc_id: str) -> str | None:
    rows = list(store.query(_TEXT, substitutions={"id": Literal(doc_id)}))
    return rows[0]["text"].value if rows else None


def findings(store, documents: Iterable[str] | None = None) -> list[FindingRow]:
    """The audit's findings (of the documents named, else all), by document and position:
    from the checkpoint's findings index (kg/store/findings_index.py), else from the store."""
    index = findings_index.for_checkpoint(store)
    if index is not None:
        out = [FindingRow(*row[1:8]) for row in index.rows(documents)]
    else:
        wanted = set(documents or [])
        out = [FindingRow(r["docId"].value, r["kind"].value, _v(r["sym"]), r["expl"].value, _v(r["chain"]),
                          _int(r["start"]), _int(r["end"]))
               for r in store.query(findings_index.FINDINGS) if not wanted or r["docId"].value in wanted]
    return sorted(out, key=lambda f: (f.document, f.start if f.start is not None else -1, f.finding))


def finding_places(store, found: list[FindingRow] | None = None) -> dict[tuple[str, int], tuple[int, str]]:
    """(document id, start) → (line from 1, quote) of every finding with a position
    (kg/audit/places.py): from the checkpoint's findings index, else from each document's text
    (`found`: the store's findings when the caller has read them already)."""
    index = findings_index.for_checkpoint(store)
    if index is not None:
        return index.places()
    wanted: dict[str, list[FindingRow]] = {}
    for f in findings(store) if found is None else found:
        if f.start is not None:
            wanted.setdefault(f.document, []).append(f)
    out = {}
    for doc, placed in wanted.items():
        text = document_text(store, doc)
        if text is None:
            continue
        for f in placed:
            out[(doc, f.start)] = finding_place(text, f.start, f.end)
    return out


def cited_instruments(store) -> list[CatalogueEntry]:
    """Instruments cited in the workspace, one property at a time.

    Each document graph repeats the facts of the instruments it cites. Joined
    over the union of all graphs, those copies multiply (N citing documents
    give N² rows per property); joined inside each graph (GRAPH ?g) and one
    property per query, the work stays linear in the number of citations.
    """
    props: dict[str, dict[str, str]] = {}
    for name, path in (("symbol", "cancu:symbol"), ("type", "eli:type_document/skos:prefLabel"),
                       ("year", "cancu:year"), ("name", "cancu:name")):
        values: dict[str, str] = {}
        for r in store.query(f"SELECT DISTINCT ?i ?v WHERE {{ GRAPH ?g {{ ?i a cancu:Instrument ; {path} ?v }} }}"):
            values.setdefault(r["i"].value, r["v"].value)
        props[name] = values
    iris = {r["i"].value for r in store.query("SELECT DISTINCT ?i WHERE { GRAPH ?g { ?i a cancu:Instrument } }")}
    out = []
    for iri in iris:
        year = props["year"].get(iri, "")[:4]
        out.append(CatalogueEntry(iri, props["type"].get(iri), props["symbol"].get(iri),
                                  int(year) if year.isdigit() else None, props["name"].get(iri)))
    return out


# ------------------------------------------------------------------ the ingest's bookkeeping
def content_hashes(store) -> dict[str, str]:
    """Document graph IRI → the hash of the file it was read from (complete documents only)."""
    return {r["g"].value: r["h"].value
            for r in store.query("SELECT ?g ?h WHERE { GRAPH ?g { ?g cancu:contentHash ?h } }")}


def record_content_hashes(store, hashes: Mapping[str, str]) -> None:
    """Mark documents complete: one update for the whole batch. No checkpoint index
    reads a content hash, so the update marks no graph changed: the next checkpoint
    reads again only the graphs whose content was written since."""
    if hashes:
        store.update("INSERT DATA { " + " ".join(
            f"GRAPH <{iri}> {{ <{iri}> cancu:contentHash {json.dumps(digest)} }}"
            for iri, digest in hashes.items()) + " }", graphs=(), hashed=hashes.keys())


@dataclass(frozen=True)
class StoredSource:
    """What re-reading a stored document needs: its id and its text as read."""
    id: str
    file: str
    format: str
    text: str


def stored_source(store, doc_iri: str) -> StoredSource | None:
    rows = store.query(
        "SELECT ?g ?d ?id ?file ?fmt ?text WHERE { GRAPH ?g { ?d cancu:documentId ?id ; "
        "cancu:sourceFile ?file ; cancu:sourceFormat ?fmt ; cancu:fullText ?text } }",
        substitutions={"d": URIRef(doc_iri)})
    if not rows:
        return None
    r = rows[0]
    return StoredSource(r["id"].value, r["file"].value, r["fmt"].value, r["text"].value)

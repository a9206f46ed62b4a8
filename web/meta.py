"""Document metadata for lists and filters (title, type, issuer, year), read
with one SPARQL query over the public vocabulary (the same terms the SPARQL
page documents), so pages need not open every document. A checkpoint never
changes, so the list is read once per checkpoint (web/cache.py), not per request:
the query takes a quarter of a second at 1,000 documents."""
from __future__ import annotations

from dataclasses import dataclass

from web.cache import per_checkpoint

_QUERY = """
SELECT ?g ?id (SAMPLE(?title) AS ?t) (SAMPLE(?type) AS ?ty) (SAMPLE(?iss) AS ?is)
       (SAMPLE(COALESCE(?date, ?ps, ?nb)) AS ?d) WHERE {
  GRAPH ?g { ?g cancu:documentId ?id
    OPTIONAL { ?g eli:title ?title } OPTIONAL { ?g eli:type_document/skos:prefLabel ?type }
    OPTIONAL { ?g eli:date_document ?date } OPTIONAL { ?g cancu:notBefore ?nb }
    OPTIONAL { ?g cancu:periodStart ?ps } OPTIONAL { ?g eli:passed_by/skos:prefLabel ?iss } }
} GROUP BY ?g ?id"""


@dataclass(frozen=True)
class DocumentMeta:
    id: str
    iri: str
    title: str | None
    type: str | None
    issuer: str | None
    date: str | None

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date and self.date[:4].isdigit() else None


def documents(services) -> list[DocumentMeta]:
    """Every document, by id; the same list object for the same checkpoint (do not change it)."""
    return per_checkpoint(services, "meta.documents", lambda: _read(services))


def by_id(services) -> dict[str, DocumentMeta]:
    return per_checkpoint(services, "meta.by_id", lambda: {d.id: d for d in documents(services)})


def by_iri(services) -> dict[str, DocumentMeta]:
    return per_checkpoint(services, "meta.by_iri", lambda: {d.iri: d for d in documents(services)})


def _read(services) -> list[DocumentMeta]:
    rows = services.store.query(_QUERY)
    out = [DocumentMeta(r["id"].value, r["g"].value, _v(r["t"]), _v(r["ty"]), _v(r["is"]), _v(r["d"]))
           for r in rows]
    return sorted(out, key=lambda d: d.id)


def _v(term) -> str | None:
    return term.value if term is not None else None

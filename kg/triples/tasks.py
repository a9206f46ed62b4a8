"""Triples for what a document asks of whom (obligations) and what the audit
found in it (findings). Both live in the document's own named graph, so
re-ingesting the document replaces them with it.

Agencies are W3C ORG organisations scoped to the issuer: the Phòng Văn hóa -
Xã hội of one commune is `org:subOrganizationOf` that commune's People's
Committee and has its own IRI (org/<issuer>/<agency>).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from rdflib import Literal, URIRef
from rdflib.term import Node

from cancu.kg.audit.auditor import Finding
from cancu.kg.triples.document import organization_iri
from cancu.kg.iri import base_iri, slug
from cancu.kg.model import Resolution
from cancu.kg.vocab import CANCU, ORG, RDF, RDFS, SKOS, XSD
from cancu.nlp.obligations import Obligation

Triple = tuple[Node, Node, Node]


def agency_iri(name: str, issuer: str | None) -> URIRef:
    if issuer:
        return URIRef(f"{base_iri()}org/{slug(issuer)}/{slug(name)}")
    return organization_iri(name)


def _vi(text: str) -> Literal:
    return Literal(text, lang="vi")


def _agency(out: list[Triple], name: str, issuer: str | None) -> URIRef:
    node = agency_iri(name, issuer)
    out += [(node, RDF.type, ORG.Organization), (node, SKOS.prefLabel, _vi(name))]
    if issuer:
        parent = organization_iri(issuer)
        out += [(node, ORG.subOrganizationOf, parent), (parent, RDF.type, ORG.Organization),
                (parent, SKOS.prefLabel, _vi(issuer))]
    return node


def obligation_triples(doc_iri: str, obligations: Sequence[Obligation],
                       resolutions: Sequence[Resolution]) -> list[Triple]:
    doc = URIRef(doc_iri)
    by_span = {(r.mention.start, r.mention.end): r for r in resolutions}
    out: list[Triple] = []
    for o in obligations:
        node = URIRef(f"{doc_iri}#o{o.start}-{o.end}")
        scope = o.issuer_scope
        out += [
            (node, RDF.type, CANCU.Obligation),
            (node, CANCU.inDocument, doc),
            (node, CANCU.start, Literal(o.start)),
            (node, CANCU.end, Literal(o.end)),
            (node, CANCU.obligationSource, Literal(o.source)),
            (node, CANCU.modality, Literal(o.modality)),
            (node, CANCU.task, _vi(o.task)),
        ]
        if o.section:
            out.append((node, CANCU.planSection, Literal(o.section)))
        if o.actor:
            out.append((node, CANCU.actorText, _vi(o.actor)))
        if o.actor_normalized:
            out.append((node, CANCU.actor, _agency(out, o.actor_normalized, scope)))
        for name in o.co_leads:
            out.append((node, CANCU.coLead, _agency(out, name, scope)))
        for name in o.cooperating:
            out.append((node, CANCU.coActor, _agency(out, name, scope)))
        if o.reports_to:
            out.append((node, CANCU.reportsTo, _agency(out, o.reports_to, scope)))
        if o.schedule:
            out.append((node, CANCU.schedule, _vi(o.schedule)))
        if o.output:
            out.append((node, CANCU.output, _vi(o.output)))
        for i, d in enumerate(o.deadlines):
            dl = URIRef(f"{node}-d{i}")
            out += [(node, CANCU.hasDeadline, dl), (dl, RDF.type, CANCU.Deadline),
                    (dl, CANCU.text, _vi(d.text)), (dl, CANCU.start, Literal(d.start)),
                    (dl, CANCU.end, Literal(d.end))]
            if d.date:
                out.append((dl, CANCU.dueDate, Literal(d.date.isoformat(), datatype=XSD.date)))
            if d.recurrence:
                out.append((dl, CANCU.recurrence, Literal(d.recurrence)))
        for span in o.basis_mentions:
            r = by_span.get(tuple(span))
            if r is not None and r.iri:
                out.append((node, CANCU.legalBasis, URIRef(r.iri)))
    return out


def finding_triples(doc_iri: str, findings: Iterable[Finding], checked_on: dt.date,
                    iri_of_symbol: Callable[[str], str | None]) -> list[Triple]:
    """`iri_of_symbol` turns the registry symbols of a replacement chain into IRIs."""
    doc = URIRef(doc_iri)
    out: list[Triple] = []
    for i, f in enumerate(findings):
        node = URIRef(f"{doc_iri}#f{i}-{f.finding}")
        out += [
            (node, RDF.type, CANCU.Finding),
            (node, CANCU.inDocument, doc),
            (node, CANCU.findingKind, Literal(f.finding)),
            (node, RDFS.comment, _vi(f.explanation)),
            (node, CANCU.atDate, Literal(checked_on.isoformat(), datatype=XSD.date)),
        ]
        if f.symbol:
            out.append((node, CANCU.symbol, Literal(f.symbol)))
        if f.start is not None:
            out += [(node, CANCU.about, URIRef(f"{doc_iri}#m{f.start}-{f.end}")),
                    (node, CANCU.start, Literal(f.start)), (node, CANCU.end, Literal(f.end))]
        if f.instrument:
            out.append((node, CANCU.concerns, URIRef(f.instrument)))
        if f.replaced_by:
            out.append((node, CANCU.replacementChain, Literal(" → ".join(f.replaced_by))))
            iri = iri_of_symbol(f.replaced_by[-1])   # what is in force now
            if iri:
                out.append((node, CANCU.suggests, URIRef(iri)))
    return out

"""Turn one ingested document (its text, what it says about itself, and how its
mentions resolved) into the triples of its named graph.

Output is a list of rdflib (s, p, o) triples with no blank nodes: every node has
an IRI computed from identity or offsets, so building the same input twice gives
the same triples and a replaced named graph differs exactly where the input did.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable

from rdflib import Literal, URIRef
from rdflib.term import Node

from cancu.nlp.citations import pinpoint_parts
from cancu.nlp.citations.basis import BasisKind, basis_kind, preamble_end, sentence_around
from cancu.kg.iri import base_iri, instrument_iri, slug
from cancu.kg.model import InstrumentKey, Resolution, ResolutionStatus
from cancu.kg.vocab import CANCU, ELI, ORG, PROV, RDF, SKOS, XSD
from cancu.nlp.model import DocumentInfo, Mention, SourceText

Triple = tuple[Node, Node, Node]

_STATUS = {
    ResolutionStatus.RESOLVED: CANCU.Resolved,
    ResolutionStatus.INFERRED: CANCU.Inferred,
    ResolutionStatus.AMBIGUOUS: CANCU.Ambiguous,
    ResolutionStatus.UNRESOLVED: CANCU.Unresolved,
}

# the units of a pinpoint that name a part ("Điều 11", "khoản 2"; nlp's pinpoint_units.tsv) and
# the property each part's number goes under
_PART_PROP = {"article": CANCU.article, "clause": CANCU.clause, "point": CANCU.point,
              "section": CANCU.section, "chapter": CANCU.chapter}
_PIN_PROP = {word.lower(): _PART_PROP[part] for word, part in pinpoint_parts().items()}
_PIN_PART = re.compile("(" + "|".join(map(re.escape, pinpoint_parts())) + r")\s+([0-9]+[a-zđ]?|[IVXLC]+|[a-zđ])\b",
                       re.IGNORECASE)


def mention_iri(doc_iri: str, mention: Mention) -> URIRef:
    return URIRef(f"{doc_iri}#m{mention.start}-{mention.end}")


def organization_iri(name: str, base: str | None = None) -> URIRef:
    """A readable IRI for an issuing body or agency: org/uy-ban-nhan-dan-xa-kien-thuy."""
    return URIRef(f"{base or base_iri()}org/{slug(name)}")


def type_iri(type_name: str, base: str | None = None) -> URIRef:
    """The concept IRI of a true document type: type/nghi-dinh."""
    return URIRef(f"{base or base_iri()}type/{slug(type_name)}")


def _vi(text: str) -> Literal:
    return Literal(text, lang="vi")


def _date(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def _gyear(value: int) -> Literal:
    return Literal(f"{value:04d}", datatype=XSD.gYear)


def _bool(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=XSD.boolean)


class _Triples:
    """An ordered set of triples: re-stating a fact (the same instrument cited
    twice) must not duplicate it."""

    def __init__(self) -> None:
        self._seen: dict[Triple, None] = {}
        self.labelled: set[URIRef] = set()     # organisations given their label in this graph

    def add(self, s: Node, p: Node, o: Node | None) -> None:
        if o is not None:
            self._seen.setdefault((s, p, o), None)

    def list(self) -> list[Triple]:
        return list(self._seen)


def _describe_type(out: _Triples, type_name: str) -> URIRef:
    node = type_iri(type_name)
    out.add(node, RDF.type, CANCU.DocumentType)
    out.add(node, SKOS.prefLabel, _vi(type_name))
    return node


def _describe_org(out: _Triples, name: str) -> URIRef:
    """One label per body in a document's graph: the first one written, the issuer's own
    name when it is the issuer. A citation's «của Hội đồng nhân dân THÀNH PHỐ HÀ NỘI» names
    the same node (organization_iri folds the name), and a second label made the document's
    issuer one of two spellings, picked at random by the pages' queries."""
    node = organization_iri(name)
    out.add(node, RDF.type, ORG.Organization)
    if node not in out.labelled:
        out.labelled.add(node)
        out.add(node, SKOS.prefLabel, _vi(name))
    return node


def _describe_instrument(out: _Triples, node: URIRef, *, type_name: str | None,
                         symbol: str | None, number: str | None, year: int | None,
                         issuer: str | None, title: str | None) -> None:
    out.add(node, RDF.type, CANCU.Instrument)
    out.add(node, RDF.type, ELI.LegalResource)
    if type_name:
        out.add(node, ELI.type_document, _describe_type(out, type_name))
    if symbol:
        out.add(node, CANCU.symbol, Literal(symbol))
    if number:
        out.add(node, ELI.number, Literal(number))
    if year:
        out.add(node, CANCU.year, _gyear(year))
    if issuer:
        out.add(node, ELI.passed_by, _describe_org(out, issuer))
    if title:
        out.add(node, ELI.title, _vi(title))


def _describe_document(out: _Triples, doc: URIRef, source: SourceText, info: DocumentInfo,
                       *, doc_id: str, content_hash: str,
                       generated_at: dt.datetime | None) -> URIRef | None:
    """The document node; returns the IRI of the instrument it embodies, if known."""
    out.add(doc, RDF.type, CANCU.IngestedDocument)
    out.add(doc, RDF.type, ELI.LegalResource)
    out.add(doc, CANCU.documentId, Literal(doc_id))
    out.add(doc, CANCU.sourceFile, Literal(source.path))
    out.add(doc, CANCU.sourceFormat, Literal(source.format))
    if content_hash:      # empty: the caller records it later (cancu/ingest.py)
        out.add(doc, CANCU.contentHash, Literal(content_hash))
    for warning in source.warnings:
        out.add(doc, CANCU.note, _vi(warning))
    if info.type:
        out.add(doc, ELI.type_document, _describe_type(out, info.type))
    if info.title:
        out.add(doc, ELI.title, _vi(info.title))
    if info.symbol:
        out.add(doc, CANCU.symbol, Literal(info.symbol))
    if info.number:
        out.add(doc, ELI.number, Literal(info.number))
    if info.date:
        out.add(doc, ELI.date_document, _date(info.date))
    if info.date_text:
        out.add(doc, CANCU.dateText, _vi(info.date_text))
    if info.issuer:
        out.add(doc, ELI.passed_by, _describe_org(out, info.issuer))
    if info.place:
        out.add(doc, CANCU.place, _vi(info.place))
    if info.period:
        out.add(doc, CANCU.periodStart, _date(info.period.start))
        out.add(doc, CANCU.periodEnd, _date(info.period.end))
        out.add(doc, CANCU.periodText, _vi(info.period.text))
    if info.not_before:
        out.add(doc, CANCU.notBefore, _date(info.not_before))

    # PROV: the document node names its own graph, so these describe the graph too.
    activity = URIRef(f"{doc}#ingest")
    out.add(activity, RDF.type, PROV.Activity)
    out.add(doc, PROV.wasGeneratedBy, activity)
    if generated_at:
        out.add(doc, PROV.generatedAtTime, Literal(generated_at.isoformat(), datatype=XSD.dateTime))

    # An ingested plan is itself an instrument (docs/ARCHITECTURE.md § Graph); link the
    # two so a citation of this plan elsewhere reaches the file.
    if not info.symbol:
        return None
    year = info.date.year if info.date else None
    key = InstrumentKey(type=info.type, symbol=info.symbol, year=year, issuer=info.issuer)
    own = URIRef(instrument_iri(key))
    out.add(doc, CANCU.instrument, own)
    _describe_instrument(out, own, type_name=info.type, symbol=info.symbol, number=info.number,
                         year=year, issuer=info.issuer, title=info.title)
    return own


def _describe_pinpoint(out: _Triples, mention_node: URIRef, pinpoint: str,
                       instrument: URIRef | None) -> None:
    node = URIRef(f"{mention_node}-p")
    out.add(mention_node, CANCU.pinpoint, node)
    out.add(node, RDF.type, CANCU.Pinpoint)
    out.add(node, CANCU.text, _vi(pinpoint))
    for word, value in _PIN_PART.findall(pinpoint):
        out.add(node, _PIN_PROP[word.lower()], Literal(value))
    if instrument is not None:
        out.add(node, CANCU.pinpointOf, instrument)


def _describe_mention(out: _Triples, doc: URIRef, source: SourceText, res: Resolution,
                      instrument: URIRef | None, kind: BasisKind, doc_id: str) -> URIRef:
    m = res.mention
    node = mention_iri(str(doc), m)
    out.add(node, RDF.type, CANCU.Mention)
    out.add(node, CANCU.inDocument, doc)
    out.add(doc, CANCU.mentions, node)
    out.add(node, CANCU.start, _int(m.start))
    out.add(node, CANCU.end, _int(m.end))
    out.add(node, CANCU.text, Literal(m.text))
    sentence = sentence_around(source.text, m.start, m.end)
    out.add(node, CANCU.sentence, Literal(sentence))
    if m.type_as_written:
        out.add(node, CANCU.typeAsWritten, _vi(m.type_as_written))
    if m.symbol:
        out.add(node, CANCU.symbol, Literal(m.symbol))
    if m.date:
        out.add(node, CANCU.statedDate, _date(m.date))
    if m.issuer:
        out.add(node, CANCU.statedIssuer, _vi(m.issuer))
    if m.abbreviated:
        out.add(node, CANCU.abbreviated, _bool(True))
    if m.embedded:
        out.add(node, CANCU.embedded, _bool(True))
    if kind is not BasisKind.NONE:
        out.add(node, CANCU.inLegalBasis, _bool(True))
    for note in m.notes:
        out.add(node, CANCU.note, Literal(note))
    out.add(node, CANCU.resolutionStatus, _STATUS[res.status])
    if res.reason:
        out.add(node, CANCU.resolutionReason, _vi(res.reason))
    for candidate in res.candidates:
        out.add(node, CANCU.candidate, Literal(candidate))
    if instrument is not None:
        out.add(node, CANCU.resolvedTo, instrument)
    if m.pinpoint:
        _describe_pinpoint(out, node, m.pinpoint, instrument)
    # A denormalised copy of what a citation list shows, so "who cites X" reads one
    # literal per mention instead of joining six properties (kg/queries.cites).
    out.add(node, CANCU.evidence, Literal(json.dumps({
        "doc": doc_id, "text": m.text, "start": m.start, "end": m.end,
        "sentence": sentence, "pinpoint": m.pinpoint, "symbol": m.symbol,
        "basis": kind is not BasisKind.NONE}, ensure_ascii=False)))
    return node


def _resolution_target(res: Resolution) -> URIRef | None:
    # Ambiguous and unresolved mentions keep their node but point at nothing:
    # an edge to a guessed instrument would be a claim the text does not make.
    if res.iri and res.status in (ResolutionStatus.RESOLVED, ResolutionStatus.INFERRED):
        return URIRef(res.iri)
    return None


def document_triples(doc_iri: str, source: SourceText, info: DocumentInfo,
                     resolutions: Iterable[Resolution], *, doc_id: str, content_hash: str,
                     generated_at: dt.datetime | None = None) -> list[Triple]:
    """All triples of one document's named graph (see kg/ontology.ttl for the model).

    `generated_at` adds prov:generatedAtTime; leave it None when builds must be
    byte-for-byte reproducible (tests, idempotent re-ingest).
    """
    out = _Triples()
    doc = URIRef(doc_iri)
    own = _describe_document(out, doc, source, info, doc_id=doc_id, content_hash=content_hash,
                             generated_at=generated_at)
    body_start = preamble_end(source.text)
    for res in resolutions:
        m = res.mention
        instrument = _resolution_target(res)
        kind = basis_kind(source.text, m.start, m.end, body_start=body_start)
        # An instrument named inside another's title ("Nghị định … quy định chi
        # tiết Luật X") is cited, but it is not this document's own basis.
        if m.embedded:
            kind = BasisKind.NONE
        _describe_mention(out, doc, source, res, instrument, kind, doc_id)
        if instrument is None or instrument == own:
            continue
        key = res.key
        _describe_instrument(
            out, instrument,
            type_name=(key.type if key else None) or m.type,
            symbol=res.symbol or (key.symbol if key else None) or m.symbol,
            number=m.number,
            year=(key.year if key else None) or m.year,
            issuer=key.issuer if key else None,
            title=(key.name if key else None) or m.name,
        )
        out.add(doc, ELI.cites, instrument)
        if kind is not BasisKind.NONE:
            out.add(doc, ELI.based_on, instrument)
        if kind is BasisKind.IMPLEMENTS:
            out.add(doc, CANCU.implements, instrument)
    return out.list()

"""Triples of the registry's named graph: instruments not in the corpus, their
dates, and their dated relations, each with its source (PROV) and confidence.

A relation is both a plain edge (`eli:repeals`, for simple queries) and a node
carrying its effective date, source and confidence (for the audit's date logic
and for showing where a fact came from).
"""
from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.term import Node

from cancu.kg.triples.document import organization_iri, type_iri
from cancu.kg.iri import base_iri, instrument_iri
from cancu.kg.registry.instruments import Registry, RegistryInstrument
from cancu.kg.registry.resolve import registry_key
from cancu.kg.vocab import CANCU, ELI, ORG, PROV, RDF, SKOS, XSD

Triple = tuple[Node, Node, Node]

RELATION_PROPERTY = {
    "repeals": ELI.repeals,
    "replaces": CANCU.replaces,     # a sub-property of eli:repeals (see ontology.ttl)
    "amends": ELI.amends,
    "guides": CANCU.guides,         # quy định chi tiết, hướng dẫn thi hành
    "implements": CANCU.implements,  # triển khai thực hiện
}


def _date(value) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _vi(text: str) -> Literal:
    return Literal(text, lang="vi")


def instrument_node(inst: RegistryInstrument) -> URIRef:
    return URIRef(instrument_iri(registry_key(inst)))


def _sources(node: URIRef, sources: tuple[str, ...]) -> list[Triple]:
    """A web address becomes prov:wasDerivedFrom; any other source is kept as a note."""
    out: list[Triple] = []
    for src in sources:
        if re.fullmatch(r"https?://\S+", src):
            out.append((node, PROV.wasDerivedFrom, URIRef(src)))
        else:
            out.append((node, CANCU.sourceNote, Literal(src)))
    return out


def registry_triples(registry: Registry) -> list[Triple]:
    out: list[Triple] = []
    for inst in registry.instruments:
        node = instrument_node(inst)
        out += [(node, RDF.type, CANCU.Instrument), (node, RDF.type, ELI.LegalResource),
                (node, CANCU.symbol, Literal(inst.symbol)), (node, CANCU.inRegistry, Literal(True)),
                (node, CANCU.confidence, Literal(inst.confidence))]
        type_node = type_iri(inst.type)
        out += [(node, ELI.type_document, type_node), (type_node, SKOS.prefLabel, _vi(inst.type))]
        if inst.year:
            out.append((node, CANCU.year, Literal(str(inst.year), datatype=XSD.gYear)))
        if inst.name:
            out.append((node, CANCU.name, _vi(inst.name)))
        if inst.title:
            out.append((node, ELI.title, _vi(inst.title)))
        for alias in inst.aliases:
            out.append((node, SKOS.altLabel, _vi(alias)))
        if inst.issuer:
            org = organization_iri(inst.issuer)
            out += [(node, ELI.passed_by, org), (org, RDF.type, ORG.Organization),
                    (org, SKOS.prefLabel, _vi(inst.issuer))]
        if inst.signed:
            out.append((node, ELI.date_document, _date(inst.signed)))
        if inst.effective:
            out.append((node, ELI.first_date_entry_in_force, _date(inst.effective)))
        end, _ = registry.end_of(inst)
        if end:
            out.append((node, ELI.date_no_longer_in_force, _date(end)))
        out += _sources(node, inst.sources)
        if inst.notes:
            out.append((node, CANCU.note, Literal(inst.notes, lang="en")))
    base = base_iri()
    for i, rel in enumerate(registry.relations):
        subject, obj = registry.get(rel.subject), registry.get(rel.object)
        if subject is None or obj is None:
            continue   # Registry.load has already refused relations to unknown instruments
        s, o = instrument_node(subject), instrument_node(obj)
        out.append((s, RELATION_PROPERTY[rel.relation], o))
        node = URIRef(f"{base}graph/registry#relation-{i}")
        out += [(node, RDF.type, CANCU.DatedRelation), (node, CANCU.relSubject, s),
                (node, CANCU.relKind, Literal(rel.relation)), (node, CANCU.relObject, o),
                (node, CANCU.confidence, Literal(rel.confidence))]
        if rel.effective:
            out.append((node, CANCU.effective, _date(rel.effective)))
        out += _sources(node, rel.sources)
    return out

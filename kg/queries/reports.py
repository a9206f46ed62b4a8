"""Read models for people: one document with its citations and findings, and
one instrument with its status over time, relations and who cites it.

Built from the store (what was ingested) and the registry (what is known about
instruments in time); the CLI and the web app show these, they compute nothing.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from cancu.kg.queries import named as queries
from cancu.kg.audit.findings import STALE_KINDS
from cancu.kg.registry.instruments import Registry, RegistryInstrument, SourceRow, Status, StatusStatement
from cancu.kg.registry.resolve import registry_by_iri, registry_iri
from cancu.kg.store.graph import GraphStore

RELATION_VI = {
    "repeals": ("bãi bỏ", "bị bãi bỏ bởi"),
    "replaces": ("thay thế", "được thay thế bởi"),
    "amends": ("sửa đổi, bổ sung", "được sửa đổi, bổ sung bởi"),
    "guides": ("quy định chi tiết, hướng dẫn", "được quy định chi tiết, hướng dẫn bởi"),
    "implements": ("triển khai thực hiện", "được triển khai thực hiện bởi"),
}


@dataclass
class MentionView:
    start: int
    end: int
    text: str
    symbol: str | None
    instrument: str | None
    status: str           # "in_force" | "stale" | "unresolved" | "unknown" (see document_view)
    resolution: str       # resolved / inferred / ambiguous / unresolved
    reason: str | None
    pinpoint: str | None
    in_legal_basis: bool


@dataclass
class FindingView:
    finding: str
    symbol: str | None
    explanation: str
    replacement_chain: str | None
    start: int | None
    end: int | None
    instrument: str | None


@dataclass
class DocumentView:
    document: str
    iri: str
    text: str
    title: str | None
    type: str | None
    date: str | None
    date_text: str | None
    issuer: str | None
    period: str | None
    source_file: str
    mentions: list[MentionView]
    findings: list[FindingView]


@dataclass
class TimelineEvent:
    date: dt.date
    event: str            # Vietnamese


@dataclass
class RelationView:
    relation: str         # repeals / replaces / …
    label: str            # Vietnamese verb phrase
    symbol: str
    iri: str | None
    effective: dt.date | None
    confidence: str
    sources: tuple[str, ...] = ()
    origin: str = ""          # the registry row ("file:line") that gives the relation


@dataclass
class InstrumentReport:
    iri: str
    symbol: str | None
    type: str | None
    name: str | None
    title: str | None
    issuer: str | None
    signed: dt.date | None
    effective: dt.date | None
    ended: dt.date | None
    status: Status | None
    sources: tuple[str, ...]
    confidence: str | None
    # Each registry row merged into the instrument, the winning row first: its confidence,
    # sources and the facts it gave (``sources``/``confidence`` above are the merged ones).
    rows: tuple[SourceRow, ...] = ()
    # The public statements of its status (research/status.tsv), oldest first; the ones the
    # status rests on are among ``status.grounds``.
    statements: tuple[StatusStatement, ...] = ()
    timeline: list[TimelineEvent] = field(default_factory=list)
    relations_out: list[RelationView] = field(default_factory=list)
    relations_in: list[RelationView] = field(default_factory=list)
    # The mentions citing it, in document order; read a page at a time (cancu.kg.queries.named.citations).
    cited_by: Sequence[queries.CitationRow] = field(default_factory=list)


def _v(term) -> str | None:
    return term.value if term is not None else None


def _in_graph(store: GraphStore, doc_iri: str, body: str, select: str, tail: str = ""):
    """Run `SELECT … WHERE { GRAPH <doc> { body } }` (NamedNode validates the IRI)."""
    return store.query(f"SELECT {select} WHERE {{ GRAPH {ox.NamedNode(doc_iri)} {{ {body} }} }} {tail}")


def document_view(store: GraphStore, registry: Registry, doc_iri: str, *,
                  today: dt.date | None = None) -> DocumentView | None:
    """A document with its citations: each is `stale` (a finding says so), `in_force`
    (the registry says it stands today), `unresolved`, or `unknown` (no dates known)."""
    today = today or dt.date.today()
    standing = _standing(registry, today)
    g = ox.NamedNode(doc_iri)
    head = _in_graph(store, doc_iri, select="?id ?text ?file ?title ?tname ?date ?dtext ?issuer ?ptext", tail="LIMIT 1", body=f"""
          {g} cancu:documentId ?id ; cancu:fullText ?text ; cancu:sourceFile ?file .
          OPTIONAL {{ {g} eli:title ?title }} OPTIONAL {{ {g} eli:type_document/skos:prefLabel ?tname }}
          OPTIONAL {{ {g} eli:date_document ?date }} OPTIONAL {{ {g} cancu:dateText ?dtext }}
          OPTIONAL {{ {g} eli:passed_by/skos:prefLabel ?issuer }} OPTIONAL {{ {g} cancu:periodText ?ptext }}""")
    if not head:
        return None
    h = head[0]
    findings = [FindingView(r["kind"].value, _v(r["sym"]), r["expl"].value, _v(r["chain"]),
                            int(r["s"].value) if r["s"] is not None else None,
                            int(r["e"].value) if r["e"] is not None else None, _v(r["i"]))
                for r in _in_graph(store, doc_iri, select="?kind ?sym ?expl ?chain ?s ?e ?i", body="""
          ?f a cancu:Finding ; cancu:findingKind ?kind ; rdfs:comment ?expl .
          OPTIONAL { ?f cancu:symbol ?sym } OPTIONAL { ?f cancu:replacementChain ?chain }
          OPTIONAL { ?f cancu:start ?s } OPTIONAL { ?f cancu:end ?e } OPTIONAL { ?f cancu:concerns ?i }""")]
    stale_instruments = {f.instrument for f in findings if f.finding in STALE_KINDS and f.instrument}
    mentions = []
    for r in _in_graph(store, doc_iri, select="?m ?s ?e ?text ?sym ?i ?st ?why ?pin ?basis", body="""
          ?m a cancu:Mention ; cancu:start ?s ; cancu:end ?e ; cancu:text ?text ;
             cancu:resolutionStatus ?st .
          OPTIONAL { ?m cancu:symbol ?sym } OPTIONAL { ?m cancu:resolvedTo ?i }
          OPTIONAL { ?m cancu:resolutionReason ?why } OPTIONAL { ?m cancu:pinpoint/cancu:text ?pin }
          OPTIONAL { ?m cancu:inLegalBasis ?basis }"""):
        iri = _v(r["i"])
        resolution = r["st"].value.rsplit("#", 1)[-1].lower()
        status = ("unresolved" if iri is None else "stale" if iri in stale_instruments
                  else "in_force" if iri in standing else "unknown")
        mentions.append(MentionView(int(r["s"].value), int(r["e"].value), r["text"].value, _v(r["sym"]),
                                    iri, status, resolution, _v(r["why"]), _v(r["pin"]),
                                    r["basis"] is not None))
    mentions.sort(key=lambda m: m.start)
    findings.sort(key=lambda f: (f.start if f.start is not None else -1, f.finding))
    return DocumentView(h["id"].value, doc_iri, h["text"].value, _v(h["title"]), _v(h["tname"]),
                        _v(h["date"]), _v(h["dtext"]), _v(h["issuer"]), _v(h["ptext"]),
                        h["file"].value, mentions, findings)


@lru_cache(maxsize=8)
def _standing(registry: Registry, today: dt.date) -> frozenset[str]:
    """IRIs of the registry's instruments in force today (once per day, not per page)."""
    return frozenset(iri for iri, i in registry_by_iri(registry).items()
                     if registry.status_at(i.key, today).code in ("in_force", "partly_amended"))


# What the workspace says of an instrument the registry does not know (a plan's
# local basis, say). ?i is projected and grouped on: pyoxigraph refuses to
# substitute a variable the SELECT does not project.
_CITED_INSTRUMENT = """
    SELECT ?i (SAMPLE(?s) AS ?sym) (SAMPLE(?t) AS ?type) (SAMPLE(?ti) AS ?title) (SAMPLE(?n) AS ?name) WHERE {
      ?i a cancu:Instrument . OPTIONAL { ?i cancu:symbol ?s }
      OPTIONAL { ?i eli:type_document/skos:prefLabel ?t }
      OPTIONAL { ?i eli:title ?ti } OPTIONAL { ?i cancu:name ?n } } GROUP BY ?i"""


def instrument_report(store: GraphStore | None, registry: Registry, iri: str, *,
                      today: dt.date | None = None) -> InstrumentReport | None:
    """The instrument's report, or None when neither the registry nor the store knows `iri`."""
    today = today or dt.date.today()
    entry = _registry_entry_for(registry, iri)
    if entry is not None:
        report = _from_registry(registry, entry, iri, today)
    elif store is None:
        return None
    else:
        rows = store.query(_CITED_INSTRUMENT, substitutions={"i": ox.NamedNode(iri)})
        if not rows:
            return None
        r = rows[0]
        report = InstrumentReport(iri, _v(r["sym"]), _v(r["type"]), _v(r["name"]), _v(r["title"]),
                                  None, None, None, None, NOT_IN_REGISTRY, (), None)
    if store is not None:
        report.cited_by = queries.citations(store, [iri])   # read a page at a time
    return report


# An instrument the registry does not hold: its status is unknown, said so, never
# left blank (a blank reads as "nothing wrong").
NOT_IN_REGISTRY = Status("unknown", None, (),
                         "Văn bản chưa có trong danh mục văn bản, nên chưa rõ còn hay hết hiệu lực.")


def _registry_entry_for(registry: Registry, iri: str) -> RegistryInstrument | None:
    return registry_by_iri(registry).get(iri)


def _from_registry(registry: Registry, inst: RegistryInstrument, iri: str, today: dt.date) -> InstrumentReport:
    def iri_of(key: str) -> str | None:
        return registry_iri(registry, key)

    def label_of(key: str) -> str:
        other = registry.get(key)
        return other.label if other else key

    ended, _ = registry.end_of(inst)
    report = InstrumentReport(
        iri, inst.symbol, inst.type, inst.name or None, inst.title or None, inst.issuer or None,
        inst.signed, inst.effective, ended, registry.status_at(inst.key, today), inst.sources, inst.confidence,
        rows=inst.rows or (SourceRow(inst.origin, inst.confidence, inst.sources, (), inst.status_confirmed),),
        statements=tuple(registry.statements_about(inst.key)))
    if inst.signed:
        report.timeline.append(TimelineEvent(inst.signed, "Ban hành / thông qua"))
    if inst.effective:
        report.timeline.append(TimelineEvent(inst.effective, "Có hiệu lực"))
    for rel in registry.relations_from(inst.key):
        verb = RELATION_VI.get(rel.relation, (rel.relation, rel.relation))[0]
        report.relations_out.append(RelationView(rel.relation, verb, rel.object, iri_of(rel.object),
                                                 rel.effective, rel.confidence, rel.sources, rel.origin))
    for rel in registry.relations_to(inst.key):
        verb = RELATION_VI.get(rel.relation, (rel.relation, rel.relation))[1]
        report.relations_in.append(RelationView(rel.relation, verb, rel.subject, iri_of(rel.subject),
                                                rel.effective, rel.confidence, rel.sources, rel.origin))
        if rel.effective:
            report.timeline.append(TimelineEvent(rel.effective, f"{verb[0].upper()}{verb[1:]} {label_of(rel.subject)}"))
    if ended and not any(e.date == ended for e in report.timeline):
        report.timeline.append(TimelineEvent(ended, "Hết hiệu lực"))
    report.timeline.sort(key=lambda e: e.date)
    return report

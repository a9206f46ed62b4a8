"""Obligations read back from the store as `ObligationRow`s (cancu.kg.views): two SPARQL
queries whatever the number of obligations (one for the single-valued facts of each
obligation, one for its lists: co-leads, co-operating bodies, deadlines, legal basis), both
inside the document's named graph, so the label of an agency is the one written by that
document's ingest. The per-checkpoint obligations index (obligations_index) and the
filtered queries (cancu.kg.queries.tasks) both read through here.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from rdflib import Literal, URIRef

from cancu.kg.store.graph import GraphStore
from cancu.kg.views import DeadlineRow, ObligationRow, PlanPeriod
from cancu.nlp.text.fold import fold_key


def agency_words(text: str) -> str:
    """Folded words only: "Phòng Văn hoá - Xã hội" and "phong van hoa xa hoi" agree."""
    return _NON_WORD.sub(" ", fold_key(text)).strip()


_MAIN = """
SELECT ?o ?d ?doc ?start ?end ?source ?modality ?task ?section ?actorText ?agency ?agencyLabel
       ?schedule ?output ?reportsTo ?title ?signed ?periodStart ?periodEnd ?periodText WHERE {
  GRAPH ?d {
    ?d cancu:documentId ?doc .
    OPTIONAL { ?d eli:title ?title }
    OPTIONAL { ?d eli:date_document ?signed }
    OPTIONAL { ?d cancu:periodStart ?periodStart ; cancu:periodEnd ?periodEnd .
               OPTIONAL { ?d cancu:periodText ?periodText } }
    ?o a cancu:Obligation ; cancu:inDocument ?d ; cancu:start ?start ; cancu:end ?end ;
       cancu:obligationSource ?source ; cancu:modality ?modality ; cancu:task ?task .
    OPTIONAL { ?o cancu:planSection ?section }
    OPTIONAL { ?o cancu:actorText ?actorText }
    OPTIONAL { ?o cancu:actor ?agency . OPTIONAL { ?agency skos:prefLabel ?agencyLabel } }
    OPTIONAL { ?o cancu:schedule ?schedule }
    OPTIONAL { ?o cancu:output ?output }
    OPTIONAL { ?o cancu:reportsTo ?r . ?r skos:prefLabel ?reportsTo }
  }
}"""

# The list-valued facts, one row per value, tagged by ?kind.
_LISTS = """
SELECT ?o ?d ?doc ?kind ?v ?label ?date ?rec ?title WHERE {
  GRAPH ?d {
    ?d cancu:documentId ?doc .
    ?o a cancu:Obligation .
    { ?o cancu:coLead ?v . ?v skos:prefLabel ?label . BIND("co_lead" AS ?kind) }
    UNION { ?o cancu:coActor ?v . ?v skos:prefLabel ?label . BIND("co_actor" AS ?kind) }
    UNION { ?o cancu:hasDeadline ?v . ?v cancu:text ?label .
            OPTIONAL { ?v cancu:dueDate ?date } OPTIONAL { ?v cancu:recurrence ?rec }
            BIND("deadline" AS ?kind) }
    UNION { ?o cancu:legalBasis ?v . OPTIONAL { ?v cancu:symbol ?label }
            OPTIONAL { ?v eli:title ?title } BIND("basis" AS ?kind) }
  }
}"""

_DEADLINE_INDEX = re.compile(r"-d(\d+)$")

_NON_WORD = re.compile(r"[^0-9a-z]+")

def _value(term: Any) -> str | None:
    return None if term is None else term.value


def _document_binding(document: str | None) -> dict[str, Any] | None:
    if document is None:
        return None
    if document.startswith(("http://", "https://")):
        return {"d": URIRef(document)}
    return {"doc": Literal(document)}

def _base_rows(store: GraphStore, binding: dict[str, Any] | None,
               graphs: list[str] | None) -> dict[str, ObligationRow]:
    rows: dict[str, ObligationRow] = {}
    for r in store.query(_MAIN, substitutions=binding, graphs=graphs):
        iri = r["o"].value
        if iri in rows:
            continue     # two labels for one agency node would repeat the obligation
        rows[iri] = ObligationRow(
            iri=iri, document=r["doc"].value, document_iri=r["d"].value,
            start=int(r["start"].value), end=int(r["end"].value),
            source=r["source"].value, section=_value(r["section"]),
            actor=_value(r["actorText"]), agency=_value(r["agencyLabel"]),
            agency_iri=_value(r["agency"]), co_leads=[], cooperating=[],
            modality=r["modality"].value, task=r["task"].value,
            schedule=_value(r["schedule"]), deadlines=[], output=_value(r["output"]),
            reports_to=_value(r["reportsTo"]), basis=[], basis_symbols=[],
            document_title=_value(r["title"]), document_date=_date_value(r["signed"]),
            period=_period(r))
    return rows

def _date_value(term: Any) -> dt.date | None:
    try:
        return None if term is None else dt.date.fromisoformat(term.value[:10])
    except ValueError:
        return None

def _period(r: Any) -> PlanPeriod | None:
    start, end = _date_value(r["periodStart"]), _date_value(r["periodEnd"])
    if start is None or end is None:
        return None
    return PlanPeriod(start, end, _value(r["periodText"]) or "")

def _deadline_index(iri: str) -> int:
    m = _DEADLINE_INDEX.search(iri)
    return int(m.group(1)) if m else 0

def _fill_lists(store: GraphStore, binding: dict[str, Any] | None, graphs: list[str] | None,
                rows: dict[str, ObligationRow]) -> None:
    co_leads: dict[str, set[str]] = {}
    cooperating: dict[str, set[str]] = {}
    deadlines: dict[str, dict[str, DeadlineRow]] = {}
    basis: dict[str, dict[str, set[tuple[int, str]]]] = {}
    for r in store.query(_LISTS, substitutions=binding, graphs=graphs):
        iri = r["o"].value
        if iri not in rows:
            continue
        kind, value = r["kind"].value, r["v"].value
        if kind == "co_lead":
            co_leads.setdefault(iri, set()).add(r["label"].value)
        elif kind == "co_actor":
            cooperating.setdefault(iri, set()).add(r["label"].value)
        elif kind == "deadline":
            date = dt.date.fromisoformat(r["date"].value) if r["date"] is not None else None
            deadlines.setdefault(iri, {})[value] = DeadlineRow(
                text=r["label"].value, date=date, recurrence=_value(r["rec"]))
        elif kind == "basis":
            # Rank the names of the instrument: its symbol, else its title, else the IRI.
            names = basis.setdefault(iri, {}).setdefault(value, set())
            if r["label"] is not None:
                names.add((0, r["label"].value))
            elif r["title"] is not None:
                names.add((1, r["title"].value))
            else:
                names.add((2, value.rsplit("/", 1)[-1]))
    for iri, row in rows.items():
        # RDF keeps no order of a list: names alphabetically, deadlines by their index
        # (the order written, which calendar UIDs also use).
        row.co_leads = sorted(co_leads.get(iri, ()))
        row.cooperating = sorted(cooperating.get(iri, ()))
        row.deadlines = [d for _, d in sorted(deadlines.get(iri, {}).items(),
                                              key=lambda kv: _deadline_index(kv[0]))]
        named = {inst: min(names)[1] for inst, names in basis.get(iri, {}).items()}
        pairs = sorted(named.items(), key=lambda kv: (kv[1], kv[0]))
        row.basis = [i for i, _ in pairs]
        row.basis_symbols = [s for _, s in pairs]

def read_obligations(store: GraphStore, document: str | None = None, *,
                     graphs: list[str] | None = None) -> list[ObligationRow]:
    """Every obligation of the store (or of one document: file name or IRI; or of the
    document graphs `graphs`) read from the graph, unfiltered, in no particular order."""
    binding = _document_binding(document)
    rows = _base_rows(store, binding, graphs)
    _fill_lists(store, binding, graphs, rows)
    return list(rows.values())

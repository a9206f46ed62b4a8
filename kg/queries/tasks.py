"""Obligations read back from the store as `ObligationRow`s, filtered by agency,
document and due date (cancu/obligation_table.py writes them as CSV or Excel).

Two SPARQL queries whatever the number of obligations: one for the single-valued
facts of each obligation, one for its lists (co-leads, co-operating bodies,
deadlines, legal basis). Both match inside the document's named graph, so the
label of an agency is the one written by that document's ingest.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any

from rdflib import Literal, URIRef

from cancu.kg.store import obligations_index
from cancu.kg.queries.calendar import next_due_day, occurs_on_or_before
from cancu.kg.store.graph import GraphStore
from cancu.kg.queries.views import DeadlineRow, ObligationRow, ObligationSummary, PlanPeriod, deadline_text
from cancu.nlp.text.fold import fold_key

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


# ---------------------------------------------------------------- matching

def _words(text: str) -> str:
    """Folded words only: "Phòng Văn hoá - Xã hội" and "phong van hoa xa hoi" agree."""
    return _NON_WORD.sub(" ", fold_key(text)).strip()


def _contains_words(haystack: str, needle: str) -> bool:
    return f" {needle} " in f" {haystack} "


def agency_matcher(agency: str) -> Callable[[ObligationRow], bool]:
    """A predicate for `agency`: an agency IRI matches that agency exactly; a name
    matches, accent- and case-insensitively, the normalised lead, a co-lead, or
    (as a run of whole words) the lead as written."""
    if agency.startswith(("http://", "https://")):
        return lambda row: row.agency_iri == agency
    keys = agency_keys(agency)

    def match(row: ObligationRow) -> bool:
        names = [n for n in [row.agency, *row.co_leads] if n]
        if any(_words(n) in keys for n in names):
            return True
        written = _words(row.actor) if row.actor else ""
        return any(_contains_words(written, k) for k in keys)
    return match


def agency_keys(agency: str) -> set[str]:
    """The folded words an agency name is compared by: as typed and as the gazetteer
    normalises it ("Phòng VH-XH xã" → "Phòng Văn hóa - Xã hội")."""
    # Imported here because it loads spaCy, which only a name filter needs.
    from cancu.nlp.obligations import normalize_agency
    return {k for k in (_words(agency), _words(normalize_agency(agency))) if k}


def is_due_before(row: ObligationRow, limit: dt.date, today: dt.date) -> bool:
    """Some deadline falls on or before `limit`: a dated one, or any occurrence of a
    recurring one within the plan's period (its first occurrence from the plan's start,
    see `cancu.kg.queries.calendar.place`). A recurrence without a written day in a plan without a
    known start has no date and does not count."""
    return any(occurs_on_or_before(row, d, limit, today) for d in row.deadlines)


# ---------------------------------------------------------------- summary
# Only obligations carry cancu:obligationSource; grouping by graph needs no join
# (27 ms at 1,000 documents, against 365 ms joining documentId and rdf:type).
_COUNTS = """
SELECT ?d (COUNT(?o) AS ?n) WHERE { GRAPH ?d { ?o cancu:obligationSource ?source } } GROUP BY ?d"""
_DOCUMENT_IDS = """SELECT ?d ?doc WHERE { GRAPH ?d { ?d cancu:documentId ?doc } }"""
_AGENCIES = """
SELECT DISTINCT ?label WHERE { GRAPH ?d { ?o cancu:actor ?a . ?a skos:prefLabel ?label } }"""


def obligation_summary(store: GraphStore) -> ObligationSummary:
    """How many obligations each document holds and which agencies lead them,
    from two aggregate queries: a browser's filter choices and page counts
    without reading every obligation (seconds at 1,000 documents)."""
    ids = {r["d"].value: r["doc"].value for r in store.query(_DOCUMENT_IDS)}
    counts = {ids[r["d"].value]: int(r["n"].value) for r in store.query(_COUNTS) if r["d"].value in ids}
    agencies = sorted({r["label"].value for r in store.query(_AGENCIES)})
    return ObligationSummary(dict(sorted(counts.items())), agencies)


# ---------------------------------------------------------------- query

def _document_binding(document: str | None) -> dict[str, Any] | None:
    if document is None:
        return None
    if document.startswith(("http://", "https://")):
        return {"d": URIRef(document)}
    return {"doc": Literal(document)}


def _base_rows(store: GraphStore, binding: dict[str, Any] | None) -> dict[str, ObligationRow]:
    rows: dict[str, ObligationRow] = {}
    for r in store.query(_MAIN, substitutions=binding):
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


def _fill_lists(store: GraphStore, binding: dict[str, Any] | None,
                rows: dict[str, ObligationRow]) -> None:
    co_leads: dict[str, set[str]] = {}
    cooperating: dict[str, set[str]] = {}
    deadlines: dict[str, dict[str, DeadlineRow]] = {}
    basis: dict[str, dict[str, set[tuple[int, str]]]] = {}
    for r in store.query(_LISTS, substitutions=binding):
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


def read_obligations(store: GraphStore, document: str | None = None) -> list[ObligationRow]:
    """Every obligation of the store (or of one document: file name or IRI) read
    from the graph, unfiltered, in no particular order."""
    binding = _document_binding(document)
    rows = _base_rows(store, binding)
    _fill_lists(store, binding, rows)
    return list(rows.values())


def obligations(store: GraphStore, *, agency: str | None = None, document: str | None = None,
                due_before: dt.date | None = None,
                today: dt.date | None = None) -> Sequence[ObligationRow]:
    """Obligations in the store, by document (file name) and then position in it.

    `agency`: a name in any spelling, or an agency IRI (see `agency_matcher`);
    `document`: a file name or a document IRI; `due_before`: see `is_due_before`
    (`today` is the day recurrences are counted from, default today).

    A checkpoint published with its obligations index (kg/store/obligations_index.py)
    answers from it; without `document` or `due_before` the answer is then a lazy
    sequence that decodes only the rows asked for (a page of a long list).
    """
    index = obligations_index.for_checkpoint(store)
    if index is not None:
        out: Sequence[ObligationRow] | list[ObligationRow] = _from_index(index, agency, document)
        if document is not None:
            out = list(out)
    else:
        out = sorted(read_obligations(store, document), key=lambda r: (r.document, r.start, r.end, r.iri))
        if agency:
            match = agency_matcher(agency)
            out = [r for r in out if match(r)]
    if due_before is not None:
        start = today or dt.date.today()
        out = [r for r in out if is_due_before(r, due_before, start)]
    return out


def _from_index(index: "obligations_index.ObligationsIndex", agency: str | None, document: str | None):
    by_document: dict[str, str] = {}
    if document is not None:
        by_document = {"document_iri": document} if document.startswith(("http://", "https://")) \
            else {"document_id": document}
    if not agency:
        return index.select(**by_document)
    if agency.startswith(("http://", "https://")):
        return index.select(agency_iri=agency, **by_document)
    return index.select(agency_words=agency_keys(agency), **by_document)


def next_due(row: ObligationRow, today: dt.date) -> dt.date | None:
    """The nearest deadline from `today` on (a recurring one's next occurrence within
    the plan's period); a past dated deadline counts only when nothing is ahead."""
    ahead = [d for d in (next_due_day(row, x, today) for x in row.deadlines) if d is not None]
    return min(ahead) if ahead else row.next_due


__all__ = ["obligations", "agency_matcher", "is_due_before", "next_due", "deadline_text",
           "obligation_summary"]

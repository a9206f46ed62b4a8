"""Obligations filtered by agency, document and due date, from the checkpoint's obligations
index when it has one, else read from the store (cancu.kg.store.obligation_rows);
cancu/obligation_table.py writes them as CSV or Excel.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from cancu.kg.store.obligation_rows import agency_words, read_obligations
from cancu.kg.store import obligations_index
from cancu.kg.queries.calendar import day_without_today, next_due_day, occurs_on_or_before
from cancu.kg.store.graph import GraphStore
from cancu.kg.views import ObligationRow, ObligationSummary, deadline_text  # deadline_text: re-exported

# ---------------------------------------------------------------- matching


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
        if any(agency_words(n) in keys for n in names):
            return True
        written = agency_words(row.actor) if row.actor else ""
        return any(_contains_words(written, k) for k in keys)
    return match


def agency_keys(agency: str) -> set[str]:
    """The folded words an agency name is compared by: as typed and as the gazetteer
    normalises it ("Phòng VH-XH xã" → "Phòng Văn hóa - Xã hội")."""
    # Imported here because it loads spaCy, which only a name filter needs.
    from cancu.nlp.obligations import normalize_agency
    return {k for k in (agency_words(agency), agency_words(normalize_agency(agency))) if k}


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
    """How many obligations each document holds and which agencies lead them: a
    browser's filter choices and page counts without reading every obligation (seconds
    at 1,000 documents). From the checkpoint's obligations index, else from two
    aggregate queries over the store."""
    index = obligations_index.for_checkpoint(store)
    if index is not None:
        return ObligationSummary(*index.summary())
    ids = {r["d"].value: r["doc"].value for r in store.query(_DOCUMENT_IDS)}
    counts = {ids[r["d"].value]: int(r["n"].value) for r in store.query(_COUNTS) if r["d"].value in ids}
    agencies = sorted({r["label"].value for r in store.query(_AGENCIES)})
    return ObligationSummary(dict(sorted(counts.items())), agencies)


# ---------------------------------------------------------------- query


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
    start = today or dt.date.today()
    if index is not None:
        due = None
        if due_before is not None:
            due = obligations_index.DueBefore(due_before, first_day,
                                              lambda row: is_due_before(row, due_before, start))
        out: Sequence[ObligationRow] | list[ObligationRow] = _from_index(index, agency, document, due)
        if document is not None:
            out = list(out)
        return out
    out = sorted(read_obligations(store, document), key=lambda r: (r.document, r.start, r.end, r.iri))
    if agency:
        match = agency_matcher(agency)
        out = [r for r in out if match(r)]
    if due_before is not None:
        out = [r for r in out if is_due_before(r, due_before, start)]
    return out


def prepare_filters(store: GraphStore) -> bool:
    """Make what the agency and due-date filters read from the checkpoint's obligations
    index (kg/store/obligations_index.py), once per checkpoint and process; False when
    the checkpoint has no index (the filters then read the store)."""
    index = obligations_index.for_checkpoint(store)
    if index is None:
        return False
    index.prepare(first_day)
    return True


def first_day(row: ObligationRow) -> tuple[dt.date | None, bool]:
    """The first day a deadline of the row falls on, of those whose day does not depend
    on the day asked, and whether some deadline's does (see `day_without_today`):
    `is_due_before(row, limit, today)` is `day <= limit` for a row where none does."""
    days, depends = [], False
    for d in row.deadlines:
        day, on_today = day_without_today(row, d)
        depends = depends or on_today
        if day is not None:
            days.append(day)
    return (min(days) if days else None), depends


def obligations_by_iri(store: GraphStore, iris: Iterable[str]) -> list[ObligationRow]:
    """The obligations of these IRIs that the store holds, in list order (document file
    name, then position). From the checkpoint's obligations index when it has one, else
    read from the graphs of their documents (an obligation's IRI is its document's, with
    `#o<start>-<end>`: cancu.kg.triples.tasks)."""
    wanted = set(iris)
    index = obligations_index.for_checkpoint(store)
    if index is not None:
        return index.by_iri(wanted)
    documents = sorted({iri.rpartition("#o")[0] for iri in wanted if "#o" in iri})
    rows = [r for d in documents for r in read_obligations(store, d) if r.iri in wanted]
    return sorted(rows, key=lambda r: (r.document, r.start, r.end, r.iri))


def _from_index(index: "obligations_index.ObligationsIndex", agency: str | None, document: str | None,
                due: "obligations_index.DueBefore | None"):
    by: dict = {"due": due}
    if document is not None:
        by.update({"document_iri": document} if document.startswith(("http://", "https://"))
                  else {"document_id": document})
    if not agency:
        return index.select(**by)
    if agency.startswith(("http://", "https://")):
        return index.select(agency_iri=agency, **by)
    return index.select(agency_words=agency_keys(agency), **by)


def next_due(row: ObligationRow, today: dt.date) -> dt.date | None:
    """The nearest deadline from `today` on (a recurring one's next occurrence within
    the plan's period); a past dated deadline counts only when nothing is ahead."""
    ahead = [d for d in (next_due_day(row, x, today) for x in row.deadlines) if d is not None]
    return min(ahead) if ahead else row.next_due


__all__ = ["obligations", "obligations_by_iri", "agency_matcher", "is_due_before", "next_due", "deadline_text",
           "obligation_summary"]

"""Running a user's SPARQL query within limits: the answer type, the errors a
caller can act on, and the row cap applied while the solutions stream.

Results are taken from the store's iterator one at a time and the iteration
stops at the cap, so a query with a huge (or no) LIMIT never builds its whole
result; the answer says when it was cut. (A query that must see every solution
before its first one, ORDER BY over a cartesian product, say, still costs its
full evaluation: the time limit and the query process's memory limit bound that,
kg/sparql/pool.py.)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass
class SparqlAnswer:
    form: str                                        # SELECT | ASK | CONSTRUCT | DESCRIBE
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)   # SELECT: var → term or None
    triples: list[Any] = field(default_factory=list)           # CONSTRUCT/DESCRIBE
    boolean: bool | None = None                                # ASK
    truncated: bool = False                                    # cut at the row or byte cap
    # A SELECT without a LIMIT of its own is answered a page at a time (kg/sparql/page.py):
    # where the next page starts when there is one, and the rows one answer carries at most.
    next_offset: int | None = None
    row_limit: int | None = None
    # Written in the format asked (kg/sparql/format.py) by the query process, which
    # then leaves `rows` and `triples` empty; `row_count` says how many it wrote.
    body: bytes | None = None
    media_type: str = ""
    row_count: int = 0


class SparqlRejected(ValueError):
    """The query is not run: `reason` is "syntax", "update", "service" or "too_long";
    `keyword` names the update operation for "update"."""

    def __init__(self, reason: str, detail: str = "", keyword: str = ""):
        super().__init__(detail or reason)
        self.reason = reason
        self.detail = detail
        self.keyword = keyword


class SparqlTimeout(RuntimeError):
    """The query ran past its time limit and its process was killed."""


class SparqlBusy(RuntimeError):
    """Every query process is taken; `retry_after_s` is a fair wait."""

    def __init__(self, retry_after_s: int):
        super().__init__(f"all SPARQL query processes are busy; retry in {retry_after_s} s")
        self.retry_after_s = retry_after_s


class SparqlFailed(RuntimeError):
    """The query process died (e.g. past its memory limit) or the store failed;
    `reason` is "memory" or "error"."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason


def normalise_newlines(query: str) -> str:
    """CR LF and lone CR as LF. SPARQL ends a comment at either, some parsers at LF
    only: with one line end, the text checked and the text run read alike."""
    return query.replace("\r\n", "\n").replace("\r", "\n")


def _size(term: Any) -> int:
    if term is None:
        return 0
    value = getattr(term, "value", None)
    return len(value) if isinstance(value, str) else len(str(term))


def stream(result: Any, form: str, *, max_rows: int, max_bytes: int, skip: int = 0) -> SparqlAnswer:
    """A pyoxigraph query result read up to `max_rows` rows (or triples) and about
    `max_bytes` of term text, whichever comes first, after `skip` rows."""
    if isinstance(result, bool) or type(result).__name__ == "QueryBoolean":
        return SparqlAnswer("ASK", boolean=bool(result))
    solutions = hasattr(result, "variables")
    variables = [v.value for v in result.variables] if solutions else []
    items: list[Any] = []
    size, truncated = 0, False
    for item in result:
        if skip:
            skip -= 1
            continue
        if len(items) >= max_rows or size > max_bytes:
            truncated = True
            break
        if solutions:
            row = {name: item[name] for name in variables}
            size += sum(_size(t) for t in row.values())
            items.append(row)
        else:
            size += _size(item.subject) + _size(item.predicate) + _size(item.object)
            items.append(item)
    if form in ("CONSTRUCT", "DESCRIBE"):
        return SparqlAnswer(form, triples=items, truncated=truncated)
    return SparqlAnswer("SELECT", variables=variables, rows=items, truncated=truncated)


def cap_materialised(result: Any, form: str, *, max_rows: int, skip: int = 0) -> SparqlAnswer:
    """The same answer from a SPARQL endpoint client (kg/store/endpoint.py), whose terms
    become pyoxigraph terms, so callers see one kind of term whatever the store."""
    if isinstance(result, bool):
        return SparqlAnswer("ASK", boolean=result)
    result = result[skip:]
    truncated = len(result) > max_rows
    items = list(result[:max_rows])
    if form in ("CONSTRUCT", "DESCRIBE"):
        return SparqlAnswer(form, triples=[_ox_triple(t) for t in items], truncated=truncated)
    variables = list(items[0].keys()) if items else []
    rows = [{k: None if v is None else _ox_term(v) for k, v in row.items()} for row in items]
    return SparqlAnswer("SELECT", variables=variables, rows=rows, truncated=truncated)


def _ox_triple(triple: Any) -> Any:
    import pyoxigraph as ox     # as in _ox_term
    return ox.Triple(_ox_term(triple.subject), _ox_term(triple.predicate), _ox_term(triple.object))


def _ox_term(term: Any) -> Any:
    """cancu.kg.store.endpoint.RdfTerm → pyoxigraph term (a server's odd blank node ids or
    language tags are kept as fresh blank nodes and typed literals)."""
    import pyoxigraph as ox     # only an endpoint's answer needs it; the answer types above stay light
    if term.kind == "iri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        try:
            return ox.BlankNode(term.value)
        except ValueError:
            return ox.BlankNode()
    if term.language:
        try:
            return ox.Literal(term.value, language=term.language)
        except ValueError:
            return ox.Literal(term.value)
    return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype)) if term.datatype else ox.Literal(term.value)

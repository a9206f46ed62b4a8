"""A user's SELECT answered a page at a time, by the store's own engine and writer.

A SELECT without a LIMIT of its own gets the rows [offset, offset + page_rows):
the query text is run with `OFFSET offset LIMIT page_rows + 1` appended (the
extra row says whether a next page exists), so the store stops evaluating
after the page instead of producing every row, and Oxigraph writes the page as
SPARQL JSON itself. Reading rows one by one through Python cost ~35 µs a row
(pyoxigraph term objects, then pickling them to the server); at 10k documents
"every document with its title" took 0.75 s that way, 28 ms as one page.

Appending is valid SPARQL whenever the query ends with its solution modifiers:
the grammar allows LIMIT after GROUP BY, HAVING, ORDER BY and OFFSET, and a
comment on the last line is closed by the newline put first. It is not valid
after a trailing VALUES clause or a LIMIT of the query's own; with
its own OFFSET the appended LIMIT counts the rows to skip as well. After a
trailing VALUES clause the rows are read through Python
(cancu.kg.sparql.run.stream) as before, a page skipped row by row.

A query with its own LIMIT is whole up to the row cap (`max_rows`): its author
chose the rows. `QueryShape` (cancu.kg.sparql.guard) tells the cases apart on the
parsed query, never on the text.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from cancu.kg.sparql.guard import QueryShape
from cancu.kg.sparql.run import SparqlAnswer, SparqlRejected


@dataclass(frozen=True)
class Plan:
    """How to run one SELECT: the text given to the store, the rows answered at most,
    rows to skip while reading (when the text could not carry the OFFSET), whether the
    answer is a page (then it says where the next one starts), and whether the text
    carries the page's LIMIT (then the store's writer can write it whole)."""
    text: str
    rows: int
    skip: int = 0
    paged: bool = False
    native: bool = False


def plan(query: str, shape: QueryShape, *, offset: int, page_rows: int, max_rows: int) -> Plan:
    """The plan for a SELECT; `SparqlRejected("offset")` for a page offset on a query
    with a LIMIT of its own (it is one answer, not pages)."""
    if shape.limit is not None:
        if offset:
            raise SparqlRejected("offset", "offset= chỉ dùng cho truy vấn không có LIMIT riêng / "
                                           "offset= pages a query without a LIMIT of its own")
        # Written by the store when the query's own LIMIT keeps it within one page.
        return Plan(query, max_rows, native=shape.limit <= min(page_rows, max_rows))
    rows = min(page_rows, max_rows)
    if shape.trailing_values:
        return Plan(query, rows, skip=offset, paged=True)
    if shape.offset is not None:
        # Its own OFFSET stays; the page's rows are counted from there and skipped while read.
        return Plan(f"{query}\nLIMIT {offset + rows + 1}", rows, skip=offset, paged=True, native=True)
    tail = (f"\nOFFSET {offset}" if offset else "") + f"\nLIMIT {rows + 1}"
    return Plan(query + tail, rows, paged=True, native=True)


def native_select(result: Any, p: Plan, *, offset: int, max_bytes: int) -> tuple[list[str], list[dict], SparqlAnswer]:
    """A pyoxigraph SELECT result of a `native` plan, written by Oxigraph as SPARQL JSON
    and cut to the plan's rows and about `max_bytes` of term text (as `stream` cuts).
    Returns the variables, the JSON bindings kept, and the answer without its rows."""
    import pyoxigraph as ox     # the web app reads this module's plan without loading the store
    raw = result.serialize(format=ox.QueryResultsFormat.JSON)
    data = orjson.loads(raw)      # a page of 1,000 rows: 0.2 ms, where json took 1 ms
    variables = data["head"].get("vars", [])
    bindings = data["results"]["bindings"][p.skip:]
    if len(raw) <= max_bytes:
        # The term text is part of the bytes written, so it is within max_bytes:
        # only the rows cut the page (weighing 1,000 rows term by term cost ~3 ms).
        kept, truncated = bindings[:p.rows], len(bindings) > p.rows
    else:
        kept, truncated = _within(bindings, p.rows, max_bytes)
    answer = SparqlAnswer("SELECT", variables=variables, truncated=truncated, row_limit=p.rows,
                          next_offset=offset + len(kept) if truncated and p.paged else None)
    return variables, kept, answer


def _within(bindings: list[dict], rows: int, max_bytes: int) -> tuple[list[dict], bool]:
    """The first bindings up to `rows` and about `max_bytes` of term text, and
    whether some were left out."""
    kept: list[dict] = []
    size = 0
    for b in bindings:
        if len(kept) >= rows or size > max_bytes:
            return kept, True
        size += sum(_size(t) for t in b.values())
        kept.append(b)
    return kept, False


def _size(term: dict) -> int:
    if term.get("type") == "triple":
        return sum(_size(part) for part in term["value"].values())
    return len(term.get("value", ""))


def terms(bindings: list[dict]) -> list[dict[str, Any]]:
    """JSON bindings as rows of pyoxigraph terms (for the other formats and the page)."""
    return [{v: term(t) for v, t in b.items()} for b in bindings]


def term(t: dict) -> Any:
    """One SPARQL JSON term as a pyoxigraph term."""
    import pyoxigraph as ox     # as in native_select
    kind = t["type"]
    if kind == "uri":
        return ox.NamedNode(t["value"])
    if kind == "bnode":
        return ox.BlankNode(t["value"])
    if kind == "triple":
        v = t["value"]
        return ox.Triple(term(v["subject"]), term(v["predicate"]), term(v["object"]))
    if "xml:lang" in t:
        return ox.Literal(t["value"], language=t["xml:lang"])
    if "datatype" in t:
        return ox.Literal(t["value"], datatype=ox.NamedNode(t["datatype"]))
    return ox.Literal(t["value"])

"""Is a user's SPARQL text a read-only query without federation? Decided on the
parsed query (rdflib's parser and algebra), not on the text: a SERVICE anywhere
(OPTIONAL, UNION, subquery, FILTER EXISTS, a variable or prefixed name as the
service IRI, SILENT, any case or spacing) is a ServiceGraphPattern in the tree.

The text checked must be the text run: callers pass it through
`normalise_newlines` first and run that result, so a comment ended by a CR (which
SPARQL allows and rdflib does not) cannot hide a line from one parser only.
A query rdflib cannot parse is refused (fail closed), even when Oxigraph would
take it. The executing process has no network besides (kg/sparql/sandbox.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cancu.kg.sparql.run import SparqlRejected

_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
          "DescribeQuery": "DESCRIBE"}
_SERVICE = "ServiceGraphPattern"


def _has_service(node: Any, depth: int = 0) -> bool:
    if depth > 300:      # below Python's recursion limit; refuse rather than guess
        raise SparqlRejected("syntax", "query nested too deeply / truy vấn lồng quá sâu")
    name = getattr(node, "name", None)
    if name == _SERVICE:
        return True
    if isinstance(node, dict):
        return any(_has_service(v, depth + 1) for v in node.values())
    if isinstance(node, (list, tuple, set, frozenset)) or type(node).__name__ == "ParseResults":
        return any(_has_service(v, depth + 1) for v in node)
    return False


def _first_line(e: Exception) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0][:300]


@dataclass(frozen=True)
class QueryShape:
    """What the runner needs to know of a checked query besides its text: its form,
    its own top-level LIMIT and OFFSET (a subquery's do not count), and whether a
    VALUES clause ends it (the text then cannot take a LIMIT at its end)."""
    form: str                      # SELECT | ASK | CONSTRUCT | DESCRIBE
    limit: int | None = None
    offset: int | None = None
    trailing_values: bool = False


def inspect(query: str, prefixes: dict[str, str]) -> str:
    """The query's form ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"), or
    `SparqlRejected` (syntax, update, service)."""
    return shape(query, prefixes).form


def shape(query: str, prefixes: dict[str, str]) -> QueryShape:
    """The query's `QueryShape`, or `SparqlRejected` (syntax, update, service)."""
    from rdflib.plugins.sparql import algebra, parser     # rdflib: 0.5 s, for a user's query only

    try:
        parsed = parser.parseQuery(query)
    except Exception as e:          # pyparsing's errors have no common base worth naming
        try:
            update = parser.parseUpdate(query)
        except Exception:
            raise SparqlRejected("syntax", _first_line(e)) from None
        requests = update.get("request") or []
        raise SparqlRejected("update", keyword=_update_keyword(requests[0] if requests else None)) from None
    if _has_service(parsed):
        raise SparqlRejected("service")
    try:
        translated = algebra.translateQuery(parsed, initNs=prefixes)
    except Exception as e:
        raise SparqlRejected("syntax", _first_line(e)) from None
    if _has_service(translated.algebra):
        raise SparqlRejected("service")
    body = parsed[1]
    form = _FORMS.get(getattr(body, "name", ""))
    if form is None:
        raise SparqlRejected("syntax", "expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    # rdflib's CompValue answers a missing key with the key's name: ask with `in`.
    modifiers = body["limitoffset"] if "limitoffset" in body else {}
    return QueryShape(form, _integer(modifiers, "limit"), _integer(modifiers, "offset"),
                      "valuesClause" in body and body["valuesClause"] is not None)


def _integer(modifiers: Any, key: str) -> int | None:
    return int(modifiers[key]) if key in modifiers else None


def _update_keyword(request: Any) -> str:
    """The keyword that opens rdflib's update operation (InsertData, DeleteWhere,
    Load, Clear, …; Modify is WITH …, DELETE { … } or INSERT { … })."""
    name = getattr(request, "name", "") or ""
    if name == "Modify":
        if "withClause" in request:       # rdflib's CompValue is a dict of the parts present
            return "WITH"
        return "DELETE" if "delete" in request else "INSERT"
    for word in ("Insert", "Delete", "Load", "Clear", "Drop", "Create", "Add", "Move", "Copy"):
        if name.startswith(word):
            return word.upper()
    return "UPDATE"

"""Plain JSON from the read models the services return (dataclasses, dates,
tuples, anything with a `.value`), so the API never hand-copies fields."""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any


def jsonable(obj: Any) -> Any:
    kind = type(obj)
    if kind in _PLAIN:
        return obj
    names = _FIELDS.get(kind)
    if names is not None:       # a dataclass met before: its field names without asking again
        return {n: jsonable(getattr(obj, n)) for n in names}
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(obj))
        return {n: jsonable(getattr(obj, n)) for n in names}
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if hasattr(obj, "_asdict"):
        return jsonable(obj._asdict())
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in obj]
    if hasattr(obj, "value"):          # an RDF term
        return obj.value
    return str(obj)


def chain(result: Any) -> dict:
    """A ChainResult as `jsonable` writes it, field by field: a law's chain has a thousand
    nodes and edges, and asking each of them for its dataclass fields was most of the answer."""
    return {"root": result.root, "direction": result.direction,
            "nodes": [{"id": n.id, "kind": n.kind, "label": n.label, "status": n.status} for n in result.nodes],
            "edges": [{"source": e.source, "target": e.target, "relation": e.relation} for e in result.edges],
            "more": {str(k): v for k, v in result.more.items()}}


# An API answer holds thousands of values of a few types: the common ones are told
# by their exact type, and a dataclass's fields (dataclasses.fields builds a
# tuple each call) are looked up once per class.
_PLAIN = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[str, ...]] = {}


def candidate(c: Any) -> dict:
    e = c.entry
    return {"instrument": e.iri, "symbol": e.symbol, "type": e.type, "year": e.year,
            "name": e.name, "score": c.score, "why": c.why}


def search_result(result: Any) -> dict:
    q = result.query
    return {
        "query": {"text": q.text, "accentless": q.accentless, "restored": q.restored,
                  "instruments": [{"symbol": i.symbol, "instrument": i.iri} for i in q.instruments],
                  # named only by words that stay the topic; a client may offer them as cites:
                  "suggested": [{"symbol": i.symbol, "instrument": i.iri} for i in q.suggested],
                  "filters": {"types": q.types, "years": q.years, "cites": q.cites,
                              "issuers": q.issuers, "provinces": q.provinces, "stale": q.stale}},
        "total": result.total,
        "hits": [{"doc_id": h.doc_id, "title": h.title, "start": h.start, "end": h.end,
                  "passage_kind": h.passage_kind, "score": h.score, "snippet": h.snippet,
                  "snippet_html": h.snippet_html,
                  "highlights": [{"start": x.start, "end": x.end} for x in h.highlights]}
                 for h in result.hits],
        "facets": {name: [{"value": f.value, "count": f.count} for f in values]
                   for name, values in (result.facets or {}).items()},
    }

"""The JSON API under /api/v1/ (described by /api/openapi.json)."""
from __future__ import annotations

import dataclasses

from flask import Blueprint, Response, jsonify

from cancu.web import exports, links, meta
from cancu.web.cache import per_checkpoint
from cancu.web.context import arg, bool_arg, check_doc_id, int_arg, services
from cancu.web.errors import UserError
from cancu.web.openapi import spec
from cancu.web.pages import (audit_filter, chain_result, chain_svg, export_response, obligation_filters,
                             obligation_part, obligation_rows)
from cancu.web.paging import Window, window_request, windowed
from cancu.web.serialize import candidate, chain as chain_json, jsonable, search_result

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/openapi.json")
def openapi():
    return jsonify(spec())


@bp.get("/v1/search")
def search():
    q = arg("q", required=True)
    # A query that does not parse: BadQuery, a 400 (web/errors.py).
    result = services().search(q, limit=int_arg("limit", 10, hi=200), facets=bool_arg("facets"))
    return jsonify(search_result(result))


@bp.get("/v1/stats")
def stats():
    # Counting distinct documents, mentions and instruments reads the whole store:
    # once per checkpoint, not per health check.
    return jsonify(per_checkpoint(services(), "stats", services().stats))


@bp.get("/v1/documents")
def documents():
    window, docs = windowed(meta.documents(services()))
    return jsonify({"documents": [
        {"id": d.id, "iri": d.iri, "title": d.title, "type": d.type, "issuer": d.issuer, "date": d.date,
         "url": links.url_for("api.document", doc_id=d.id)} for d in docs], **window.fields()})


@bp.get("/v1/documents/<path:doc_id>")
def document(doc_id: str):
    doc_id = check_doc_id(doc_id)
    view = services().document(doc_id)           # NotFound: 404 (web/errors.py)
    body = jsonable(view)
    if not bool_arg("text", True):
        body.pop("text", None)
    if bool_arg("obligations", False):
        body["obligations"] = jsonable(services().obligations(document=view.iri))    # as the page does
    return jsonify(body)


@bp.get("/v1/instruments")
def instruments():
    q = arg("q", required=True)
    return jsonify({"query": q, "candidates": [candidate(c) for c in services().find_instruments(q)]})


@bp.get("/v1/instrument")
def instrument():
    target = arg("iri") or arg("q")
    if not target:
        raise UserError(400, "missing_param", name="iri")
    report = services().instrument(target)      # NotFound 404, Ambiguous 409, a bad IRI 400 (web/errors.py)
    window, cited_by = windowed(report.cited_by)
    # The paging fields (total, limit, offset, next) are about this list, the one that grows.
    return jsonify({**jsonable(dataclasses.replace(report, cited_by=cited_by)), **window.fields()})


@bp.get("/v1/cites")
def cites():
    q = arg("q", required=True)
    answer = services().cites(q)
    if not answer.candidates:           # names no instrument at all (as `cancu cites` says, exit 1)
        raise UserError(404, "no_instrument", q=q)
    window, rows = windowed(answer.rows)
    return jsonify({"query": q, "ambiguous": answer.ambiguous,
                    "candidates": [candidate(c) for c in answer.candidates],
                    "rows": jsonable(rows), **window.fields()})


def _format(allowed: tuple[str, ...]) -> str:
    f = (arg("format", "json") or "json").lower()
    if f not in allowed:
        raise UserError(400, "bad_param", name="format", why=", ".join(allowed))
    return f


@bp.get("/v1/audit")
def audit():
    f = _format(("json", "csv", "xlsx"))
    rows, choices = exports.audit_rows(services(), audit_filter())
    if f != "json":
        return export_response(rows, exports.AUDIT_COLUMNS, exports.audit_headers(), f, "ra-soat-can-cu")
    window, rows = windowed(rows)
    return jsonify({"count": len(rows), "findings": rows, "choices": choices, **window.fields()})


@bp.get("/v1/obligations")
def obligations():
    f = _format(("json", "csv", "xlsx", "ics"))
    if f == "ics":
        return Response(services().calendar(**obligation_filters()), mimetype="text/calendar")
    if f == "csv":
        return Response(services().obligations_csv(obligation_rows()), mimetype="text/csv")
    if f == "xlsx":
        return Response(services().obligations_xlsx(obligation_rows()),
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    limit, offset = window_request()
    total, rows = obligation_part(offset, offset + limit)
    return jsonify({"count": len(rows), "obligations": jsonable(rows), **Window(limit, offset, total).fields()})


@bp.get("/v1/chains")
def chains():
    f = _format(("json", "svg"))
    target, direction, result = chain_result()      # NotFound 404, Ambiguous 409 (web/errors.py)
    if f == "svg":
        return Response(str(chain_svg(result, target)), mimetype="image/svg+xml")
    body = chain_json(result)
    body["tree"] = result.tree()        # plain dicts, lists and strings already
    return jsonify(body)

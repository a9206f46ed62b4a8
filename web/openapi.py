"""The OpenAPI 3.1 description of the JSON API, the upload and the SPARQL
endpoint, built in code so it stays beside the routes it describes."""
from __future__ import annotations

from functools import lru_cache

from cancu.contract.vocab import (CHAIN_DIRECTIONS, MENTION_STATUSES, SPARQL_GRAPH_FORMATS, SPARQL_SELECT_FORMATS,
                                  FindingKind)
from cancu.web.paging import API_LIMIT, API_MAX_LIMIT

# The enums below are the contract's vocabularies, never a copy of them.
_DIRECTION = {"type": "string", "enum": list(CHAIN_DIRECTIONS)}
_FINDING = {"type": "string", "enum": [k.value for k in FindingKind.by_severity()]}


def _p(name: str, where: str = "query", *, required: bool = False, schema: dict | None = None,
       description: str = "") -> dict:
    return {"name": name, "in": where, "required": required or where == "path",
            "schema": schema or {"type": "string"}, "description": description}


def _json(ref: str, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


def _errors(*codes: int) -> dict:
    text = {400: "Bad input", 401: "Missing or wrong token", 403: "Forbidden (uploads disabled, CSRF)",
            404: "Not found", 409: "Ambiguous: several instruments match", 413: "Too large",
            415: "Unsupported file type", 500: "Server error", 501: "Not available on this server",
            503: "Busy or too slow"}
    return {str(c): {"description": text[c], "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Error"}}}} for c in codes}


NULL_STR = {"type": ["string", "null"]}
NULL_INT = {"type": ["integer", "null"]}
_STRINGS = {"type": "array", "items": {"type": "string"}}
_CONFIDENCE = {"type": "string", "enum": ["high", "medium", "low"]}
FORMAT_AUDIT = {"type": "string", "enum": ["json", "csv", "xlsx"], "default": "json"}
# Lists come a part at a time (web/paging.py); CSV, XLSX and ICS answers are complete.
PAGING_FIELDS = {
    "total": {"type": "integer", "description": "Rows in the whole (filtered) list"},
    "limit": {"type": "integer", "description": "At most this many rows in this answer"},
    "offset": {"type": "integer", "description": "Rows skipped before this answer's first"},
    "next": {"type": ["string", "null"], "description": "URL of the next part; null on the last"}}


def _paging(what: str) -> list[dict]:
    return [_p("limit", schema={"type": "integer", "minimum": 1, "maximum": API_MAX_LIMIT, "default": API_LIMIT},
               description=f"At most this many {what}"),
            _p("offset", schema={"type": "integer", "minimum": 0, "default": 0},
               description=f"Skip this many {what} (follow `next` for the next part)")]


SCHEMAS = {
    "Error": {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["status", "message"],
        "properties": {"status": {"type": "integer"}, "message": {"type": "string"},
                       "candidates": {"type": "array", "items": {"$ref": "#/components/schemas/Candidate"}}}}}},
    "Candidate": {"type": "object", "properties": {
        "instrument": {"type": "string", "format": "iri"}, "symbol": NULL_STR, "type": NULL_STR,
        "year": NULL_INT, "name": NULL_STR, "score": {"type": "number"}, "why": {"type": "string"}}},
    "SearchResult": {"type": "object", "properties": {
        "query": {"type": "object"}, "total": {"type": "integer"},
        "hits": {"type": "array", "items": {"type": "object", "properties": {
            "doc_id": {"type": "string"}, "title": {"type": "string"}, "start": {"type": "integer"},
            "end": {"type": "integer"}, "passage_kind": {"type": "string"}, "score": {"type": "number"},
            "snippet": {"type": "string"}, "snippet_html": {"type": "string", "description": "HTML-escaped, matches in <mark>"},
            "highlights": {"type": "array", "items": {"type": "object", "properties": {
                "start": {"type": "integer"}, "end": {"type": "integer"}}}}}}},
        "facets": {"type": "object", "additionalProperties": {"type": "array", "items": {
            "type": "object", "properties": {"value": {"type": "string"}, "count": {"type": "integer"}}}}}}},
    "Stats": {"type": "object", "additionalProperties": {"type": "integer"}},
    "DocumentList": {"type": "object", "properties": {"documents": {"type": "array", "items": {
        "type": "object", "properties": {"id": {"type": "string"}, "iri": {"type": "string"}, "title": NULL_STR,
                                         "type": NULL_STR, "issuer": NULL_STR, "date": NULL_STR,
                                         "url": {"type": "string"}}}}, **PAGING_FIELDS}},
    "Mention": {"type": "object", "properties": {
        "start": {"type": "integer"}, "end": {"type": "integer"}, "text": {"type": "string"},
        "symbol": NULL_STR, "instrument": NULL_STR,
        "status": {"type": "string", "enum": list(MENTION_STATUSES)},
        "resolution": {"type": "string"}, "reason": NULL_STR, "pinpoint": NULL_STR,
        "in_legal_basis": {"type": "boolean"}}},
    "Finding": {"type": "object", "properties": {
        "finding": _FINDING, "symbol": NULL_STR, "explanation": {"type": "string"},
        "replacement_chain": NULL_STR, "start": NULL_INT, "end": NULL_INT, "instrument": NULL_STR}},
    "Document": {"type": "object", "properties": {
        "document": {"type": "string"}, "iri": {"type": "string"}, "text": {"type": "string"},
        "title": NULL_STR, "type": NULL_STR, "date": NULL_STR, "date_text": NULL_STR, "issuer": NULL_STR,
        "period": NULL_STR, "source_file": {"type": "string"},
        "mentions": {"type": "array", "items": {"$ref": "#/components/schemas/Mention"}},
        "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
        "obligations": {"type": "array", "items": {"$ref": "#/components/schemas/Obligation"}}}},
    "Citation": {"type": "object", "properties": {
        "document": {"type": "string"}, "document_iri": {"type": "string"}, "instrument_iri": {"type": "string"},
        "symbol": NULL_STR, "text": {"type": "string"}, "start": {"type": "integer"}, "end": {"type": "integer"},
        "pinpoint": NULL_STR, "sentence": {"type": "string"}, "in_legal_basis": {"type": "boolean"}}},
    "Relation": {"type": "object", "properties": {
        "relation": {"type": "string"}, "label": {"type": "string"}, "symbol": {"type": "string"},
        "iri": NULL_STR, "effective": NULL_STR, "confidence": _CONFIDENCE, "sources": _STRINGS,
        "origin": {"type": "string", "description": "The registry row (file:line) that gives it"}}},
    "Instrument": {"type": "object", "properties": {
        "iri": {"type": "string"}, "symbol": NULL_STR, "type": NULL_STR, "name": NULL_STR, "title": NULL_STR,
        "issuer": NULL_STR, "signed": NULL_STR, "effective": NULL_STR, "ended": NULL_STR,
        "status": {"type": ["object", "null"], "properties": {
            "code": {"type": "string"}, "since": NULL_STR, "by": {"type": "array", "items": {"type": "string"}},
            "explanation_vi": {"type": "string"}, "confirmed_on": NULL_STR,
            "grounds": {"type": "array", "description": "The facts the status rests on", "items": {
                "type": "object", "properties": {
                    "fact_vi": {"type": "string"}, "origin": {"type": "string"}, "confidence": _CONFIDENCE,
                    "sources": _STRINGS}}},
            "caveat_vi": {"type": "string",
                          "description": "Names the low-confidence rows the status rests on; empty when none"}}},
        "sources": {"type": "array", "items": {"type": "string"},
                    "description": "Every merged row's sources together; per row in rows"},
        "confidence": {**NULL_STR, "description": "The winning row's; each row's own in rows"},
        "rows": {"type": "array", "description": "Each registry row merged into the instrument, the winning "
                                                 "row first", "items": {"type": "object", "properties": {
            "origin": {"type": "string"}, "confidence": _CONFIDENCE, "sources": _STRINGS,
            "gave": {**_STRINGS, "description": "The fields whose value this row gives"},
            "confirms_status": {"type": "boolean"},
            "name": {"type": "string", "description": "The name this row writes"},
            "set_aside": {"type": "boolean", "description": "Less reliable than the winning row and naming "
                                                            "another act: no fact taken from it"}}}},
        "statements": {"type": "array", "description": "Public statements of its status", "items": {
            "type": "object", "properties": {
                "instrument": {"type": "string"}, "status": {"type": "string", "enum": ["in_force", "ended"]},
                "as_of": NULL_STR, "expired": NULL_STR, "replaced_by": _STRINGS, "sources": _STRINGS,
                "confidence": _CONFIDENCE, "notes": {"type": "string"}, "origin": {"type": "string"}}}},
        "timeline": {"type": "array", "items": {"type": "object", "properties": {
            "date": {"type": "string", "format": "date"}, "event": {"type": "string"}}}},
        "relations_out": {"type": "array", "items": {"$ref": "#/components/schemas/Relation"}},
        "relations_in": {"type": "array", "items": {"$ref": "#/components/schemas/Relation"}},
        "cited_by": {"type": "array", "items": {"$ref": "#/components/schemas/Citation"},
                     "description": "Documents citing it, the part given by limit and offset"},
        **PAGING_FIELDS}},
    "InstrumentLookup": {"type": "object", "properties": {
        "query": {"type": "string"}, "candidates": {"type": "array", "items": {"$ref": "#/components/schemas/Candidate"}}}},
    "Cites": {"type": "object", "properties": {
        "query": {"type": "string"}, "ambiguous": {"type": "boolean"},
        "candidates": {"type": "array", "items": {"$ref": "#/components/schemas/Candidate"}},
        "rows": {"type": "array", "items": {"$ref": "#/components/schemas/Citation"}}, **PAGING_FIELDS}},
    "Audit": {"type": "object", "properties": {
        "count": {"type": "integer", "description": "Rows in this answer"}, **PAGING_FIELDS,
        "findings": {"type": "array", "items": {"type": "object", "properties": {
            "document": {"type": "string"}, "title": NULL_STR, "issuer": NULL_STR, "year": NULL_INT,
            "finding": _FINDING, "symbol": NULL_STR, "explanation": {"type": "string"},
            "replaced_by": NULL_STR, "start": NULL_INT, "end": NULL_INT}}},
        "choices": {"type": "object"}}},
    "Obligation": {"type": "object", "properties": {
        "iri": {"type": "string"}, "document": {"type": "string"}, "document_iri": {"type": "string"},
        "start": {"type": "integer"}, "end": {"type": "integer"}, "source": {"type": "string"},
        "section": NULL_STR, "actor": NULL_STR, "agency": NULL_STR, "agency_iri": NULL_STR,
        "co_leads": {"type": "array", "items": {"type": "string"}},
        "cooperating": {"type": "array", "items": {"type": "string"}},
        "modality": {"type": "string", "enum": ["must", "request", "prohibition"]},
        "task": {"type": "string"}, "schedule": NULL_STR,
        "deadlines": {"type": "array", "items": {"type": "object", "properties": {
            "text": {"type": "string"}, "date": NULL_STR, "recurrence": NULL_STR}}},
        "output": NULL_STR, "reports_to": NULL_STR,
        "basis": {"type": "array", "items": {"type": "string"}},
        "basis_symbols": {"type": "array", "items": {"type": "string"}}}},
    "Obligations": {"type": "object", "properties": {
        "count": {"type": "integer", "description": "Rows in this answer"}, **PAGING_FIELDS,
        "obligations": {"type": "array", "items": {"$ref": "#/components/schemas/Obligation"}}}},
    "Chain": {"type": "object", "properties": {
        "root": {"type": "string"}, "direction": _DIRECTION,
        "nodes": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "string"}, "kind": {"type": "string"}, "label": {"type": "string"}, "status": NULL_STR}}},
        "edges": {"type": "array", "items": {"type": "object", "properties": {
            "source": {"type": "string"}, "target": {"type": "string"}, "relation": {"type": "string"}}}},
        "more": {"type": "object", "additionalProperties": {"type": "integer"},
                 "description": "node → plans left out under it (parameter plans)"},
        "tree": {"type": "object"}}},
    "UploadResult": {"type": "object", "properties": {
        "document": {"type": "string"}, "status": {"type": "string", "enum": ["added", "replaced", "unchanged"]},
        "mentions": NULL_INT, "obligations": NULL_INT, "findings": NULL_INT,
        "url": {"type": "string"}, "page": {"type": "string"}}},
    "SparqlResults": {"type": "object", "description": "SPARQL 1.1 Query Results JSON Format",
                      "properties": {"head": {"type": "object"}, "results": {"type": "object"},
                                     "boolean": {"type": "boolean"}}},
}

_SPARQL_RESPONSES = {
    "200": {"description": "Results (SELECT/ASK: SPARQL JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE: Turtle, N-Triples)",
            "content": {"application/sparql-results+json": {"schema": {"$ref": "#/components/schemas/SparqlResults"}},
                        "application/sparql-results+xml": {"schema": {"type": "string"}},
                        "text/csv": {"schema": {"type": "string"}},
                        "text/tab-separated-values": {"schema": {"type": "string"}},
                        "text/turtle": {"schema": {"type": "string"}},
                        "application/n-triples": {"schema": {"type": "string"}}},
            "headers": {"X-SPARQL-Truncated": {"description": "true when the answer was cut at the row cap, "
                                                              "or is a page with more after it",
                                               "schema": {"type": "string", "enum": ["true", "false"]}},
                        "X-SPARQL-Row-Limit": {"description": "the rows this answer could carry: a page's "
                                                              "(SELECT without LIMIT) or the row cap",
                                               "schema": {"type": "integer"}},
                        "X-SPARQL-Next-Offset": {"description": "offset= of the next page, when there is one",
                                                 "schema": {"type": "integer"}},
                        "Link": {"description": '<URL of the next page>; rel="next" (GET)',
                                 "schema": {"type": "string"}}}},
    **_errors(400, 415, 500, 503),
}
_SPARQL_OFFSET = _p("offset", schema={"type": "integer", "minimum": 0, "default": 0},
                    description="A SELECT without LIMIT is answered a page at a time (1,000 rows by "
                                "default): the first row of the page; not allowed with the query's own LIMIT")
_SPARQL_FORMAT = _p("format", schema={"type": "string", "enum": [*SPARQL_SELECT_FORMATS, *SPARQL_GRAPH_FORMATS, "html"]},
                    description="Overrides the Accept header")


@lru_cache(maxsize=1)
def spec() -> dict:
    doc_id = _p("doc_id", "path", description="File name of the document, e.g. 002_93d6b709dd7d643f.txt")
    return {
        "openapi": "3.1.0",
        "info": {"title": "cancu API", "version": "1.0.0",
                 "description": "Căn cứ pháp lý trong văn bản hành chính Việt Nam: tìm kiếm, văn bản, "
                                "rà soát, nhiệm vụ, chuỗi căn cứ. / Vietnamese legal references: search, "
                                "documents, audit, obligations, chains. Errors are "
                                '{"error": {"status", "message"}}.'},
        "servers": [{"url": "/"}],
        "components": {"schemas": SCHEMAS, "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "description": "CANCU_TOKEN"}}},
        "paths": {
            "/api/v1/search": {"get": {
                "summary": "Tìm kiếm toàn văn / full-text search", "operationId": "search",
                "parameters": [_p("q", required=True, description="Query; filters loai:, nam:, cites:, stale:, coquan:, tinh:"),
                               _p("limit", schema={"type": "integer", "minimum": 1, "maximum": 200, "default": 10}),
                               _p("facets", schema={"type": "boolean", "default": False})],
                "responses": {"200": _json("SearchResult"), **_errors(400, 500)}}},
            "/api/v1/stats": {"get": {
                "summary": "Số liệu kho / workspace counts", "operationId": "stats",
                "responses": {"200": _json("Stats"), **_errors(500)}}},
            "/api/v1/documents": {
                "get": {"summary": "Danh sách văn bản / list documents", "operationId": "listDocuments",
                        "parameters": _paging("documents"),
                        "responses": {"200": _json("DocumentList"), **_errors(400, 500)}},
                "post": {"summary": "Tải văn bản lên / upload a document", "operationId": "uploadDocument",
                         "security": [{"bearer": []}],
                         "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                             "type": "object", "required": ["file"], "properties": {
                                 "file": {"type": "string", "contentMediaType": "application/octet-stream",
                                          "description": ".txt, .docx, .pdf or .html"}}}}}},
                         "responses": {"201": _json("UploadResult", "Added"), "200": _json("UploadResult", "Replaced or unchanged"),
                                       **_errors(400, 401, 403, 413, 415, 500, 501)}}},
            "/api/v1/documents/{doc_id}": {"get": {
                "summary": "Một văn bản với trích dẫn và kết quả rà soát / one document", "operationId": "getDocument",
                "parameters": [doc_id, _p("text", schema={"type": "boolean", "default": True}),
                               _p("obligations", schema={"type": "boolean", "default": False})],
                "responses": {"200": _json("Document"), **_errors(400, 404, 500)}}},
            "/api/v1/instruments": {"get": {
                "summary": "Tra cứu văn bản theo cách gõ / look up instruments", "operationId": "findInstruments",
                "parameters": [_p("q", required=True, description="e.g. nđ 59, Luật 10/2022/QH15")],
                "responses": {"200": _json("InstrumentLookup"), **_errors(400, 500)}}},
            "/api/v1/instrument": {"get": {
                "summary": "Một văn bản được trích dẫn: hiệu lực, quan hệ, nơi trích dẫn / one instrument",
                "operationId": "getInstrument",
                "parameters": [_p("iri", description="Instrument IRI"), _p("q", description="…or text naming it"),
                               *_paging("citing documents (cited_by)")],
                "responses": {"200": _json("Instrument"), **_errors(400, 404, 409, 500)}}},
            "/api/v1/cites": {"get": {
                "summary": "Văn bản nào trích dẫn X / which documents cite X", "operationId": "cites",
                "parameters": [_p("q", required=True), *_paging("rows")],
                "responses": {"200": _json("Cites"), **_errors(400, 500)}}},
            "/api/v1/audit": {"get": {
                "summary": "Rà soát căn cứ / audit findings", "operationId": "audit",
                "parameters": [_p("issuer"), _p("year", schema={"type": "integer"}), _p("finding", schema=_FINDING),
                               _p("document"), _p("format", schema=FORMAT_AUDIT), *_paging("findings (JSON only)")],
                "responses": {"200": {**_json("Audit"), "content": {
                    **_json("Audit")["content"], "text/csv": {"schema": {"type": "string"}},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "contentEncoding": "binary"}}}},
                    **_errors(400, 500)}}},
            "/api/v1/obligations": {"get": {
                "summary": "Nhiệm vụ được giao / obligations", "operationId": "obligations",
                "parameters": [_p("agency"), _p("document"), _p("due_before", schema={"type": "string", "format": "date"}),
                               _p("format", schema={"type": "string", "enum": ["json", "csv", "xlsx", "ics"], "default": "json"}),
                               *_paging("obligations (JSON only)")],
                "responses": {"200": {**_json("Obligations"), "content": {
                    **_json("Obligations")["content"], "text/csv": {"schema": {"type": "string"}},
                    "text/calendar": {"schema": {"type": "string"}},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "contentEncoding": "binary"}}}},
                    **_errors(400, 500, 501)}}},
            "/api/v1/chains": {"get": {
                "summary": "Chuỗi căn cứ – nhiệm vụ – đơn vị / obligation chain", "operationId": "chain",
                "parameters": [_p("iri"), _p("q"),
                               _p("direction", schema={**_DIRECTION, "default": CHAIN_DIRECTIONS[0]}),
                               _p("plans", schema={"type": "integer", "minimum": 1, "maximum": 10000, "default": 10},
                                  description="kế hoạch tối đa dưới mỗi nút / at most this many plans under any one node"),
                               _p("format", schema={"type": "string", "enum": ["json", "svg"], "default": "json"})],
                "responses": {"200": {**_json("Chain"), "content": {**_json("Chain")["content"],
                                                                     "image/svg+xml": {"schema": {"type": "string"}}}},
                              **_errors(400, 404, 409, 500, 501)}}},
            "/api/openapi.json": {"get": {
                "summary": "Tài liệu này / this document", "operationId": "openapi",
                "responses": {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
            "/sparql": {
                "get": {"summary": "SPARQL 1.1 query (read-only)", "operationId": "sparqlGet",
                        "parameters": [_p("query", required=True), _SPARQL_FORMAT, _SPARQL_OFFSET],
                        "responses": _SPARQL_RESPONSES},
                "post": {"summary": "SPARQL 1.1 query (read-only)", "operationId": "sparqlPost",
                         "parameters": [_SPARQL_FORMAT, _SPARQL_OFFSET],
                         "requestBody": {"required": True, "content": {
                             "application/sparql-query": {"schema": {"type": "string"}},
                             "application/x-www-form-urlencoded": {"schema": {
                                 "type": "object", "required": ["query"], "properties": {"query": {"type": "string"}}}}}},
                         "responses": _SPARQL_RESPONSES}},
        },
    }

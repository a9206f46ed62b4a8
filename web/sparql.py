"""The SPARQL 1.1 protocol endpoint `/sparql` (GET ?query=, POST form or
application/sparql-query), read-only, and the SPARQL page for people.

Queries run through `services.sparql(...)`, which parses each one (refusing
updates and SERVICE on the parsed query), runs it in a query process with no
network that is killed at the time limit, stops reading results at the row
cap, and writes the answer in the format chosen here (cancu.contract.views.SparqlResult):
this module negotiates the format and sends the bytes.

A SELECT without a LIMIT of its own is answered a page at a time: SPARQL_PAGE_ROWS
rows (1,000) from `offset=` (0), evaluated only that far (kg/sparql/page.py). The
answer then says `X-SPARQL-Truncated: true` and where the next page starts
(`X-SPARQL-Next-Offset`, and for GET a `Link: <…>; rel="next"`); the page for people
links to it. The page for people shows SPARQL_HTML_PAGE_ROWS rows (200) a page: a
table of a thousand rows is read by nobody, and its cost grows with the rows (at 10k
documents «every document with its title» cost ~37 ms of CPU as 1,000 rows on the
page, Oxigraph ~15 µs a row with its titles, the template ~10 µs). A query with its
own LIMIT is answered whole, up to SPARQL_MAX_ROWS rows.

Limits, all in the app config: SPARQL_TIMEOUT_S, SPARQL_MAX_ROWS, SPARQL_PAGE_ROWS, SPARQL_HTML_PAGE_ROWS,
SPARQL_MAX_BYTES (term text per answer), SPARQL_MAX_QUERY_CHARS,
SPARQL_WORKERS (query processes per server process; a request that finds them
all busy waits SPARQL_QUEUE_S, then gets 503 with Retry-After), SPARQL_MEMORY_MB
(heap of one query process).
"""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, current_app, render_template, request, url_for

from cancu.contract.errors import BadQuery, Busy, ServiceError, TimedOut, TooLarge
from cancu.contract.views import SparqlLimits, SparqlResult
from cancu.contract.vocab import (SPARQL_FORMAT_ALIASES, SPARQL_GRAPH_FORMATS, SPARQL_SELECT_FORMATS, FindingKind,
                                  forbidden_keyword, query_form)
from cancu.web.context import services
from cancu.web.errors import UserError, from_service
from cancu.web.negotiation import explicit_html

bp = Blueprint("sparql", __name__)
MAX_OFFSET = 10**9

# One row per answer: an instrument's facts are repeated in every graph that cites it, so
# a pattern outside GRAPH matches once per citing plan without DISTINCT.
# The stale finding kinds as SPARQL strings, in the audit's order (cancu.kg.audit.findings).
_STALE_CODES = ", ".join(f'"{k.value}"' for k in FindingKind.by_severity() if k.is_stale)
EXAMPLES = [
    ("Kế hoạch nào căn cứ Nghị định 59/2023/NĐ-CP?", "Which plans rest on Decree 59/2023/NĐ-CP?", """\
SELECT DISTINCT ?id ?title WHERE {
  GRAPH ?plan {
    ?plan cancu:documentId ?id ; eli:based_on ?decree .
    OPTIONAL { ?plan eli:title ?title }
  }
  ?decree cancu:symbol "59/2023/NĐ-CP" .
} ORDER BY ?id"""),
    ("Căn cứ đã hết hiệu lực", "Bases no longer in force", """\
SELECT DISTINCT ?id ?symbol ?explanation WHERE {
  GRAPH ?g {
    ?f a cancu:Finding ; cancu:findingKind ?kind ; rdfs:comment ?explanation ;
       cancu:inDocument ?d .
    ?d cancu:documentId ?id .
    OPTIONAL { ?f cancu:symbol ?symbol }
    FILTER (?kind IN (%s))
  }
} ORDER BY ?id""" % _STALE_CODES),
    ("Văn bản được trích dẫn nhiều nhất", "Most cited instruments", """\
SELECT ?symbol (COUNT(DISTINCT ?doc) AS ?documents) WHERE {
  GRAPH ?doc { ?doc eli:cites ?i }
  ?i cancu:symbol ?symbol .
} GROUP BY ?symbol ORDER BY DESC(?documents) LIMIT 20"""),
    ("Văn bản bị bãi bỏ và văn bản bãi bỏ", "What repealed what", """\
SELECT DISTINCT ?repealed ?by WHERE {
  ?new eli:repeals ?old .
  ?new cancu:symbol ?by . ?old cancu:symbol ?repealed .
} ORDER BY ?repealed ?by"""),
    ("Đồ thị căn cứ của một kế hoạch (CONSTRUCT)", "A plan's bases as a graph (CONSTRUCT)", """\
CONSTRUCT { ?plan eli:based_on ?i . ?i cancu:symbol ?s } WHERE {
  GRAPH ?plan { ?plan cancu:documentId "002_93d6b709dd7d643f.txt" ; eli:based_on ?i }
  OPTIONAL { ?i cancu:symbol ?s }
}"""),
]


def init_app(app: Flask) -> None:
    """Nothing to set up: the services start their query processes on first use."""


# ------------------------------------------------------------------ running
def check(query: str) -> str:
    """A first look at the text, for quick clear refusals; the decision that
    counts is made on the parsed query by the services."""
    if not query or not query.strip():
        raise UserError(400, "missing_param", name="query")
    limit = int(current_app.config["SPARQL_MAX_QUERY_CHARS"])
    if len(query) > limit:
        raise UserError(400, "sparql_too_long", n=f"{limit:,}".replace(",", "."))
    bad = forbidden_keyword(query)
    if bad == "SERVICE":
        raise UserError(400, "sparql_service")
    if bad:
        raise UserError(400, "sparql_update", keyword=bad)
    form = query_form(query)
    if form is None:
        raise UserError(400, "sparql_syntax", why="cần SELECT, ASK, CONSTRUCT hoặc DESCRIBE / "
                                                  "expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return form


def page_rows(chosen: str) -> int:
    """Rows a page of a SELECT without LIMIT: fewer on the page for people ("html")."""
    rows = int(current_app.config["SPARQL_PAGE_ROWS"])
    if chosen == "html":
        return min(rows, int(current_app.config["SPARQL_HTML_PAGE_ROWS"]))
    return rows


def limits(chosen: str) -> SparqlLimits:
    config = current_app.config
    return SparqlLimits(timeout_s=float(config["SPARQL_TIMEOUT_S"]), max_rows=int(config["SPARQL_MAX_ROWS"]),
                        page_rows=page_rows(chosen),
                        max_bytes=int(config["SPARQL_MAX_BYTES"]), processes=int(config["SPARQL_WORKERS"]),
                        memory_mb=int(config["SPARQL_MEMORY_MB"]), queue_s=float(config["SPARQL_QUEUE_S"]))


def execute(query: str, chosen: str) -> SparqlResult:
    """The answer written in format `chosen` ("html": as terms for the page), from the
    page `offset=` asks for."""
    try:
        return services().sparql(query, format=chosen, limits=limits(chosen), offset=_offset())
    except ServiceError as e:
        raise _user_error(e) from None


def _offset() -> int:
    raw = (request.values.get("offset") or "").strip()
    if not raw:
        return 0
    if not raw.isdigit() or int(raw) > MAX_OFFSET:
        raise UserError(400, "bad_param", name="offset", why=f"0–{MAX_OFFSET}")
    return int(raw)


def next_page_url(query: str, result: SparqlResult, fmt: str | None) -> str | None:
    """The GET URL of the page after this one, when there is one."""
    if result.next_offset is None:
        return None
    args = {"query": query, "offset": result.next_offset, **({"format": fmt} if fmt else {})}
    return url_for("sparql.endpoint") + "?" + urlencode(args)


def _user_error(e: ServiceError) -> UserError:
    if isinstance(e, BadQuery) and e.reason == "value":
        return UserError(400, "bad_param", name=e.param or "query", why=str(e))
    if isinstance(e, BadQuery):
        if e.reason == "service":
            return UserError(400, "sparql_service")
        if e.reason == "update":
            return UserError(400, "sparql_update", keyword=e.keyword or "UPDATE")
        return UserError(400, "sparql_syntax", why=_first_line(e))
    if isinstance(e, TimedOut):
        return UserError(503, "sparql_timeout", s=f"{e.limit_s:g}")
    if isinstance(e, Busy):
        return UserError(503, "sparql_busy", s=e.retry_after_s, headers={"Retry-After": str(e.retry_after_s)})
    if isinstance(e, TooLarge):
        return UserError(503, "sparql_memory", mb=e.limit_mb)
    return from_service(e)


def _first_line(e: Exception) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0][:300]


# ------------------------------------------------------------------ the protocol
def _query_text() -> str | None:
    if request.method == "GET":
        if "update" in request.args:
            raise UserError(400, "sparql_update", keyword="UPDATE")
        return request.args.get("query")
    ctype = (request.mimetype or "").lower()
    if ctype == "application/sparql-query":
        return request.get_data(as_text=True)
    if ctype == "application/sparql-update" or "update" in request.form:
        raise UserError(400, "sparql_update", keyword="UPDATE")
    if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return request.form.get("query")
    raise UserError(415, "sparql_content_type")


def _chosen_format(form: str) -> str:
    """The format asked with format= or the Accept header; 'html' for browsers."""
    allowed = SPARQL_SELECT_FORMATS if form in ("SELECT", "ASK") else SPARQL_GRAPH_FORMATS
    asked = (request.values.get("format") or "").strip().lower()
    if asked:
        asked = SPARQL_FORMAT_ALIASES.get(asked, asked)
        if asked == "html" or asked in allowed:
            return asked
        raise UserError(400, "sparql_format", fmt=asked, form=form)
    if explicit_html():
        return "html"
    offers = list(allowed.values())
    offers += ["application/json", "application/xml", "text/xml"] if form in ("SELECT", "ASK") else ["text/plain"]
    best = request.accept_mimetypes.best_match(offers)
    return SPARQL_FORMAT_ALIASES.get(best, next(iter(allowed))) if best else next(iter(allowed))


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint():
    query = _query_text()
    wants_page = request.values.get("format") == "html" or (
        not request.values.get("format") and explicit_html())
    if (query is None or not query.strip()) and wants_page:
        return _page(query=EXAMPLES[0][2], outcome=None)
    if wants_page:      # errors shown beside the form, with their status code
        try:
            check(query or "")
            outcome = execute(query or "", "html")
        except UserError as e:
            return _page(query=query, outcome=None, error=e.message), e.status, e.headers
        return _page(query=query, outcome=outcome)
    form = check(query or "")
    result = execute(query or "", _chosen_format(form))
    # The next page's link keeps a format given as a parameter; an Accept header is sent again anyway.
    return respond(result, next_page_url(query or "", result, request.values.get("format"))
                   if request.method == "GET" else None)


def respond(result: SparqlResult, next_url: str | None = None) -> Response:
    headers = {"X-SPARQL-Truncated": "true" if result.truncated else "false",
               "X-SPARQL-Row-Limit": str(result.row_limit or current_app.config["SPARQL_MAX_ROWS"])}
    if result.next_offset is not None:
        headers["X-SPARQL-Next-Offset"] = str(result.next_offset)
    if next_url:
        headers["Link"] = f'<{next_url}>; rel="next"'
    mime = result.media_type
    return Response(result.body, mimetype=mime, content_type=f"{mime}; charset=utf-8", headers=headers)


def _page(*, query: str | None, outcome: SparqlResult | None, error: str | None = None):
    first = _offset() if outcome is not None else 0
    return render_template("sparql.html", query=query or "", outcome=outcome,
                           examples=EXAMPLES, error=error, cap=current_app.config["SPARQL_MAX_ROWS"],
                           page_rows=page_rows("html"), api_page_rows=page_rows("json"),
                           first=first + 1, last=first + (outcome.row_count if outcome else 0),
                           next_url=next_page_url(query or "", outcome, "html") if outcome else None,
                           timeout=current_app.config["SPARQL_TIMEOUT_S"])

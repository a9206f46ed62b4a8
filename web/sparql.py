"""The SPARQL 1.1 protocol endpoint `/sparql` (GET ?query=, POST form or
application/sparql-query), read-only, and the SPARQL page for people.

Queries run through `services.sparql(...)`, which parses each one (refusing
updates and SERVICE on the parsed query), runs it in a query process with no
network that is killed at the time limit, and stops reading results at the row
cap. Limits, all in the app config: SPARQL_TIMEOUT_S, SPARQL_MAX_ROWS,
SPARQL_MAX_BYTES (term text per answer), SPARQL_MAX_QUERY_CHARS,
SPARQL_WORKERS (query processes per server process; a request that finds them
all busy waits SPARQL_QUEUE_S, then gets 503 with Retry-After), SPARQL_MEMORY_MB
(heap of one query process).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, Flask, Response, current_app, render_template, request

from kg.findings import FindingKind
from web import sparql_results as fmt
from web.context import services
from web.errors import UserError
from web.sparql_text import forbidden_keyword, projected_variables, query_form

bp = Blueprint("sparql", __name__)

# One row per answer: an instrument's facts are repeated in every graph that cites it, so
# a pattern outside GRAPH matches once per citing plan without DISTINCT.
# The stale finding kinds as SPARQL strings, in the audit's order (kg.findings).
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


@dataclass
class Outcome:
    form: str                       # SELECT | ASK | CONSTRUCT | DESCRIBE
    variables: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    boolean: bool | None = None
    triples: list = field(default_factory=list)
    truncated: bool = False


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


def execute(query: str) -> Outcome:
    check(query)
    svc = services()
    if not callable(getattr(svc, "sparql", None)):
        raise UserError(501, "501")
    config = current_app.config
    timeout_s = float(config["SPARQL_TIMEOUT_S"])
    try:
        answer = svc.sparql(query, timeout_s=timeout_s, max_rows=int(config["SPARQL_MAX_ROWS"]),
                            max_bytes=int(config["SPARQL_MAX_BYTES"]),
                            processes=int(config["SPARQL_WORKERS"]), memory_mb=int(config["SPARQL_MEMORY_MB"]),
                            queue_s=float(config["SPARQL_QUEUE_S"]))
    except Exception as e:        # the services' own errors, matched by name (web imports no kg)
        mapped = _user_error(e, timeout_s)
        if mapped is None:
            raise
        raise mapped from None
    return _outcome(answer, query)


def _user_error(e: Exception, timeout_s: float) -> UserError | None:
    name = type(e).__name__
    reason = getattr(e, "reason", "")
    if name == "SparqlRejected":
        if reason == "service":
            return UserError(400, "sparql_service")
        if reason == "update":
            return UserError(400, "sparql_update", keyword=getattr(e, "keyword", "") or "UPDATE")
        return UserError(400, "sparql_syntax", why=_first_line(e))
    if name == "SparqlTimeout":
        return UserError(503, "sparql_timeout", s=f"{timeout_s:g}")
    if name == "SparqlBusy":
        wait = int(getattr(e, "retry_after_s", 1))
        return UserError(503, "sparql_busy", s=wait, headers={"Retry-After": str(wait)})
    if name == "SparqlFailed" and reason == "memory":
        return UserError(503, "sparql_memory", mb=current_app.config["SPARQL_MEMORY_MB"])
    return None


def _first_line(e: Exception) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0][:300]


def _outcome(answer, query: str) -> Outcome:
    form = answer.form
    if form == "ASK":
        return Outcome("ASK", boolean=bool(answer.boolean))
    if form in ("CONSTRUCT", "DESCRIBE"):
        return Outcome(form, triples=list(answer.triples), truncated=answer.truncated)
    variables = list(answer.variables) or projected_variables(query)
    return Outcome("SELECT", variables=variables, rows=list(answer.rows), truncated=answer.truncated)


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
    allowed = fmt.SELECT_FORMATS if form in ("SELECT", "ASK") else fmt.GRAPH_FORMATS
    asked = (request.values.get("format") or "").strip().lower()
    if asked:
        asked = fmt.ALIASES.get(asked, asked)
        if asked == "html" or asked in allowed:
            return asked
        raise UserError(400, "sparql_format", fmt=asked, form=form)
    if explicit_html():
        return "html"
    offers = list(allowed.values())
    offers += ["application/json", "application/xml", "text/xml"] if form in ("SELECT", "ASK") else ["text/plain"]
    best = request.accept_mimetypes.best_match(offers)
    return fmt.ALIASES.get(best, next(iter(allowed))) if best else next(iter(allowed))


def explicit_html() -> bool:
    """The client named text/html itself (a browser), not just */* (curl, libraries)."""
    accept = request.accept_mimetypes
    html = max((q for v, q in accept if v in ("text/html", "application/xhtml+xml")), default=0)
    others = max((q for v, q in accept if v not in ("text/html", "application/xhtml+xml", "*/*")), default=0)
    return html > 0 and html >= others


def _browser_wants_page() -> bool:
    return explicit_html()


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint():
    query = _query_text()
    wants_page = request.values.get("format") == "html" or (
        not request.values.get("format") and _browser_wants_page())
    if (query is None or not query.strip()) and wants_page:
        return _page(query=EXAMPLES[0][2], outcome=None)
    if wants_page:      # errors shown beside the form, with their status code
        try:
            outcome = execute(query or "")
        except UserError as e:
            return _page(query=query, outcome=None, error=e.message), e.status, e.headers
        return _page(query=query, outcome=outcome)
    outcome = execute(query or "")
    return respond(outcome, _chosen_format(outcome.form))


def respond(o: Outcome, chosen: str) -> Response:
    headers = {"X-SPARQL-Truncated": "true" if o.truncated else "false",
               "X-SPARQL-Row-Limit": str(current_app.config["SPARQL_MAX_ROWS"])}
    if o.form == "ASK":
        body = {"json": lambda: fmt.ask_json(o.boolean), "xml": lambda: fmt.ask_xml(o.boolean)}.get(
            chosen, lambda: fmt.ask_text(o.boolean))()
        mime = fmt.SELECT_FORMATS[chosen]
    elif o.form == "SELECT":
        writer = {"json": fmt.select_json, "xml": fmt.select_xml, "csv": fmt.select_csv,
                  "tsv": fmt.select_tsv}[chosen]
        body, mime = writer(o.variables, o.rows), fmt.SELECT_FORMATS[chosen]
    else:
        body, mime = fmt.graph(o.triples, chosen), fmt.GRAPH_FORMATS[chosen]
    return Response(body, mimetype=mime, content_type=f"{mime}; charset=utf-8", headers=headers)


def _page(*, query: str | None, outcome: Outcome | None, error: str | None = None):
    return render_template("sparql.html", query=query or "", outcome=outcome, examples=EXAMPLES, error=error,
                           cap=current_app.config["SPARQL_MAX_ROWS"],
                           timeout=current_app.config["SPARQL_TIMEOUT_S"], kind=fmt.kind)

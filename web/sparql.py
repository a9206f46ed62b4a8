"""The SPARQL 1.1 protocol endpoint `/sparql` (GET ?query=, POST form or
application/sparql-query), read-only, with a time limit and a row cap
(config SPARQL_TIMEOUT_S, SPARQL_MAX_ROWS), and the SPARQL page for people.

Queries run through `services.sparql(query, timeout_s=…, limit=…)` when the
services offer it; otherwise through `services.store.query` on a small pool
of worker threads: the request stops waiting at the time limit (503), and a
`LIMIT cap+1` is appended when the query takes one, so a large result is never
built. pyoxigraph cannot cancel a running query, so a query that times out
keeps its worker busy until it ends; the pool bounds how many can.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Flask, Response, current_app, render_template, request

from web import sparql_results as fmt
from web.context import services
from web.errors import UserError
from web.sparql_text import forbidden_keyword, projected_variables, query_form

bp = Blueprint("sparql", __name__)

# One row per answer: an instrument's facts are repeated in every graph that cites it, so
# a pattern outside GRAPH matches once per citing plan without DISTINCT.
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
    FILTER (?kind IN ("stale", "stale_during_period", "replaced_since"))
  }
} ORDER BY ?id"""),
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


class _Pool:
    """At most `workers` queries at once, each on a daemon thread: a request stops
    waiting at the time limit, and a query still running then cannot keep the
    process from exiting (pyoxigraph has no way to cancel it)."""

    def __init__(self, workers: int):
        self.workers = workers
        self.slots = threading.BoundedSemaphore(workers)

    def run(self, fn, timeout_s: float):
        if not self.slots.acquire(timeout=min(timeout_s, 1.0)):
            raise UserError(503, "sparql_busy")
        box: dict[str, Any] = {}
        done = threading.Event()

        def work():
            try:
                box["value"] = fn()
            except BaseException as e:       # handed to the request thread, raised there
                box["error"] = e
            finally:
                self.slots.release()
                done.set()

        threading.Thread(target=work, name="sparql-query", daemon=True).start()
        if not done.wait(timeout_s):
            raise UserError(503, "sparql_timeout", s=f"{timeout_s:g}")
        if "error" in box:
            raise box["error"]
        return box["value"]


def init_app(app: Flask) -> None:
    app.extensions["cancu.sparql_pool"] = _Pool(int(app.config["SPARQL_WORKERS"]))


# ------------------------------------------------------------------ running
def check(query: str) -> str:
    if not query or not query.strip():
        raise UserError(400, "missing_param", name="query")
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
    form = check(query)
    timeout_s = float(current_app.config["SPARQL_TIMEOUT_S"])
    cap = int(current_app.config["SPARQL_MAX_ROWS"])
    svc = services()
    if callable(getattr(svc, "sparql", None)):
        result = _through_service(svc, query, timeout_s, cap)
    else:
        pool: _Pool = current_app.extensions["cancu.sparql_pool"]
        store = svc.store
        result = pool.run(lambda: _capped(store, query, form, cap), timeout_s)
    return _outcome(form, query, result, cap)


def _through_service(svc, query: str, timeout_s: float, cap: int):
    try:
        return svc.sparql(query, timeout_s=timeout_s, limit=cap + 1)
    except (SyntaxError, ValueError) as e:
        raise UserError(400, "sparql_syntax", why=_first_line(e)) from None
    except Exception as e:        # the services' own rejections, matched by name (web imports no cancu)
        name = type(e).__name__
        if name == "SparqlRejected":
            raise UserError(400, "sparql_syntax", why=_first_line(e)) from None
        if name == "SparqlTimeout":
            raise UserError(503, "sparql_timeout", s=f"{timeout_s:g}") from None
        raise


def _capped(store, query: str, form: str, cap: int):
    if form != "ASK":
        try:
            return store.query(f"{query}\nLIMIT {cap + 1}")
        except SyntaxError:
            pass      # the query has its own LIMIT (or ends in VALUES): run it as written
    try:
        return store.query(query)
    except (SyntaxError, ValueError) as e:
        raise UserError(400, "sparql_syntax", why=_first_line(e)) from None


def _first_line(e: Exception) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0][:300]


def _outcome(form: str, query: str, result: Any, cap: int) -> Outcome:
    if form == "ASK" or isinstance(result, bool):
        return Outcome("ASK", boolean=bool(result))
    items = list(result)
    truncated = len(items) > cap
    items = items[:cap]
    if form in ("CONSTRUCT", "DESCRIBE"):
        return Outcome(form, triples=items, truncated=truncated)
    variables = list(items[0].keys()) if items else projected_variables(query)
    return Outcome("SELECT", variables=variables, rows=items, truncated=truncated)


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
            return _page(query=query, outcome=None, error=e.message), e.status
        return _page(query=query, outcome=outcome)
    outcome = execute(query or "")
    return respond(outcome, _chosen_format(outcome.form))


def respond(o: Outcome, chosen: str) -> Response:
    headers = {"X-SPARQL-Truncated": "true" if o.truncated else "false"}
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

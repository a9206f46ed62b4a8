"""The pages people use: search, document, instrument, audit, obligations,
chain. Vietnamese first; every value from a document is escaped by Jinja."""
from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

from flask import Blueprint, Response, redirect, render_template, request, url_for

from cancu.contract.errors import Ambiguous, BadQuery, NotFound
from cancu.contract.vocab import CHAIN_DIRECTIONS, LEGEND_STATUSES, MENTION_STATUSES
from cancu.web import badges, chain_view, display, exports, links, meta, svg
from cancu.web.cache import per_checkpoint
from cancu.web.context import arg, check_doc_id, date_arg, int_arg, services
from cancu.web.errors import UserError
from cancu.web.i18n import current as current_lang, translate
from cancu.web.openapi import spec
from cancu.web.paging import page_for, page_request, paged

bp = Blueprint("pages", __name__)
bp.record_once(lambda state: display.init_app(state.app))
bp.record_once(lambda state: badges.init_app(state.app))
bp.record_once(lambda state: state.app.jinja_env.globals.update(chain_directions=CHAIN_DIRECTIONS))

STATUS_CLASSES = MENTION_STATUSES


# ------------------------------------------------------------------ search
@bp.get("/")
def search():
    q = arg("q", "") or ""
    result, error = None, None
    if q:
        try:
            result = services().search(q, limit=int_arg("limit", 20, hi=200), facets=True,
                                       facet_values=FACET_VALUES_SHOWN)
        except BadQuery as e:         # a message for the user, beside the form
            error = str(e)
    page, docs, stats = None, [], None
    if not q:
        page, docs = paged(meta.documents(services()))
        stats = per_checkpoint(services(), "stats", services().stats)
    return render_template("search.html", q=q, result=result, error=error, docs=docs, page=page, stats=stats,
                           filter_url=filter_urls(q)), (400 if error else 200)


FACET_VALUES_SHOWN = 10     # the commonest values of each facet beside the results


def add_filter(q: str, key: str, value: str) -> str:
    """The query with one more filter (quoted when it has spaces)."""
    token = f'{key}:"{value}"' if any(c.isspace() for c in value) else f"{key}:{value}"
    return q if token in q else f"{q} {token}".strip()


def filter_urls(q: str):
    """`filter_url(key, value)`: the search page's URL for `q` with one more filter,
    as url_for writes it (`links.url_for`: some fifty links a page, each of which Flask's
    url_for built through the whole route map)."""
    return lambda key, value: links.url_for("pages.search", q=add_filter(q, key, value))


# ------------------------------------------------------------------ document
@dataclass
class Segment:
    text: str
    mention: object | None = None
    anchor: bool = False          # where a search hit's passage starts (id="at")


def segments(text: str, mentions, at: int | None = None) -> list[Segment]:
    """The text cut at the mentions (overlapping mentions: the first wins), with
    an anchor at offset `at` when given."""
    cuts = sorted((m for m in mentions if 0 <= m.start < m.end <= len(text)), key=lambda m: (m.start, -m.end))
    out, pos = [], 0

    def plain(upto: int) -> None:
        nonlocal at
        if at is not None and pos <= at < upto:
            if at > pos:
                out.append(Segment(text[pos:at]))
            out.append(Segment("", anchor=True))
            out.append(Segment(text[at:upto]))
            at = None
        elif upto > pos:
            out.append(Segment(text[pos:upto]))

    for m in cuts:
        if m.start < pos:
            continue
        plain(m.start)
        if at is not None and m.start <= at < m.end:
            out.append(Segment("", anchor=True))
            at = None
        out.append(Segment(text[m.start:m.end], m))
        pos = m.end
    plain(len(text))
    return out


@bp.get("/document/<path:doc_id>")
def document(doc_id: str):
    doc_id = check_doc_id(doc_id)
    view = services().document(doc_id)           # NotFound: 404 (web/errors.py)
    # By the IRI the view was found under: by name, the graph holding it is looked up again
    # (~0.7 ms of CPU at 10k documents, a seventh of the page).
    obligations = services().obligations(document=view.iri)
    counts = {s: sum(1 for m in view.mentions if m.status == s) for s in STATUS_CLASSES}
    at = int_arg("at", -1, lo=-1, hi=max(len(view.text), 0))
    return render_template("document.html", doc=view, segments=segments(view.text, view.mentions, at if at >= 0 else None),
                           counts=counts, obligations=obligations)


@bp.get("/document")
def document_by_iri():
    iri = arg("iri", required=True)
    d = meta.by_iri(services()).get(iri)
    if d is None:
        raise UserError(404, "no_document", doc=iri)
    return redirect(url_for("pages.document", doc_id=d.id))


# ------------------------------------------------------------------ instrument
@bp.get("/instrument")
def instrument():
    iri, q = arg("iri"), arg("q")
    if not iri and not q:
        return render_template("instrument.html", report=None, candidates=[], q="")
    try:
        report = services().instrument(iri or q)       # BadQuery for an IRI that is not one: 400
    except NotFound as e:       # the lookup form again, with the candidates of a tie (200) or none (404)
        candidates = e.candidates if isinstance(e, Ambiguous) else []
        return render_template("instrument.html", report=None, candidates=candidates, q=q or iri), \
            (200 if candidates else 404)
    docs = meta.by_id(services()) if report.cited_by else {}
    page, cited_by = paged(report.cited_by)
    guides = [r for r in report.relations_in if r.relation in ("guides", "details")]
    return render_template("instrument.html", report=report, candidates=[], q=q or "", docs=docs,
                           page=page, cited_by=cited_by,
                           guides=guides, replaced=[r for r in report.relations_in if r not in guides])


@bp.get("/legend")
def legend():
    """One sentence for every status and finding; every badge links here."""
    return render_template("legend.html", statuses=LEGEND_STATUSES, findings=exports.SEVERITY)




# ------------------------------------------------------------------ audit
def audit_filter() -> exports.AuditFilter:
    year = arg("year")
    if year and not year.isdigit():
        raise UserError(400, "bad_param", name="year", why="YYYY")
    document = arg("document")
    return exports.AuditFilter(issuer=arg("issuer"), year=int(year) if year else None,
                               finding=arg("finding"), document=known_document(document).id if document else None)


def known_document(doc_id: str):
    """A document filter names a document of the workspace, or the answer is a 404
    (an empty list would read as "no findings")."""
    d = meta.by_id(services()).get(check_doc_id(doc_id))
    if d is None:
        raise UserError(404, "no_document", doc=doc_id)
    return d


@bp.get("/audit")
def audit():
    f = audit_filter()
    rows, choices = exports.audit_rows(services(), f)
    page, rows = paged(rows)
    return render_template("audit.html", rows=rows, page=page, choices=choices, f=f, args=filter_args())


def filter_args() -> dict[str, str]:
    """The query without the paging, for export links: an export has every row."""
    return {k: v for k, v in request.args.to_dict().items() if k not in ("page", "per_page", "limit", "offset")}


@bp.get("/audit.<ext>")
def audit_export(ext: str):
    rows, _ = exports.audit_rows(services(), audit_filter())
    return export_response(rows, exports.AUDIT_COLUMNS, exports.audit_headers(), ext, "ra-soat-can-cu")


def export_response(rows, columns, headers, ext: str, stem: str) -> Response:
    cells = exports.table(rows, columns)
    if ext == "csv":
        return Response(services().table_csv(headers, cells), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{stem}.csv"'})
    if ext == "xlsx":
        widths = [exports.WIDTHS.get(c) for c in columns]
        return Response(services().table_xlsx(headers, cells, sheet=stem, widths=widths),
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{stem}.xlsx"'})
    raise UserError(404, "404")


# ------------------------------------------------------------------ obligations
def obligation_filters() -> dict:
    document = arg("document")
    # By IRI the store reads one named graph: ~60 times faster than by file name at 1,000 documents.
    return {"agency": arg("agency"), "document": known_document(document).iri if document else None,
            "due_before": date_arg("due_before")}


def obligation_rows():
    """Every obligation the filters keep (exports are complete)."""
    return services().obligations(**obligation_filters())


def obligation_choices() -> dict:
    """Filter choices and the number of obligations of each document, once per
    checkpoint: reading every obligation takes seconds at 1,000 documents."""
    def compute() -> dict:
        summary = services().obligation_summary()       # two aggregate queries
        counts, agencies = summary.counts, set(summary.agencies)
        titles = {d.id: d.title for d in meta.documents(services()) if d.title}
        ordered = [(d, counts[d]) for d in sorted(counts)]
        # Document i's obligations are [bounds[i], bounds[i + 1]) of the unfiltered list, and
        # bounds[-1] their total: a page finds its documents by bisection, not by adding up
        # ten thousand counts.
        bounds = [0, *itertools.accumulate(n for _, n in ordered)]
        return {"agency": sorted(agencies), "document": sorted(counts, key=lambda d: (titles.get(d) or d, d)),
                "counts": ordered, "bounds": bounds, "titles": titles}
    return per_checkpoint(services(), "obligations.choices", compute)


# One query per document costs ~10 ms; reading all obligations at once ~3 ms a document.
ONE_PASS_DOCS = 20


def obligation_part(start: int, stop: int) -> tuple[int, list]:
    """The filtered obligations' count and rows [start, stop). Unfiltered, the rows
    are read only from the documents that hold them (the list is by document, then
    position): a page costs a few one-graph queries instead of reading everything."""
    filters = obligation_filters()
    if any(filters.values()):
        rows = services().obligations(**filters)
        return len(rows), rows[start:stop]
    choices = obligation_choices()
    counts, bounds = choices["counts"], choices["bounds"]
    total = bounds[-1]
    # The documents whose obligations meet [start, stop), one run of them: from the first
    # that ends after `start` to the last that starts before `stop`.
    lo = bisect.bisect_right(bounds, start, 1) - 1
    hi = bisect.bisect_left(bounds, stop, 0, len(counts))
    wanted = [doc for doc, _ in counts[lo:hi]]
    first = bounds[lo] if wanted else None
    if len(wanted) > max(ONE_PASS_DOCS, len(counts) // 4):     # much of the store: one pass is cheaper
        return total, services().obligations()[start:stop]
    docs = meta.by_id(services())
    rows = [r for doc in wanted for r in services().obligations(document=docs[doc].iri if doc in docs else doc)]
    return total, rows[start - first:stop - first] if wanted else []


@bp.get("/obligations")
def obligations():
    number, per_page = page_request()
    total, rows = obligation_part((number - 1) * per_page, number * per_page)
    page = page_for(total, number, per_page)
    return render_template("obligations.html", rows=rows, page=page, choices=obligation_choices(),
                           args=filter_args())


@bp.get("/obligations.<ext>")
def obligations_export(ext: str):
    rows = obligation_rows()
    disposition = {"Content-Disposition": f'attachment; filename="nhiem-vu.{ext}"'}
    if ext == "csv":
        return Response(services().obligations_csv(rows, lang=current_lang()), mimetype="text/csv",
                        headers=disposition)
    if ext == "xlsx":
        return Response(services().obligations_xlsx(rows, lang=current_lang()), headers=disposition,
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if ext == "ics":
        return Response(services().calendar(**obligation_filters()), mimetype="text/calendar",
                        headers=disposition)
    raise UserError(404, "404")


# ------------------------------------------------------------------ chain
def chain_result(duties: bool = True):
    """(target, direction, the chain) the request asks for; `duties` as Services.chain."""
    target = arg("iri") or arg("q")
    if not target:
        raise UserError(400, "missing_param", name="q")
    direction = arg("direction", CHAIN_DIRECTIONS[0])
    if direction not in CHAIN_DIRECTIONS:
        raise UserError(400, "bad_param", name="direction", why=", ".join(CHAIN_DIRECTIONS))
    # A chain shows the first plans under each node and counts the rest: a law cited by every
    # plan of a large workspace reaches tens of thousands of tasks, more than a page or answer can carry.
    plans = int_arg("plans", CHAIN_PLANS_PER_NODE, lo=1, hi=CHAIN_PLANS_MAX)
    return target, direction, services().chain(target, direction=direction,    # BadQuery for a bad IRI: 400
                                               plans_per_node=plans, duties=duties)


CHAIN_PLANS_PER_NODE, CHAIN_PLANS_MAX = 10, 10_000


def node_link(node) -> str | None:
    if node.kind == "instrument":
        return links.url_for("pages.instrument", iri=node.id)
    if node.kind == "document":
        return links.url_for("pages.document_by_iri", iri=node.id)
    if node.kind == "agency":
        return links.url_for("pages.obligations", agency=node.label)
    return None


def chain_svg(result, target: str):
    return svg.render(result, node_link, title=f"{translate('chain_title')}: {target}",
                      kind_label=lambda k: translate(f"kind_{k}"), relation_label=relation_label)


def relation_label(relation: str) -> str:
    key = f"rel_{relation}"
    text = translate(key)
    return relation if text == key else text


@bp.get("/chain")
def chain():
    if not (arg("iri") or arg("q")):
        return render_template("chain.html", result=None, candidates=[], q="", direction=CHAIN_DIRECTIONS[0])
    try:
        # The outline lists plans with the number of their tasks, so the walk need not follow
        # each task to its agencies (nearly two thirds of a law's walk at 10k documents)…
        target, direction, result = chain_result(duties=False)
    except NotFound as e:       # the form again, with the candidates of a tie (200) or none (404)
        candidates = e.candidates if isinstance(e, Ambiguous) else []
        return render_template("chain.html", result=None, candidates=candidates, q=arg("q") or "",
                               iri=arg("iri"), direction=arg("direction", CHAIN_DIRECTIONS[0])), (200 if candidates else 404)
    outline = chain_outline(result) if len(result.nodes) > PICTURE_MAX_NODES else None
    if not lists_something(outline):
        # … but a picture (a small chain) and the tree (a task's or an agency's chain, which
        # the outline does not list) draw them: the whole chain, and its outline.
        _, _, result = chain_result()
        outline = chain_outline(result)
    listed = lists_something(outline)
    # A picture reads while it is small; past that the outline alone (the SVG stays a link).
    picture = chain_svg(result, target) if 0 < len(result.nodes) <= PICTURE_MAX_NODES else None
    return render_template("chain.html", result=result, candidates=[], q=arg("q") or "",
                           iri=arg("iri"), direction=direction, picture=picture, outline=outline,
                           counts=chain_view.count(outline) if outline else (0, 0),
                           # The tree is shown only when the outline has nothing under its root
                           # (a task or an agency asked about); it costs as much again.
                           tree=result.tree() if not listed else None,
                           node_link=node_link, relation_label=relation_label)


def chain_outline(result) -> chain_view.OutlineItem | None:
    if not result.nodes:
        return None
    return chain_view.outline(result, node_link, services().obligations_by_iri, task_links=plan_task_links)


def lists_something(outline: chain_view.OutlineItem | None) -> bool:
    """Whether the outline has anything under its root (else the page shows the tree)."""
    return bool(outline and (outline.children or outline.tasks))


PICTURE_MAX_NODES = 40


@bp.get("/chain/tasks")
def chain_tasks():
    """The task lines of one plan of a chain, as the chain page shows them: what a folded
    plan of the outline reads when it is opened (web/static/app.js)."""
    rows = services().obligations(document=known_document(arg("document", required=True)).iri)
    return render_template("_chain_tasks.html", tasks=chain_view.task_items(rows, node_link))


def plan_task_links(iri: str) -> chain_view.TaskLinks | None:
    """Where a folded plan's task lines are read, and the plan's list of tasks (for a
    browser without scripts)."""
    d = meta.by_iri(services()).get(iri)
    if d is None:
        return None
    return chain_view.TaskLinks(links.url_for("pages.chain_tasks", document=d.id),
                                links.url_for("pages.obligations", document=d.id))


@bp.get("/chain.svg")
def chain_image():
    target, _, result = chain_result()
    return Response(str(chain_svg(result, target)), mimetype="image/svg+xml")


@bp.get("/api/")
def api_docs():
    return render_template("api.html", spec=spec())

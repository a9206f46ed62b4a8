"""The small pieces of HTML the list pages repeat on every row: a finding's or a
status's badge, a link to an instrument, a long task shortened. Made here rather
than in Jinja macros: a macro call costs some 20 µs, and the audit page's fifty
finding badges were a fifth of its CPU (bench/web_requests.py, 10k documents).

A badge depends only on its code, the page's language and the app's address, so
each is made once a request. Every value from a document is escaped, as Jinja
escapes it."""
from __future__ import annotations

from flask import g
from markupsafe import Markup, escape

from cancu.web import links
from cancu.web.exports import finding_label
from cancu.web.display import shorten
from cancu.web.i18n import translate

_FINDING = Markup('<a class="finding-link f-{0}" href="{1}#finding-{0}" title="{2}">{3}</a>')
_STATUS = Markup('<a class="badge st-{0}" href="{1}#status-{0}" title="{2}">{3}</a>')
_LONG = Markup('<details class="more"><summary title="{0}">{1}</summary><p>{0}</p></details>')
_LINK = Markup('<a href="{0}">{1}</a>')


def finding_badge(kind: str) -> Markup:
    return _made_once(("finding", kind), lambda: _FINDING.format(
        kind, links.url_for("pages.legend"), translate(f"legend_finding_{kind}"), finding_label(kind)))


def status_badge(code: str | None) -> Markup:
    if not code:
        return Markup("")
    return _made_once(("status", code), lambda: _STATUS.format(
        code, links.url_for("pages.legend"), translate(f"legend_status_{code}"), translate(f"status_{code}")))


def instrument_link(iri: str | None, text: object) -> Markup:
    """`text` linked to the instrument's page, or plain when there is no IRI."""
    if not iri:
        return escape(text)
    return _LINK.format(links.url_for("pages.instrument", iri=iri), text)


def long_text(text: str | None) -> Markup:
    """A task shortened at a word; the whole of it one click away."""
    short = shorten(text)
    if not short.cut:
        return escape(short.head)
    return _LONG.format(text, short.head)


def _made_once(key: tuple[str, str], make) -> Markup:
    made = g.setdefault("cancu_badges", {})
    found = made.get(key)
    if found is None:
        found = made[key] = make()
    return found


def init_app(app) -> None:
    app.jinja_env.globals.update(finding_label=finding_label, finding_badge=finding_badge,
                                 status_badge=status_badge, instrument_link=instrument_link,
                                 long_text=long_text)

"""What the client asked to get back, from its Accept header: the error pages and
the SPARQL endpoint both choose between HTML for people and data for programs."""
from __future__ import annotations

from flask import request

HTML_TYPES = ("text/html", "application/xhtml+xml")


def explicit_html() -> bool:
    """The client named text/html itself (a browser), not just */* (curl, libraries)."""
    accept = request.accept_mimetypes
    html = max((q for v, q in accept if v in HTML_TYPES), default=0)
    others = max((q for v, q in accept if v not in (*HTML_TYPES, "*/*")), default=0)
    return html > 0 and html >= others


def wants_json() -> bool:
    """The API and the SPARQL endpoint answer errors in JSON, except to a browser at /sparql."""
    if request.path.startswith("/api/"):
        return True
    if request.path.startswith("/sparql"):
        return not explicit_html()
    return False

"""The app factory. The composition root builds the services and hands them in:

    app = create_app(services, token=os.environ.get("CANCU_TOKEN"))

`web` never imports `cancu/`, kg, search or nlp: everything goes through `services`,
an object the contract describes (cancu.contract.services.Services).
"""
from __future__ import annotations

import datetime as dt
import os
from typing import Any

from flask import Flask

from cancu.contract.services import Services
from cancu.web import api, cache, errors, i18n, links, pages, security, sparql, upload
from cancu.web.fast_json import FastJSONProvider
from cancu.web.templating import PageEnvironment

# A multipart body carries the file plus its headers and the other fields.
FORM_OVERHEAD_BYTES = 64 * 1024

DEFAULTS: dict[str, Any] = {
    "SPARQL_TIMEOUT_S": 10.0,
    "SPARQL_MAX_ROWS": 10_000,                # rows of one answer at most, a query's own LIMIT included
    "SPARQL_PAGE_ROWS": 1_000,                # a SELECT without LIMIT: rows per page (?offset= for the next)
    "SPARQL_HTML_PAGE_ROWS": 200,             # the same on the SPARQL page for people (at most SPARQL_PAGE_ROWS)
    "SPARQL_MAX_BYTES": 64 * 1024 * 1024,     # term text in one answer; cut (as rows are) past it
    "SPARQL_MAX_QUERY_CHARS": 100_000,
    "SPARQL_WORKERS": 4,                      # query processes per server process
    "SPARQL_QUEUE_S": 5.0,                    # a query finding them all busy waits this long, then 503
    "SPARQL_MEMORY_MB": 1024,                 # heap of one query process; past it the query fails
    "RESPONSE_CACHE_SIZE": 512,               # rendered GET responses kept (0: off); see web/cache.py
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "JSON_SORT_KEYS": False,
}


def create_app(services: Services, *, token: str | None = None, config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.jinja_environment = PageEnvironment     # before anything makes app.jinja_env
    app.config.update(DEFAULTS)
    # The largest file is the readers' limit (nlp/readers/limits.py), handed in by the
    # services, so an upload and `cancu ingest` refuse the same files.
    upload_max = getattr(services, "max_upload_bytes", None)     # a test's stand-in may have none
    if upload_max:
        app.config["UPLOAD_MAX_BYTES"] = upload_max
        app.config["MAX_CONTENT_LENGTH"] = upload_max + FORM_OVERHEAD_BYTES   # any request body
    # A key for this process alone; a server with several processes passes the
    # workspace's (cancu/workspace.py), or each would refuse the others' sessions.
    app.config["SECRET_KEY"] = os.urandom(32).hex()
    app.config.update(config or {})
    app.config["CANCU_TOKEN"] = token or (config or {}).get("CANCU_TOKEN") or None
    app.extensions["cancu.services"] = services
    app.url_map.merge_slashes = False      # /document//etc/passwd is a 404, not a redirect
    app.json = FastJSONProvider(app)     # UTF-8, keys as given (ensure_ascii, sort_keys off)

    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    app.jinja_env.filters["vndate"] = vndate

    cache.init_app(app)       # after i18n: the language is part of the key
    sparql.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(upload.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(sparql.bp)
    links.init_app(app)       # after the blueprints: it reads their routes
    return app


def vndate(value: Any) -> str:
    """dd/mm/yyyy, the way dates are written in Vietnamese documents."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y")

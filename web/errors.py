"""Errors said plainly: JSON `{"error": {"status", "message"}}` for the API and
the SPARQL endpoint, a page for people; 500 never shows a traceback. The services'
named errors (cancu.contract.errors) map to statuses here: NotFound 404, Ambiguous
409 with its candidates, BadQuery 400,
Unavailable (Busy, TimedOut, TooLarge, NoData) 503."""
from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from cancu.contract.errors import Ambiguous, BadQuery, NotFound, ServiceError, Unavailable
from cancu.web.i18n import strings, translate
from cancu.web.negotiation import wants_json
from cancu.web.serialize import candidate


class UserError(Exception):
    """An error the user can act on: `key` names its message in strings.json."""

    def __init__(self, status: int, key: str, *, extra: dict | None = None,
                 headers: dict[str, str] | None = None, **values: object):
        super().__init__(key)
        self.status = status
        self.key = key
        self.values = values
        self.extra = extra or {}
        self.headers = headers or {}     # e.g. Retry-After on a 503

    @property
    def message(self) -> str:
        return translate(f"error_{self.key}", **self.values)


def from_service(e: ServiceError) -> UserError:
    """The user's side of a service's refusal."""
    if isinstance(e, Ambiguous):
        return UserError(409, "409", extra={"candidates": [candidate(c) for c in e.candidates]})
    if isinstance(e, NotFound):
        if e.what == "document":
            return UserError(404, "no_document", doc=e.name)
        if e.what == "instrument":
            return UserError(404, "no_instrument", q=e.name)
        return UserError(404, "404")
    if isinstance(e, BadQuery):
        return UserError(400, "bad_param", name=e.param or "q", why=str(e))
    if isinstance(e, Unavailable):
        headers = {"Retry-After": str(e.retry_after_s)} if e.retry_after_s else {}
        return UserError(503, "503", headers=headers)
    return UserError(500, "500")


def _respond(status: int, message: str, extra: dict | None = None, headers: dict | None = None):
    if wants_json():
        body = {"error": {"status": status, "message": message, **(extra or {})}}
        response = jsonify(body)
    else:
        response = current_app.make_response(
            (render_template("error.html", status=status, message=message, extra=extra or {}), status))
    response.status_code = status
    for k, v in (headers or {}).items():
        response.headers[k] = v
    return response


def upload_limit_mb() -> float:
    """The largest file, as the page and the 413 message state it."""
    limits = [v for v in (current_app.config.get("UPLOAD_MAX_BYTES"), current_app.config.get("MAX_CONTENT_LENGTH")) if v]
    return round(min(limits, default=0) / (1024 * 1024), 2)


def _http_message(e: HTTPException) -> str:
    key = f"error_{e.description}" if e.description else ""
    if key in strings():
        return translate(key)
    if e.code == 413:
        mb = upload_limit_mb()
        return translate("error_413", mb=f"{mb:g}")
    if f"error_{e.code}" in strings():
        return translate(f"error_{e.code}")
    return e.name


def init_app(app: Flask) -> None:
    @app.errorhandler(UserError)
    def _user_error(e: UserError):
        return _respond(e.status, e.message, e.extra, e.headers)

    @app.errorhandler(ServiceError)
    def _service_error(e: ServiceError):
        mapped = from_service(e)
        return _respond(mapped.status, mapped.message, mapped.extra, mapped.headers)

    @app.errorhandler(HTTPException)
    def _http_error(e: HTTPException):
        headers = {}
        if e.code == 401:
            headers["WWW-Authenticate"] = 'Bearer realm="cancu"'
        if e.code == 405 and e.valid_methods:
            headers["Allow"] = ", ".join(e.valid_methods)
        return _respond(e.code or 500, _http_message(e), headers=headers)

    @app.errorhandler(Exception)
    def _unexpected(e: Exception):
        current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
        return _respond(500, translate("error_500"))

"""Security headers, the access token (Bearer for the API, a signed-in session
for pages) and CSRF tokens for forms (kept in the session; no dependency)."""
from __future__ import annotations

import hmac
import secrets

from flask import Flask, Response, abort, current_app, request, session

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")
CSRF_FIELD = "csrf_token"


def add_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
    return response


# ---------------------------------------------------------------- the token
def configured_token() -> str | None:
    return current_app.config.get("CANCU_TOKEN") or None


def token_matches(given: str | None) -> bool:
    expected = configured_token()
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def require_bearer() -> None:
    """For API writes: 403 when uploads are disabled, 401 without a valid token."""
    if not configured_token():
        abort(403, description="uploads_disabled")
    if not token_matches(bearer_token()):
        abort(401, description="token_required")


def signed_in() -> bool:
    # The session remembers which token signed in: changing CANCU_TOKEN signs everyone out.
    fingerprint = session.get("signed_in")
    token = configured_token()
    return bool(token and fingerprint and hmac.compare_digest(fingerprint, _fingerprint(token)))


def sign_in() -> None:
    session.clear()
    session["signed_in"] = _fingerprint(configured_token() or "")
    session["csrf"] = secrets.token_urlsafe(32)


def sign_out() -> None:
    session.clear()


def _fingerprint(token: str) -> str:
    return hmac.new(current_app.secret_key.encode() if isinstance(current_app.secret_key, str)
                    else current_app.secret_key, token.encode("utf-8"), "sha256").hexdigest()


# ---------------------------------------------------------------- CSRF
def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    expected = session.get("csrf")
    given = request.form.get(CSRF_FIELD, "")
    if not expected or not given or not hmac.compare_digest(given, expected):
        abort(403, description="csrf")


def init_app(app: Flask) -> None:
    app.after_request(add_headers)
    app.jinja_env.globals.update(csrf_token=csrf_token, signed_in=signed_in)

"""Uploading documents: the page (sign in with the access token, a CSRF-checked
form) and `POST /api/v1/documents` (Authorization: Bearer …). Both end in
`services.ingest_upload(filename, data)`, which reads the file first, so a bad
file fails with its message and changes nothing."""
from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for

from cancu.contract.errors import Busy
from cancu.contract.views import UploadOutcome
from cancu.web import cache, security
from cancu.web.context import services
from cancu.web.errors import UserError, upload_limit_mb
from cancu.web.i18n import translate

bp = Blueprint("upload", __name__)

ALLOWED_SUFFIXES = (".txt", ".docx", ".pdf", ".html")
_UNSAFE = re.compile(r"[^\w.\- ()]+", re.UNICODE)


def safe_name(raw: str) -> str:
    """A plain file name from whatever the client sent: no folders ('../../etc/passwd'
    → 'passwd'), no control or shell characters, no leading dots, at most 150 characters."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/")
    name = PurePosixPath(name).name if "/" in name else name
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" .")
    name = re.sub(r"_+", "_", name)
    if len(name) > 150:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:140] + dot + ext) if dot and len(ext) <= 5 else name[:150]
    return name or "tai-len"


def check_suffix(name: str) -> None:
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise UserError(415, "bad_extension", name=name)


def ingest(file_storage) -> tuple[str, UploadOutcome]:
    if file_storage is None or not file_storage.filename:
        raise UserError(400, "no_file")
    name = safe_name(file_storage.filename)
    check_suffix(name)
    data = file_storage.read()
    if not data:
        raise UserError(400, "empty_file")
    # The services write one upload at a time, across threads and worker processes,
    # waiting a bounded time for the store; then they raise Busy.
    try:
        outcome = services().ingest_upload(name, data)
    except Busy as e:
        current_app.logger.info("upload %s: busy", name)
        wait = e.retry_after_s
        raise UserError(503, "upload_busy", headers={"Retry-After": str(wait)}, s=wait) from None
    if outcome.status in ("added", "replaced"):
        cache.invalidate()
    current_app.logger.info("upload %s: %s %s", name, outcome.status, outcome.error or "")
    return name, outcome


# ------------------------------------------------------------------ the API
@bp.post("/api/v1/documents")
def api_upload():
    security.require_bearer()
    name, outcome = ingest(request.files.get("file"))
    doc = outcome.document or name
    if outcome.status == "failed":
        raise UserError(400, "bad_param", name="file", why=outcome.error or "không đọc được / unreadable")
    body = {"document": doc, "status": outcome.status,
            "mentions": outcome.mentions, "obligations": outcome.obligations, "findings": outcome.findings,
            "url": url_for("api.document", doc_id=doc), "page": url_for("pages.document", doc_id=doc)}
    return jsonify(body), 201 if outcome.status == "added" else 200


# ------------------------------------------------------------------ the page
def _page(status: int = 200, **values):
    mb = upload_limit_mb()
    return render_template("upload.html", enabled=bool(security.configured_token()),
                           signed=security.signed_in(), mb=f"{mb:g}", **values), status


@bp.get("/upload")
def upload_page():
    return _page()


@bp.post("/upload")
def upload_form():
    if not security.configured_token():
        raise UserError(403, "uploads_disabled")
    security.check_csrf()
    if not security.signed_in():
        return _page(401, error=translate("error_sign_in"))
    try:
        name, outcome = ingest(request.files.get("file"))
    except UserError as e:
        page, status = _page(e.status, error=e.message)
        return page, status, e.headers
    doc = outcome.document or name
    if outcome.status == "failed":
        return _page(400, error=translate("upload_failed", error=outcome.error or ""))
    return _page(201 if outcome.status == "added" else 200,
                 message=translate(f"uploaded_{outcome.status}", doc=doc), doc=doc)


@bp.post("/login")
def login():
    if not security.configured_token():
        raise UserError(403, "uploads_disabled")
    security.check_csrf()
    if not security.token_matches(request.form.get("token", "")):
        return _page(401, error=translate("login_failed"))
    security.sign_in()
    return redirect(url_for("upload.upload_page"), code=303)


@bp.post("/logout")
def logout():
    security.check_csrf()
    security.sign_out()
    return redirect(url_for("upload.upload_page"), code=303)

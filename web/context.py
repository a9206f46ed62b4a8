"""What a request handler needs from the app: the services object it was given
(typed by the contract: every method a page calls is there), and parameter
parsing with clear 400s."""
from __future__ import annotations

import datetime as dt
import re
from typing import cast

from flask import current_app, request

from cancu.contract.services import Services
from cancu.web.errors import UserError

# A document id is a file name: no folders, no control characters.
_BAD_ID = re.compile(r"[/\\\x00-\x1f\x7f]")


def services() -> Services:
    return cast(Services, current_app.extensions["cancu.services"])


def check_doc_id(doc_id: str) -> str:
    if not doc_id or len(doc_id) > 255 or _BAD_ID.search(doc_id) or doc_id.startswith("."):
        raise UserError(404, "bad_document_id")
    return doc_id


def arg(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = request.args.get(name, default)
    if value is not None:
        value = value.strip()
    if required and not value:
        raise UserError(400, "missing_param", name=name)
    return value or default


def int_arg(name: str, default: int, *, lo: int = 1, hi: int = 100) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise UserError(400, "bad_param", name=name, why=f"«{raw}» không phải số nguyên / not an integer") from None
    if not lo <= value <= hi:
        raise UserError(400, "bad_param", name=name, why=f"{lo}–{hi}")
    return value


def bool_arg(name: str, default: bool = False) -> bool:
    raw = (request.args.get(name) or "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on", "co"):
        return True
    if raw in ("0", "false", "no", "off", "khong"):
        return False
    raise UserError(400, "bad_param", name=name, why="true/false")


def date_arg(name: str) -> dt.date | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise UserError(400, "bad_param", name=name, why="YYYY-MM-DD") from None

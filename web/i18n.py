"""Vietnamese first, English on request: the strings live in
static/i18n/strings.json ({key: {"vi": …, "en": …}}); the language comes from
`?lang=vi|en` (remembered in a cookie) or the cookie alone."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from urllib.parse import urlencode

from flask import Flask, Response, g, request

from cancu.contract.vocab import FindingKind

LANGS = ("vi", "en")
DEFAULT = "vi"
COOKIE = "cancu_lang"
STRINGS_FILE = resources.files("cancu.web") / "static" / "i18n" / "strings.json"     # package data


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    """The file's strings, and each audit finding's label (finding_<code>) and meaning
    (legend_finding_<code>) from cancu.kg.audit.findings, their one source."""
    out = json.loads(STRINGS_FILE.read_text(encoding="utf-8"))
    for k in FindingKind:
        for prefix, text in (("finding_", k.label), ("legend_finding_", k.meaning)):
            if prefix + k.value in out:
                raise ValueError(f"{STRINGS_FILE.name}: {prefix + k.value} belongs in kg/data/finding_kinds.tsv")
            out[prefix + k.value] = {lang: text(lang) for lang in LANGS}
    return out


def translate(key: str, lang: str | None = None, **values: object) -> str:
    entry = strings().get(key)
    if entry is None:
        return key     # a missing key shows itself, rather than failing the page
    text = entry.get(lang or current(), entry[DEFAULT])
    return text.format(**values) if values else text


def current() -> str:
    return getattr(g, "lang", DEFAULT)


def _choose() -> None:
    asked = request.args.get("lang")
    g.lang_asked = asked if asked in LANGS else None
    g.lang = g.lang_asked or (request.cookies.get(COOKIE) if request.cookies.get(COOKIE) in LANGS else DEFAULT)


def _remember(response: Response) -> Response:
    asked = getattr(g, "lang_asked", None)
    if asked:
        response.set_cookie(COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def lang_url(lang: str) -> str:
    """This page in another language (the choice is then remembered)."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [lang]
    return request.path + "?" + urlencode(args, doseq=True)


def init_app(app: Flask) -> None:
    app.before_request(_choose)
    app.after_request(_remember)
    app.jinja_env.globals.update(t=translate, current_lang=current, lang_url=lang_url)

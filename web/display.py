"""How long text is shown in a page: shortened at a word with "…" (the data keep it
whole), offsets turned into line numbers a person can find, and the web addresses
in a source's text made links."""
from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

TASK_CHARS = 220        # a task longer than this is shortened in lists; the whole is one click away


@dataclass(frozen=True)
class Shortened:
    head: str            # what the list shows
    cut: bool            # whether there is more (then the page offers the whole text)


def shorten(text: str | None, limit: int = TASK_CHARS) -> Shortened:
    """`text` up to `limit` characters, cut after the last whole word, with "…"."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return Shortened(text, False)
    head = text[:limit + 1]
    cut = head.rfind(" ")
    head = head[:cut] if cut > limit // 2 else text[:limit]
    return Shortened(head.rstrip(" ,;:") + "…", True)


def line_at(text: str | None, offset: int | None) -> int | None:
    """The line (from 1) of the character at `offset` in `text`."""
    if text is None or offset is None or offset < 0:
        return None
    return text.count("\n", 0, offset) + 1


_URL = re.compile(r"https?://[^\s<>\"'|]+")
# Punctuation that ends the sentence around an address, not the address (a ")" only
# when the address opened no "(").
_URL_TAIL = ".,;:!?"


def linkify(text: str | None) -> Markup:
    """``text`` escaped, each http(s) address in it a link that opens no referrer."""
    text = text or ""
    out, pos = [], 0
    for m in _URL.finditer(text):
        url = m.group(0)
        while url and (url[-1] in _URL_TAIL or (url[-1] == ")" and url.count("(") < url.count(")"))):
            url = url[:-1]
        out.append(escape(text[pos:m.start()]))
        out.append(Markup('<a href="{0}" rel="noopener noreferrer nofollow">{0}</a>').format(url))
        pos = m.start() + len(url)
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def init_app(app) -> None:
    app.jinja_env.filters["shorten"] = shorten
    app.jinja_env.filters["linkify"] = linkify
    app.jinja_env.globals["line_at"] = line_at

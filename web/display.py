"""How long text is shown in a page: shortened at a word with "…" (the data keep it
whole), and offsets turned into line numbers a person can find."""
from __future__ import annotations

from dataclasses import dataclass

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


def init_app(app) -> None:
    app.jinja_env.filters["shorten"] = shorten
    app.jinja_env.globals["line_at"] = line_at

"""Splitting a document into passages: sections, bullets and table rows.

Text extracted from PDFs breaks lines mid-sentence and puts blank lines
anywhere, so blank lines are not paragraph boundaries. A passage starts at a
heading ("I. MỤC ĐÍCH", "1. Mục đích", "a) …", "Điều 3"), an upper-case title
line, a dash bullet, a "Căn cứ …" line or a line with tabs (a table row), and
runs until the next such line; a short heading line is joined to what
follows it. Long passages are cut at a sentence end so a
snippet never has to come from a whole chapter.
"""
from __future__ import annotations

import re

from cancu.nlp.text.markers import BULLETS, PREAMBLE_OPENERS, SUB_BULLET
from cancu.search.model import Passage

_HEADING = re.compile(
    r"(?:[IVXLC]+\.|\d+(?:\.\d+)*\.(?:\s|$)|[a-zđ]\)|(?:Điều|Chương|Mục|Phần)\s+[\dIVXLC]+|PHỤ LỤC)",
)
_BULLET = re.compile(rf"[{BULLETS}{re.escape(SUB_BULLET)}]\s")
# A basis line ("Căn cứ …", "Thực hiện …") as written: capitalised at a line start.
_BASIS = re.compile("(?:" + "|".join(re.escape(w[:1].upper() + w[1:]) for w in PREAMBLE_OPENERS) + r")\s")
_MAX_CHARS = 1500
_HEADING_ONLY = 90
_SENTENCE_END = re.compile(r"[.;:]\s*\n")


def _line_kind(line: str) -> str | None:
    """The kind of passage a line opens, or None if it continues one."""
    stripped = line.strip()
    if not stripped:
        return None
    if "\t" in line.strip("\n"):
        return "row"
    if _BULLET.match(stripped):
        return "bullet"
    if _HEADING.match(stripped) or _BASIS.match(stripped):
        return "section"
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        return "section"
    return None


def split_passages(text: str) -> list[Passage]:
    """Passages covering the non-blank text, with offsets into `text`."""
    starts: list[tuple[int, str]] = []
    pos = 0
    bare_heading = False        # the current passage is so far one short heading line
    for line in text.splitlines(keepends=True):
        kind = _line_kind(line)
        if (kind is not None and not bare_heading) or not starts:
            starts.append((pos, kind or "preamble"))
            bare_heading = (kind == "section" and len(line.strip()) <= _HEADING_ONLY
                            and not _BASIS.match(line.strip()))
        elif line.strip():
            # A heading keeps the first line under it: "2. Cải cách thủ tục hành
            # chính" alone is a poor passage to show, and its words belong to
            # what follows.
            bare_heading = bare_heading and kind == "section"
        pos += len(line)
    passages: list[Passage] = []
    bounds = starts + [(len(text), "")]
    for (start, kind), (end, _) in zip(bounds, bounds[1:]):
        for s, e in _cut_long(text, start, end):
            trimmed = _trim(text, s, e)
            if trimmed:
                passages.append(Passage(trimmed[0], trimmed[1], kind))
    return passages


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    while end - start > _MAX_CHARS:
        window = text[start + _MAX_CHARS // 2:start + _MAX_CHARS]
        m = None
        for m in _SENTENCE_END.finditer(window):
            pass
        if m is None:                       # no sentence end: at least a line end
            for m in re.finditer(r"\n", window):
                pass
        cut = start + _MAX_CHARS // 2 + m.end() if m else start + _MAX_CHARS
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None

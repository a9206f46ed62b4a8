"""Snippets: a short window of a passage with the matched words marked.

Matching is on folded syllables, so a word typed without accents is marked in
the accented text. Offsets are into the original document text (which need
not be NFC), and the HTML is escaped before <mark> is added.
"""
from __future__ import annotations

import html
import re

from cancu.nlp.text.fold import fold
from cancu.search.analysis import fold_syllable, syllables, tokenize
from cancu.search.model import Highlight

_SPACES = re.compile(r"\s+")
_WINDOW = 260
_LEAD = 60


def match_keys(words: list[str]) -> set[str]:
    """Keys a text syllable is marked by: a word typed with accents matches only
    that accented form, a word typed without accents any accented form."""
    keys = set()
    for w in words:
        if w:
            keys.add(w if fold(w) != w else "\0" + w)
    return keys


def _matches(syllable: str, keys: set[str]) -> bool:
    return syllable in keys or "\0" + fold_syllable(syllable) in keys


def coverage(text: str, keys: set[str]) -> tuple[int, int]:
    """(distinct matched words, adjacent pairs of matched words) in `text`."""
    words = syllables(text)
    hit = [_matches(w, keys) for w in words]
    distinct = {fold_syllable(w) for w, h in zip(words, hit) if h}
    pairs = sum(1 for a, b in zip(hit, hit[1:]) if a and b)
    return len(distinct), pairs


def _densest(marked: list) -> int:
    """Index of the marked token that starts the window of _WINDOW characters
    holding the most marked tokens (the first such one): two pointers over
    tokens sorted by offset, linear where counting per start was quadratic."""
    best, best_count, end = 0, 0, 0
    for i, t in enumerate(marked):
        end = max(end, i)
        while end < len(marked) and marked[end].start - t.start < _WINDOW:
            end += 1
        if end - i > best_count:
            best, best_count = i, end - i
    return best


def make_snippet(text: str, offset: int, keys: set[str]) -> tuple[str, str, list[Highlight]]:
    """(plain snippet, HTML snippet, highlights) for the passage `text` that
    starts at `offset` in its document."""
    tokens = tokenize(text)
    marked = [t for t in tokens if _matches(t.text, keys)]
    start = 0
    if marked:
        # Start a little before the densest cluster of matched words.
        start = max(0, marked[_densest(marked)].start - _LEAD)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    end = min(len(text), start + _WINDOW)
    while end < len(text) and not text[end].isspace() and end - start < _WINDOW + 30:
        end += 1
    inside = [t for t in marked if t.start >= start and t.end <= end]
    parts_plain: list[str] = []
    parts_html: list[str] = []
    pos = start
    for t in inside:
        gap = _SPACES.sub(" ", text[pos:t.start])
        parts_plain.append(gap)
        parts_html.append(html.escape(gap))
        word = text[t.start:t.end]
        parts_plain.append(word)
        parts_html.append(f"<mark>{html.escape(word)}</mark>")
        pos = t.end
    tail = _SPACES.sub(" ", text[pos:end])
    parts_plain.append(tail)
    parts_html.append(html.escape(tail))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    plain = prefix + "".join(parts_plain).strip() + suffix
    marked_html = html.escape(prefix) + "".join(parts_html).strip() + html.escape(suffix)
    return plain, marked_html, [Highlight(offset + t.start, offset + t.end) for t in inside]

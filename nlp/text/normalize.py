"""A normalised working copy of a text, with a map back to the original.

Matching runs on the working copy; every offset reported to a user points into
the original (design.md § Text). The copy differs from the original by:

1. NFC, and one tone-mark placement (hoá → hóa, Uỷ → Ủy: the modern one, as the
   national databases and our gold use);
2. dashes and quotes unified (length-preserving);
3. whitespace: a run containing a tab becomes one tab (table cells stay apart), any
   other run becomes one space (so "Nghị \\n\\nđịnh" reads "Nghị định");
4. symbols repaired: spaces and line breaks inside a symbol removed ("907-\\nQĐ/TU",
   "33/CT -TTg"), code letters that lost their đ restored ("217-QD/TW").

Steps that change lengths record edits; a position is mapped back by finding
the last edit before it. Length-preserving steps need no record.
"""
from __future__ import annotations

import bisect
import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"

_COMBINING = "\u0300-\u036f"
# Combining marks: NFC can only change a base character and the marks after it.
_MARKS = re.compile(f"[{_COMBINING}]+")

_LENGTH_PRESERVING = {
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\u00ad": "-",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u3000": " ",
    "\u2000": " ", "\u2001": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ",
    "\u2005": " ", "\u2006": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ",
    "\r": "\n", "\u000b": "\n", "\u000c": "\n", "\u2028": "\n", "\u2029": "\n",
}
# These characters are rare, so a regex that jumps to them beats str.translate.
_RARE = re.compile("[" + "".join(re.escape(c) for c in _LENGTH_PRESERVING) + "]")

_LETTER = "A-Za-zÀ-ỹĐđ"
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# Old placement puts the tone on the second vowel of an open oa/oe/uy syllable
# (hoà, khoẻ, thuỷ); the modern one on the first (hòa, khỏe, thủy). "qu" is a
# consonant, so "quý" is the same in both and is left alone.
# Matched from the toned vowel (rare), the look-behind after it, so the scan can
# skip straight to those characters instead of stopping at every o and u.
_OA_OE = "àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸ"
_UY = "ỳýỷỹỵỲÝỶỸỴ"
_OLD_TONE = re.compile(
    rf"[{_OA_OE}{_UY}](?<=[oO][{_OA_OE}]|[uU][{_UY}])(?![{_LETTER}])"
)

# Code tokens of a symbol: upper-case ASCII/Đ/Ư with at most one lower-case letter
# (QĐi, TTg, CTr, ThU), ending at a non-letter.
_CODE = rf"[A-ZĐƯ][A-ZĐƯ0-9]*(?:[a-zđ][A-ZĐƯ0-9]*)?(?![{_LETTER}])"
# (The look-behind sits after the first digit so the scan can skip to digits.)
_SYMBOL_BODY = re.compile(
    rf"\d(?<![\w/]\d)\d*[a-zA-Z]?(?:/\d{{4}})?\s*[-/]\s*{_CODE}(?:\s*[-/]\s*{_CODE})*"
)
_SPACE = re.compile(r"\s+")
_WHITESPACE_RUN = re.compile(r"[ \t\n]{2,}")   # single "\n" → " " is done in C after


# An edit: original[orig_start:orig_end] became working[norm_start:norm_end].
# Plain tuples, because a long text has hundreds of thousands of them.
Edit = tuple[int, int, int, int]   # (orig_start, orig_end, norm_start, norm_end)


class OffsetMap:
    """Maps positions of one rewriting step back to its input."""

    def __init__(self, edits: list[Edit]):
        self._edits = edits
        self._norm_starts = [e[2] for e in edits]

    def start(self, pos: int) -> int:
        """Original position of a span starting at working position `pos`."""
        i = bisect.bisect_right(self._norm_starts, pos) - 1
        if i < 0:
            return pos
        orig_start, orig_end, _, norm_end = self._edits[i]
        return orig_start if pos < norm_end else orig_end + (pos - norm_end)

    def end(self, pos: int) -> int:
        """Original position of a span ending (exclusive) at working position `pos`."""
        i = bisect.bisect_left(self._norm_starts, pos) - 1
        if i < 0:
            return pos
        _, orig_end, _, norm_end = self._edits[i]
        return orig_end if pos <= norm_end else orig_end + (pos - norm_end)


@dataclass(frozen=True)
class NormalizedText:
    original: str
    text: str                  # the working copy matching runs on
    maps: tuple[OffsetMap, ...]  # in the order the steps ran

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        for m in reversed(self.maps):
            start, end = m.start(start), m.end(end)
        return start, end


def _rewrite(text: str, pattern: re.Pattern[str], replace) -> tuple[str, OffsetMap]:
    """Apply `replace(match) -> str | None` at every match; None keeps the match."""
    pieces: list[str] = []
    edits: list[Edit] = []
    last = 0
    out_len = 0
    for m in pattern.finditer(text):
        new = replace(m)
        if new is None or new == m.group(0):
            continue
        start, end = m.span()
        pieces.append(text[last:start])
        out_len += start - last
        pieces.append(new)
        if len(new) != end - start:     # a same-length change maps positions one to one
            edits.append((start, end, out_len, out_len + len(new)))
        out_len += len(new)
        last = end
    if not pieces:
        return text, OffsetMap([])
    pieces.append(text[last:])
    return "".join(pieces), OffsetMap(edits)


def _compose(text: str) -> tuple[str, OffsetMap]:
    """NFC, recording an edit for each base character + combining marks."""
    pieces: list[str] = []
    edits: list[Edit] = []
    last = out_len = 0
    for m in _MARKS.finditer(text):
        start = max(m.start() - 1, last)
        composed = unicodedata.normalize("NFC", text[start:m.end()])
        pieces.append(text[last:start])
        out_len += start - last
        pieces.append(composed)
        edits.append((start, m.end(), out_len, out_len + len(composed)))
        out_len += len(composed)
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces), OffsetMap(edits)


def _modern_tone(text: str) -> str:
    """Move the tone of open oa/oe/uy syllables to the first vowel (length-preserving)."""
    chars: list[str] | None = None
    for m in _OLD_TONE.finditer(text):
        i = m.start()
        if i >= 2 and text[i - 2] in "qQ":
            continue   # "quý": the u belongs to the consonant qu
        parts = unicodedata.normalize("NFD", m.group(0))
        tone = next(c for c in parts if c in _TONES)
        chars = chars if chars is not None else list(text)
        chars[i - 1] = unicodedata.normalize("NFC", text[i - 1] + tone)
        chars[i] = unicodedata.normalize("NFC", parts.replace(tone, ""))
    return text if chars is None else "".join(chars)


@lru_cache(maxsize=1)
def _code_repairs() -> dict[str, str]:
    with open(DATA / "code_repairs.tsv", encoding="utf-8") as f:
        rows = csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t")
        return {r["written"]: r["repaired"] for r in rows}


def _repair_symbol(m: re.Match[str]) -> str:
    """'907- QĐ/TU' → '907-QĐ/TU'; '217-QD/TW' → '217-QĐ/TW'."""
    symbol = _SPACE.sub("", m.group(0))
    repairs = _code_repairs()
    tokens = re.split(r"([-/])", symbol)
    return "".join(repairs.get(t, t) for t in tokens)


def _collapse_whitespace(m: re.Match[str]) -> str:
    return "\t" if "\t" in m.group(0) else " "


def normalize(original: str) -> NormalizedText:
    maps: list[OffsetMap] = []
    text, m = _compose(original)
    maps.append(m)
    text = _RARE.sub(lambda x: _LENGTH_PRESERVING[x.group(0)], text)
    text = _modern_tone(text)
    text, m = _rewrite(text, _WHITESPACE_RUN, _collapse_whitespace)
    text = text.replace("\n", " ")
    maps.append(m)
    text, m = _rewrite(text, _SYMBOL_BODY, _repair_symbol)
    maps.append(m)
    return NormalizedText(original, text, tuple(maps))

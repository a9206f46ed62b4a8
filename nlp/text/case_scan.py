"""The matches of a pattern of fixed phrases in their three letter cases, found fast.

The damaged words of `text_repairs.tsv` are matched as written in lower, upper and title
case; one pattern of all of them starts with one of ten letters, and the engine stops at
every one of those (most of a Vietnamese text: ~10 ns a character, with no match at all in
most documents). Here the text is lower-cased once (`lower_each`, in C) and each group of
phrases that share a first few letters is searched for as a literal, which the engine skips
to directly; the pattern itself is tried only where one of them stands. Every place the
pattern matches holds the lower case of one of its phrases in the lower-cased text, so those
places are all it can match at: the matches are the pattern's own, in its order.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import lru_cache

from cancu.nlp.text import _scan
from cancu.nlp.text.fold import unit_table

_SHARED = 3    # a group's phrases share this many first characters (or fewer, if one ends there)


class CaseScan:
    def __init__(self, pattern: re.Pattern[str], phrases: set[str], after: str = ""):
        """`pattern` matches only `phrases` (as written), followed by what it requires after
        them; `after` is a regex of what every match is followed by in the lower-cased text
        too (a looser one than the pattern's is fine: it only narrows the places tried)."""
        if "" in phrases:
            raise ValueError("CaseScan: an empty phrase matches everywhere")
        self.pattern = pattern
        lowered = {p.lower() for p in phrases}
        # Lower-casing one character at a time, as the text's: no context-dependent case
        # (a Greek capital sigma) and no character that lower-cases to several.
        self._usable = bool(phrases) and all("Σ" not in p and len(p.lower()) == len(p) for p in phrases) \
            and max(map(ord, "".join(phrases))) < _LOWER_SIZE
        self._scans = tuple(
            re.compile("(?:" + "|".join(re.escape(p) for p in sorted(group, key=len, reverse=True)) + ")" + after)
            for group in _groups(sorted(lowered)))

    def finditer(self, text: str, lowered: str | None = None) -> Iterator[re.Match[str]]:
        """`pattern.finditer(text)`; `lowered` is `lower_each(text)` if the caller has it."""
        if lowered is None:
            lowered = lower_each(text) if self._usable else ""
        if not self._usable or len(lowered) != len(text):
            yield from self.pattern.finditer(text)
            return
        places: set[int] = set()
        for scan in self._scans:
            m = scan.search(lowered)
            while m:
                places.add(m.start())
                m = scan.search(lowered, m.start() + 1)   # overlapping places too
        end = 0
        match = self.pattern.match
        for at in sorted(places):
            if at < end:
                continue
            m = match(text, at)
            if m:
                yield m
                end = m.end()


# `lower_each` lower-cases the characters below this (Latin, Vietnamese, Greek, Cyrillic):
# a phrase is written in them, and a place the pattern matches holds only a phrase's
# characters, so it reads as the phrase's lower case whatever the rest of the text becomes.
_LOWER_SIZE = 0x2000


@lru_cache(maxsize=1)
def _lower_units() -> bytes:
    return unit_table("".join(low if len(low := ch.lower()) == 1 else ch for ch in map(chr, range(_LOWER_SIZE))))


def lower_each(text: str) -> str:
    """The text with each character below `_LOWER_SIZE` lower-cased alone, one for one (one
    whose lower case is longer is kept): the same length, in one pass of C (str.lower looks
    each non-ASCII character up, ~3 ns a character)."""
    return _scan.translate(text, _lower_units())


def _groups(phrases: list[str]) -> list[list[str]]:
    """Phrases grouped by their first letters, each group's shared start as long as
    `_SHARED` unless a phrase ends sooner (a longer shared start: a faster literal search)."""
    out: list[list[str]] = []

    def visit(group: list[str]) -> None:
        shared = os.path.commonprefix(group)
        if len(shared) >= _SHARED or shared in group or len(group) == 1:
            out.append(group)
            return
        by_next: dict[str, list[str]] = {}
        for p in group:
            by_next.setdefault(p[len(shared)], []).append(p)
        for sub in by_next.values():
            visit(sub)

    if phrases:
        visit(phrases)
    return out

"""Step 4 of the working copy: symbols repaired ("907- QĐ/TU" → "907-QĐ/TU", "217-QD/TW" →
"217-QĐ/TW"), and where in a text a symbol can need that.

A symbol body (`SYMBOL_BODY`) needs repair only when it holds a space beside a separator
or a code token of `code_repairs.tsv` after one. Both sit at a separator (- / &), a few
characters in a hundred, so `repair_candidates` finds those places first (`_sites`) and runs
the body pattern only on the stretch of text around each: the run of characters a body can
be made of, between two that it cannot (`_BARRIER`). No body match crosses a barrier, so
the matches found from a stretch's start are the ones a scan of the whole text finds there
(the scan from the start cost ~10 ns a character: it stops at every digit).
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

DATA = resources.files("cancu.nlp") / "data"     # package data (nlp/data/)

_LETTER = "A-Za-zÀ-ỹĐđ"
# Code tokens of a symbol: upper-case ASCII/Đ/Ư with at most one lower-case letter
# (QĐi, TTg, CTr, ThU), ending at a non-letter.
_CODE = rf"[A-ZĐƯ][A-ZĐƯ0-9]*(?:[a-zđ][A-ZĐƯ0-9]*)?(?![{_LETTER}])"
# (The look-behind sits after the first digit so the scan can skip to digits.)
SYMBOL_BODY = re.compile(
    rf"\d(?<![\w/]\d)\d*[a-zA-Z]?(?:/\d{{4}})?\s*[-/]\s*{_CODE}(?:\s*[-/]\s*{_CODE}|[ \t]?&[ \t]?{_CODE})*"
)
# Every character SYMBOL_BODY can match; any other is a barrier no match crosses.
_BODY_CHARS = r"\d\sA-Za-zĐđƯ/&\-"
_BARRIER = re.compile(rf"[^{_BODY_CHARS}]")
# The last barrier before the end of a search (its endpos).
_LAST_BARRIER = re.compile(rf"[^{_BODY_CHARS}](?=[{_BODY_CHARS}]*\Z)")
_SPACE = re.compile(r"\s+")
_BACK = 64    # first look-back for a stretch's start; grows ×4 until a barrier is found


@lru_cache(maxsize=1)
def code_repairs() -> dict[str, str]:
    with (DATA / "code_repairs.tsv").open(encoding="utf-8") as f:
        rows = csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t")
        return {r["written"]: r["repaired"] for r in rows}


def _tokens() -> str:
    return "|".join(re.escape(t) for t in sorted(code_repairs(), key=len, reverse=True))


@lru_cache(maxsize=1)
def _repairable() -> re.Pattern[str]:
    """A space, or a whole code token of code_repairs.tsv: what `repair_symbol` changes."""
    return re.compile(rf"\s|(?:^|(?<=[-/&]))(?:{_tokens()})(?=[-/&]|$)")


@lru_cache(maxsize=1)
def _sites() -> tuple[re.Pattern[str], ...] | None:
    """Where a body that `_repairable` finds something in holds a separator: a space after
    it before a code, a space before it, or a token after it. One pattern per separator:
    a pattern opening with one character is scanned for several times faster than one
    opening with a set of them. None when a token could open a body (it starts with a
    digit): then only a scan of the whole text finds them all."""
    if any(re.match(r"\d", t) for t in code_repairs()):
        return None
    return tuple(re.compile(rf"{re.escape(sep)}(?:\s+{_CODE}|(?<=\s[-/&])\s*{_CODE}|(?:{_tokens()}))")
                 for sep in "-/&")


def repair_symbol(m: re.Match[str]) -> str | None:
    """'907- QĐ/TU' → '907-QĐ/TU'; '217-QD/TW' → '217-QĐ/TW'; None: nothing to repair
    (most symbols: one search instead of a split and a join)."""
    if not _repairable().search(m.group(0)):
        return None
    symbol = _SPACE.sub("", m.group(0))
    repairs = code_repairs()
    tokens = re.split(r"([-/&])", symbol)
    return "".join(repairs.get(t, t) for t in tokens)


def repair_candidates(text: str) -> Iterator[re.Match[str]]:
    """The matches of SYMBOL_BODY in `text` that `repair_symbol` may change, among others,
    in order: each one the scan of the whole text finds, in every stretch that holds a site."""
    sites = _sites()
    if sites is None:
        yield from SYMBOL_BODY.finditer(text)
        return
    done = 0          # the stretches before this are scanned
    for at in sorted(m.start() for site in sites for m in site.finditer(text)):
        if at < done:
            continue
        start = _stretch_start(text, at)
        barrier = _BARRIER.search(text, at)
        end = barrier.start() if barrier else len(text)
        # Up to the barrier and the barrier itself: a code's look-ahead reads it.
        yield from SYMBOL_BODY.finditer(text, start, end + 1)
        done = end


def _stretch_start(text: str, at: int) -> int:
    """Just after the last barrier before `at` (0 when there is none)."""
    back = _BACK
    while True:
        lo = max(0, at - back)
        last = _LAST_BARRIER.search(text, lo, at)
        if last is not None:
            return last.end()
        if lo == 0:
            return 0
        back *= 4

"""Where a person finds a finding in its document: the line it is on and its words with
some text of that line around them (the audit page, its exports, the findings index of a
checkpoint: kg/store/findings_index.py)."""
from __future__ import annotations

CONTEXT = 40      # characters of text shown on each side of a finding's words


def finding_place(text: str, start: int, end: int | None) -> tuple[int, str]:
    """(line number from 1, quote) of the finding at [start, end) of `text` (`end` None: a
    point). The line: the breaks before it, plus one (counted in C; a list of every break's
    offset was 1.4 of the 3.8 s this took for every finding at 10k plans)."""
    return text.count("\n", 0, start) + 1, quote(text, start, end if end is not None else start)


def quote(text: str, start: int, end: int, around: int = CONTEXT) -> str:
    """The words at [start, end) with up to `around` characters of their line on each
    side, cut at a word, marked "…" where cut: what a person finds in the text."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    lo, hi = max(line_start, start - around), min(line_end, end + around)
    if lo > line_start:
        lo = text.find(" ", lo, start) + 1 or start
    if hi < line_end:
        cut = text.rfind(" ", end, hi)
        hi = cut if cut > 0 else end
    before = "…" if lo > line_start else ""
    after = "…" if hi < line_end else ""
    return before + " ".join(text[lo:hi].split()) + after

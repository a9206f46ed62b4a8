"""Two normalisation steps done over the whole text at once: runs found by one pass of C.

A working copy can have hundreds of thousands of whitespace runs and decomposed
letters. Found by a regex and rewritten match by match, they cost ~2 µs each plus a
scan of ~15 ns per character (0.8 s CPU for the 16 MB plan text of bench/extract.py);
here the runs of combining marks and of whitespace are found by nlp/text/_scan.c (string
offsets, whatever the str's width), and the per-run work is a few C-level steps. The
results, text and edits, are those of the match-by-match version (tests/test_normalize.py
compares them).

An edit is (orig_start, orig_end, new_start, new_end): text[orig_start:orig_end]
became new_text[new_start:new_end]. A step returns its edits as four arrays, one per field
(`Columns`), in place of a list of tuples (None): a map of many positions at once reads the
arrays, one read a position at a time makes lists of them (a tuple per edit costs more
than the step itself on the plan text); a step that made no edit returns [] and None.
"""
from __future__ import annotations

import unicodedata
from functools import partial

from cancu.nlp.text import _scan

Edit = tuple[int, int, int, int]
Columns = tuple  # four int64 numpy arrays: orig_start, orig_end, new_start, new_end

_MARKS_FROM, _MARKS_TO = 0x0300, 0x036F   # combining diacritical marks
_NFC = partial(unicodedata.normalize, "NFC")


def _np():
    import numpy   # loaded on the first long text only (the CLI starts without it)
    return numpy


def _rebuild(text: str, starts: list[int], ends: list[int], new: list[str]) -> str:
    """`text` with text[starts[i]:ends[i]] replaced by new[i] (spans sorted, apart)."""
    pieces = [""] * (2 * len(new) + 1)
    pieces[0::2] = [text[e:s] for e, s in zip([0] + ends, starts + [len(text)])]
    pieces[1::2] = new
    return "".join(pieces)


def collapse_whitespace(text: str) -> tuple[str, list[Edit] | None, Columns | None]:
    """Every run of two or more spaces, tabs and line breaks becomes one tab if it
    holds a tab (table cells stay apart), else one space. One pass of C
    (`_scan.whitespace_runs`: numpy's masks and index arrays cost ~6 ns a character)."""
    found = _scan.whitespace_runs(text)
    if found is None:
        return text, [], None
    collapsed, starts, ends, new_starts = found
    np = _np()
    starts, ends, new_starts = (np.frombuffer(b, dtype=np.int64) for b in (starts, ends, new_starts))
    return collapsed, None, (starts, ends, new_starts, new_starts + 1)


def compose_marks(text: str) -> tuple[str, list[Edit] | None, Columns | None]:
    """NFC of every character followed by a run of combining marks (U+0300–U+036F),
    recording one edit per cluster of base character and marks (the marks alone when
    they open the text), whether or not NFC changes it."""
    np = _np()
    starts, ends = (np.frombuffer(b, dtype=np.int64) for b in _scan.range_runs(text, _MARKS_FROM, _MARKS_TO))
    if not len(starts):
        return text, [], None
    # Runs are maximal, so the character before a run is never a mark: it is the base.
    starts = np.maximum(starts - 1, 0)
    starts_l, ends_l = starts.tolist(), ends.tolist()
    clusters = [text[s:e] for s, e in zip(starts_l, ends_l)]
    # A text decomposes the same few letters again and again (11 distinct clusters among
    # 38,736 in bench/extract.py's plan text): each is composed once.
    nfc_of = {c: _NFC(c) for c in set(clusters)}
    composed = list(map(nfc_of.__getitem__, clusters))
    grown = np.fromiter(map(len, composed), dtype=np.int64, count=len(composed)) - (ends - starts)
    new_starts = starts + np.concatenate(([0], np.cumsum(grown)[:-1]))
    new_ends = new_starts + (ends - starts) + grown
    columns = tuple(c.astype(np.int64) for c in (starts, ends, new_starts, new_ends))
    return _rebuild(text, starts_l, ends_l, composed), None, columns

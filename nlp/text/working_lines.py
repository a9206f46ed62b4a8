"""The lines of a stretch of a text, each as `normalize` gives that line alone, read out of
the text's working copy instead of normalising them again.

Header fields are read line by line (nlp/document.py), from lines normalised one by one.
Every step of `normalize` reads within a line the same way the whole text's working copy
reads it, so a line is its span in the working copy, stripped, unless a step read across
a line break or the cut at the stretch's end:

- a symbol repaired across a line break ("907-\\nQĐ/TU" → "907-QĐ/TU") or a damaged word
  broken over two lines ("Nghi\\nđịnh"): the symbol-repair edits and the repairs are
  mapped to the original and none may cover a break (a symbol repaired across one holds
  the whitespace of the break, so it changed length and left an edit);
- a line opening with a combining mark (composed with the break before it);
- a stretch that does not open a line.

In those cases `working_lines` returns None and the caller normalises the lines itself. A
stretch cut inside a word (the look-aheads of the tone and symbol steps read past the cut)
has its last line normalised on its own.
Whitespace runs across a break become one space or tab, which the strip removes, as it
removes a line's own leading and trailing whitespace.
"""
from __future__ import annotations

import bisect
from itertools import accumulate
from operator import add

from cancu.nlp.text.normalize import SYMBOL_STEP, NormalizedText, normalize, repairs_always_change

# Where str.splitlines breaks a line.
_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_MARKS_FROM, _MARKS_TO = "\u0300", "\u036f"   # the combining marks NFC composes


def working_lines(norm: NormalizedText, start: int, end: int) -> list[str] | None:
    """Each line of `norm.original[start:end]`, normalised as that line alone and stripped
    (what `normalize(line).text.strip()` gives for every line of it), or None when a
    step read across a line break there (see the module's docstring)."""
    original = norm.original
    if not repairs_always_change():
        return None      # a repair that changes nothing leaves no trace of where it read
    if start and original[start - 1] not in _BREAKS:
        return None
    zone = original[start:end]
    # Each line's first position and the end of its text (before its break), in turn.
    lengths = list(map(len, zone.splitlines()))
    if not lengths:
        return []
    if "\r" in zone:     # "\r\n" is one break of two characters
        firsts = list(accumulate(map(len, zone.splitlines(keepends=True)), initial=start))
    else:
        firsts = list(accumulate(map((1).__add__, lengths), initial=start))
    del firsts[-1]
    bounds = [0] * (2 * len(firsts))
    bounds[0::2] = firsts
    bounds[1::2] = map(add, firsts, lengths)
    cut_line = None
    if end < len(original) and not (original[end - 1].isspace() or original[end].isspace()):
        # The cut splits a word, which the working copy reads whole: the last line is
        # normalised on its own.
        cut_line = normalize(original[bounds[-2]:end]).text.strip()
        end = bounds[-2]
        del bounds[-2:]
        if not bounds:
            return [cut_line]
    if norm.maps[0].moves and _opens_with_mark(original, bounds[0::2] + [end]):
        return None
    if _read_across(norm, start, end, bounds):
        return None
    for m in norm.maps:
        if m.moves:
            bounds = m.forward(bounds)
    text = norm.text
    at = iter(bounds)
    lines = [text[a:b].strip() for a, b in zip(at, at)]
    return lines if cut_line is None else lines + [cut_line]


def _opens_with_mark(original: str, positions: list[int]) -> bool:
    """Whether a combining mark stands at one of the positions (NFC composes it with the
    character before: a line break, or the last character before a cut)."""
    return any(p < len(original) and _MARKS_FROM <= original[p] <= _MARKS_TO for p in positions)


def _read_across(norm: NormalizedText, start: int, end: int, bounds: list[int]) -> bool:
    """Whether a repair or a symbol-repair edit covers a line break of the stretch, the
    break before it or its cut (original offsets)."""
    # The gaps between lines: [end of a line, start of the next).
    gaps = [(bounds[i], bounds[i + 1]) for i in range(1, len(bounds) - 1, 2)]
    if start:
        gaps.append((start - 1, start))
    gaps.append((bounds[-1], end))     # the last break, or the cut (empty: crossed only)
    items = [(r.start, r.end) for r in norm.repairs if r.start <= end and r.end >= start - 1]
    items += _symbol_repairs(norm, start, end)
    return any(x < hi and y > lo for x, y in items for lo, hi in gaps)


def _symbol_repairs(norm: NormalizedText, start: int, end: int) -> list[tuple[int, int]]:
    """The symbol-repair edits near [start, end), in original offsets."""
    steps = norm.maps[:SYMBOL_STEP]
    edits = norm.maps[SYMBOL_STEP]._edits
    if not edits:
        return []
    lo, hi = max(start - 1, 0), end + 1
    for m in steps:
        lo, hi = m.forward([lo, hi])
    out = []
    for e in edits[max(bisect.bisect_left(edits, (lo,)) - 1, 0):]:
        if e[0] > hi:
            break
        x, y = e[0], e[1]
        for m in reversed(steps):
            x, y = m.start(x), m.end(y)
        out.append((x, y))
    return out

"""The type words standing at word starts of a folded working copy, found fast.

The scan of the whole text (`scan_whole`) stops at every letter a type word opens with
(b, c, d, h, k, l, n, p, q, t, v: a third of a Vietnamese text, ~17 ns a character). A
type word that counts starts a word, so `scan_words` looks only after a space: it reads a
byte copy of the folded text, one byte a character (`skeleton`: letters and digits kept,
a space kept, any other character '#'), with a pattern that opens with a space (the
engine skips from space to space) and a second that opens with '#' (rare). Their
pattern is the type-word trie with '[ #]+' between words, so it matches wherever the
real pattern does (and at a few more places). A place whose hit holds a '#' is matched
again with the real pattern on the text; a hit of letters, digits and spaces alone is the
real pattern's match already. The matches taken are those of the whole scan, in its order.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple, TypeVar

# What a folded copy's word is made of: a type word inside a word ("...luat") is none.
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
# One byte a character: letters and digits, a space, anything else '#'.
_SKELETON = bytes(c if (97 <= c <= 122 or 48 <= c <= 57 or c == 32) else 35 for c in range(256))
_SEPARATORS = b" #"
_MARK = ord("#")

T = TypeVar("T")
# What the type word at [start, end) of the folded copy is taken as, or None: rejected
# ("hiện pháp" is not "hiến pháp").
Accept = Callable[[int, int], "T | None"]
# A type word taken: its span in the folded copy and what it is taken as.
Found = tuple[int, int, T]


class TypeWordScan(NamedTuple):
    pattern: re.Pattern[str]                  # a type word and its end, on the folded copy
    after_space: re.Pattern[bytes] | None     # the skeleton patterns; None: a type word
    after_mark: re.Pattern[bytes] | None      # is not ASCII once folded (whole scan only)


def skeleton(folded: str) -> bytes | None:
    """The byte copy `scan_words` reads, or None when one character is not one byte."""
    raw = folded.encode("ascii", "replace")       # one '?' for each other character
    return raw.translate(_SKELETON) if len(raw) == len(folded) else None


def scan_whole(f: str, pattern: re.Pattern[str], accept: Accept[T]) -> list[Found[T]]:
    """The reference scan: from the text's start, the next match at a word start; one that
    `accept` takes is kept with what it is taken as and the scan goes on after it, one it
    rejects lets the next match start inside it ("hiện pháp lệnh": not "hiến pháp", then
    "pháp lệnh")."""
    found = []
    pos = 0
    search = pattern.search
    while (m := search(f, pos)):
        start, end = m.span()
        if start and f[start - 1] in _WORD_CHARS:
            pos = start + 1
            continue
        taken = accept(start, end)
        if taken is not None:
            found.append((start, end, taken))
            pos = end
        else:
            pos = start + 1
    return found


def scan_words(f: str, scan: TypeWordScan, accept: Accept[T]) -> list[Found[T]]:
    """`scan_whole(f, scan.pattern, accept)`, trying the pattern only where the skeleton
    patterns match after a space or another character that is not a letter or digit.

    A hit made of letters, digits and spaces alone is the pattern's own match: the two
    patterns are one trie, and on such characters the skeleton's separator and lookahead
    accept what the pattern's do. Only a hit holding another character ('#') is matched
    again on the text (a match on the text was two fifths of the scan's time on plan text)."""
    b = skeleton(f) if scan.after_space is not None else None
    if b is None:
        return scan_whole(f, scan.pattern, accept)
    found: list[Found[T]] = []
    taken_to = 0      # where the last match taken ends: no type word counts inside it
    match = scan.pattern.match

    def take(start: int) -> None:
        nonlocal taken_to
        if start < taken_to:
            return
        m = match(f, start)
        if m is None:
            return
        end = m.end()
        taken = accept(start, end)
        if taken is not None:
            found.append((start, end, taken))
            taken_to = end

    take(0)
    hits = scan.after_space.finditer(b)
    if b.find(b"#") >= 0:
        hits = sorted((*hits, *scan.after_mark.finditer(b)), key=lambda h: h.start())
    find = b.find
    for hit in hits:
        at, end = hit.span()
        at += 1                       # after the space or mark the hit opens with
        if at >= taken_to:
            if find(_MARK, at, end) < 0:
                taken = accept(at, end)
                if taken is not None:
                    found.append((at, end, taken))
                    taken_to = end
            else:
                take(at)
        if taken_to < end:
            # Not taken whole: a type word may start after a space or mark inside this hit
            # ("hiện pháp lệnh" is one hit, "hien phap"; one pattern's hits do not overlap).
            # A place taken again gives what it gave: `accept` is the same each time.
            _take_inside(b, hit, take)
    return found


def _take_inside(b: bytes, hit: re.Match[bytes], take: Callable[[int], None]) -> None:
    """`take` each word start inside `hit` (after a space or a mark), in order."""
    for at in range(hit.start() + 1, hit.end()):
        if b[at] in _SEPARATORS:
            take(at + 1)


def type_word_scan(trie: Callable[[str], str]) -> TypeWordScan:
    """The scan of type words from `trie(space)`: the type-word alternation with `space`
    between the words of a phrase."""
    pattern = re.compile("(?P<tw>" + trie(r"\s+") + ")(?![a-z0-9])")
    words = trie("[ #]+")
    if not words.isascii():
        return TypeWordScan(pattern, None, None)
    body = words.encode("ascii")
    end = rb"(?![a-z0-9])"
    return TypeWordScan(pattern, re.compile(b" (?:" + body + b")" + end), re.compile(b"#(?:" + body + b")" + end))
